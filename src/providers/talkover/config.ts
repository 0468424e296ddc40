// Talkover keeps one configuration: what a publish releases is what GET /api/v1/agents/{id} shows now, and
// the version live before it cannot be read. The release diff compares its fingerprint with the last release's.
import { encodePath } from '../../http/url.ts';
import { currentConfig } from '../shared/current-config.ts';

export const talkoverConfigs = currentConfig({
  provider: 'Talkover',
  limitation:
    'Talkover keeps one configuration per agent, so the live one cannot be read next to the one being published',
  label: 'the configuration being published',
  request: (target) => ({
    method: 'GET',
    path: encodePath`/api/v1/agents/${target.agentId}`,
    idempotent: true,
  }),
  field: 'data',
  // Fields that tell the agent's state, not what callers hear.
  volatile: new Set(['current_status', 'is_ready_to_publish', 'updated_at', 'created_at']),
});
