// Langdock: the draft a publish releases cannot be read through the API; GET /agent/v1/get shows the
// active (published) version only. The release diff says so, and fingerprints the published configuration.
import { currentConfig } from '../shared/current-config.ts';

export const langdockConfigs = currentConfig({
  provider: 'Langdock',
  limitation:
    "Langdock's draft cannot be read through its API, so what this publish changes cannot be shown; the fingerprint is of the published configuration",
  label: 'the published configuration',
  request: (target) => ({
    method: 'GET',
    path: '/agent/v1/get',
    query: { agentId: target.agentId },
    idempotent: true,
  }),
  field: 'agent',
});
