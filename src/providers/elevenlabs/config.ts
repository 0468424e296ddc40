// ElevenLabs: a version's configuration for the release diff (agents.get with versionId or branchId):
// `conversation_config` holds the first message, the prompt, the LLM, the tools, the knowledge base and
// the voice. A committed version is read exactly by its id. A branch's pending draft has none: what the
// branch read answers for it is undocumented, so it is compared with the branch's last commit, and a
// draft read that equals the commit is reported as unreadable rather than as "nothing changes". The
// reads run at once, each version read once (the live version is often the branch's last commit).
import type { HttpClient } from '../../http/client.ts';
import { encodePath } from '../../http/url.ts';
import { record } from '../shared/decode.ts';
import { decodeAnswer } from '../shared/json.ts';
import type { Commit, PlanState } from './state.ts';
import type { ConfigCapability, ConfigSide, VersionRef } from '../types.ts';
import { canonical } from '../../diff/compute.ts';
import { allSettled } from '../../settle.ts';

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

/** A version's configuration by its id. */
type VersionConfigs = (versionId: string) => Promise<unknown>;

/** Each version's configuration read once per diff: the live version is often the branch's last commit. */
function versionConfigs(http: HttpClient, agentId: string): VersionConfigs {
  const reads = new Map<string, Promise<unknown>>();
  return (versionId) => {
    const read = reads.get(versionId) ?? readConfig(http, agentId, { version_id: versionId });
    reads.set(versionId, read);
    return read;
  };
}

async function committed(configs: VersionConfigs, version: VersionRef | undefined): Promise<ConfigSide> {
  const id = version?.number ?? version?.id;
  if (id === undefined) return { label: 'nothing live', config: {} };
  return { label: `version ${id}`, config: await configs(id) };
}

/**
 * A branch's pending draft, as the branch read answers it; unreadable where that is its last commit
 * (the tip the plan read).
 */
async function pendingDraft(
  http: HttpClient,
  agentId: string,
  commit: Commit,
  configs: VersionConfigs,
): Promise<ConfigSide> {
  const label = `the pending draft of branch ${commit.branch.id}`;
  const tip = commit.tipBefore;
  const [draft, last] = await allSettled([
    readConfig(http, agentId, { branch_id: commit.branch.id }),
    tip === undefined ? Promise.resolve(undefined) : configs(tip.id),
  ]);
  if (tip === undefined || JSON.stringify(canonical(last)) !== JSON.stringify(canonical(draft)))
    return { label, config: draft };
  return {
    label,
    unreadable: `ElevenLabs answers the branch with its last commit (${tip.id}), not with the pending changes; they can be compared once committed`,
  };
}

export const elevenLabsConfigs: ConfigCapability<PlanState> = {
  sides: 'both',
  async read({ http, target }, plan) {
    const configs = versionConfigs(http, target.agentId);
    // A plan that commits a branch releases its pending draft: the branch stands for it.
    const commit = plan.state?.commit;
    // Both sides at once; the candidate's log lines wait for the live side's, so the log keeps one order.
    const held = http.heldLog();
    const [live, candidate] = await allSettled([
      committed(configs, plan.live),
      commit === undefined
        ? committed(configs, plan.release)
        : pendingDraft(held.http, target.agentId, commit, configs),
    ]).finally(held.release);
    return { live, candidate };
  },
};
