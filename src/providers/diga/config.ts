// Diga: a version's configuration for the release diff. GET /v1/agent/{id}?is_published=true is the
// live version, ?version_id= any other; both return the version's whole configuration (prompt,
// greeting, voice, knowledge_base_ids, call_tools, integrations…).
import type { HttpClient } from '../../http/client.ts';
import { encodePath } from '../../http/url.ts';
import { record } from '../shared/decode.ts';
import { decodeAnswer } from '../shared/json.ts';
import type { ConfigCapability, ConfigSide, VersionRef } from '../types.ts';
import { allSettled } from '../../settle.ts';

/** Fields that tell which version it is, not what callers hear. */
const VOLATILE = new Set([
  'agent_id',
  'version_id',
  'version_number',
  'version_name',
  'is_draft',
  'is_published',
  'modified_at',
  'version_created_at',
  'created_at',
  'updated_at',
]);

async function readVersion(
  http: HttpClient,
  agentId: string,
  query: Record<string, string | boolean>,
  label: string,
): Promise<ConfigSide> {
  const request = { method: 'GET', path: encodePath`/v1/agent/${agentId}`, query, idempotent: true } as const;
  const response = await http.request(request);
  const body = decodeAnswer(record, response.json, { provider: 'Diga', request });
  return { label, config: Object.fromEntries(Object.entries(body).filter(([key]) => !VOLATILE.has(key))) };
}

function versionLabel(version: VersionRef): string {
  return version.number === undefined ? `version ${version.id ?? ''}` : `v${version.number}`;
}

export const digaConfigs: ConfigCapability = {
  sides: 'both',
  async read({ http, target }, plan) {
    const release = plan.next ?? plan.release;
    // Both sides at once; the candidate's log lines wait for the live side's, so the log keeps one order.
    const held = http.heldLog();
    const [live, candidate] = await allSettled<[ConfigSide, ConfigSide]>([
      plan.live === undefined
        ? Promise.resolve({ label: 'nothing live', config: {} })
        : readVersion(http, target.agentId, { is_published: true }, versionLabel(plan.live)),
      release?.id === undefined
        ? Promise.resolve({ label: 'the release', unreadable: 'no version id to read' })
        : readVersion(held.http, target.agentId, { version_id: release.id }, versionLabel(release)),
    ]).finally(held.release);
    return { live, candidate };
  },
};
