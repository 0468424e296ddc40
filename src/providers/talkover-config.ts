// Talkover keeps one configuration: what a publish releases is what GET /api/v1/agents/{id} shows now, and
// the version live before it cannot be read. The release diff compares its fingerprint with the last release's.
import { encodePath } from '../http/url.ts';
import { asRecord } from './shared/json.ts';
import type { ConfigCapability } from './types.ts';

/** Fields that tell the agent's state, not what callers hear. */
const VOLATILE = new Set(['current_status', 'is_ready_to_publish', 'updated_at', 'created_at']);

export const talkoverConfigs: ConfigCapability = {
  sides: 'current',
  limitation:
    'Talkover keeps one configuration per agent, so the live one cannot be read next to the one being published',
  async read({ http, target }) {
    const response = await http.request({
      method: 'GET',
      path: encodePath`/api/v1/agents/${target.agentId}`,
      idempotent: true,
    });
    const data = asRecord(asRecord(response.json, 'response').data, 'response.data');
    const config = Object.fromEntries(Object.entries(data).filter(([key]) => !VOLATILE.has(key)));
    return { label: 'the configuration being published', config };
  },
};
