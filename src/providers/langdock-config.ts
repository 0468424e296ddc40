// Langdock: the draft a publish releases cannot be read through the API; GET /agent/v1/get shows the
// active (published) version only. The release diff says so, and fingerprints the published configuration.
import { asRecord } from './shared/json.ts';
import type { ConfigCapability } from './types.ts';

export const langdockConfigs: ConfigCapability = {
  sides: 'current',
  limitation:
    "Langdock's draft cannot be read through its API, so what this publish changes cannot be shown; the fingerprint is of the published configuration",
  async read({ http, target }) {
    const response = await http.request({
      method: 'GET',
      path: '/agent/v1/get',
      query: { agentId: target.agentId },
      idempotent: true,
    });
    const agent = asRecord(asRecord(response.json, 'response').agent, 'response.agent');
    return { label: 'the published configuration', config: agent };
  },
};
