// ElevenLabs: a version's configuration for the release diff (agents.get with versionId or branchId):
// `conversation_config` holds the first message, the prompt, the LLM, the tools, the knowledge base and
// the voice. A committed version is read exactly by its id. A branch's pending draft has none: what the
// branch read answers for it is undocumented, so it is compared with the branch's last commit, and a
// draft read that equals the commit is reported as unreadable rather than as "nothing changes".
import type { HttpClient } from '../../http/client.ts';
import { encodePath } from '../../http/url.ts';
import { record } from '../shared/decode.ts';
import { decodeAnswer } from '../shared/json.ts';
import { readTip } from './api.ts';
import { BRANCH_ID } from './state.ts';
import type { ConfigCapability, ConfigSide, VersionRef } from '../types.ts';
import { canonical } from '../../diff/compute.ts';

async function readConfig(
  http: HttpClient,
  agentId: string,
  query: Record<string, string>,
): Promise<unknown> {
  const request = {
    method: 'GET',
    path: encodePath`/v1/convai/agents/${agentId}`,
    query,
    idempotent: true,
  } as const;
  const response = await http.request(request);
  const body = decodeAnswer(record, response.json, { provider: 'ElevenLabs', request });
  return {
    conversation_config: body.conversation_config ?? {},
    platform_settings: body.platform_settings ?? {},
  };
}

async function committed(
  http: HttpClient,
  agentId: string,
  version: VersionRef | undefined,
): Promise<ConfigSide> {
  const id = version?.number ?? version?.id;
  if (id === undefined) return { label: 'nothing live', config: {} };
  return { label: `version ${id}`, config: await readConfig(http, agentId, { version_id: id }) };
}

/** A branch's pending draft, as the branch read answers it; unreadable where that is its last commit. */
async function pendingDraft(http: HttpClient, agentId: string, branchId: string): Promise<ConfigSide> {
  const label = `the pending draft of branch ${branchId}`;
  const draft = await readConfig(http, agentId, { branch_id: branchId });
  const tip = await readTip(http, agentId, branchId);
  if (tip === undefined) return { label, config: draft };
  const last = await readConfig(http, agentId, { version_id: tip.id });
  if (JSON.stringify(canonical(last)) !== JSON.stringify(canonical(draft))) return { label, config: draft };
  return {
    label,
    unreadable: `ElevenLabs answers the branch with its last commit (${tip.id}), not with the pending changes; they can be compared once committed`,
  };
}

export const elevenLabsConfigs: ConfigCapability = {
  sides: 'both',
  async read({ http, target }, plan) {
    const release = plan.release;
    const live = await committed(http, target.agentId, plan.live);
    const candidate =
      release?.id !== undefined && BRANCH_ID.test(release.id)
        ? await pendingDraft(http, target.agentId, release.id)
        : await committed(http, target.agentId, release);
    return { live, candidate };
  },
};
