// Langdock: publishing freezes the current draft as a new numbered version; 409 means no draft changes.
import { StateError } from '../errors.ts';
import type { HttpClient } from '../http/client.ts';
import { asRecord, at, compact, optionalString, stringAt, stringField } from './json.ts';
import { uuidRule } from './rules.ts';
import type { ProviderAdapter } from './types.ts';

const NOTHING_TO_PUBLISH = 409;

async function readAgent(http: HttpClient, agentId: string) {
  const response = await http.request({
    method: 'GET',
    path: '/agent/v1/get',
    query: { agentId },
    idempotent: true,
  });
  const agent = asRecord(asRecord(response.json, 'response').agent, 'response.agent');
  return {
    id: stringField(agent, 'id', 'response.agent').toLowerCase(),
    name: optionalString(agent, 'name'),
  };
}

export const langdock: ProviderAdapter = {
  name: 'langdock',
  displayName: 'Langdock',
  defaultBaseUrl: 'https://api.langdock.com',
  apiKeyEnv: 'LANGDOCK_API_KEY',
  keyHelp:
    'Langdock → Workspace settings → API (a key with the AGENT_API scope; the agent must be shared with it)',
  // 429 is listed on publish with no number (the 500 requests/min figure is for completions): a modest 4.
  maxConcurrency: 4,
  agentId: uuidRule,
  description: { maxLength: 100 },
  operations: ['publish'],
  noRollback: "Langdock's API keeps no earlier versions to go back to",
  extraInputs: [],
  hints: {
    403: 'The Langdock key cannot publish this agent: it needs the AGENT_API scope, owner or editor access to the agent, and the same workspace (projects cannot be published).',
    404: 'Check agent-id: Langdock has no such agent shared with this key (share the agent with the API key in Langdock).',
  },

  async plan({ target, http }) {
    // Langdock shows neither the draft of a published agent nor a version list: only existence and access.
    const agent = await readAgent(http, target.agentId);
    return compact({
      agentName: agent.name,
      reason: 'publish the current draft as a new version',
      write: {
        method: 'POST',
        path: '/agent/v1/publish',
        body: compact({ agentId: target.agentId, description: target.description || undefined }),
        idempotent: false,
        acceptStatus: [NOTHING_TO_PUBLISH],
      },
    });
  },

  async apply({ http, log }, plan) {
    const response = await http.request(plan.write);
    if (response.status === NOTHING_TO_PUBLISH) {
      return {
        response: response.json,
        unchangedReason: 'the draft has no changes since the latest version',
      };
    }
    const number = at(response.json, 'version', 'version');
    if (typeof number !== 'number')
      log.warning('Langdock published the agent but did not say which version number it got.');
    return compact({
      live: compact({
        number: typeof number === 'number' ? String(number) : undefined,
        id: stringAt(response.json, 'version', 'id'),
      }),
      response: response.json,
      publishedAt: stringAt(response.json, 'version', 'createdAt'),
    });
  },

  async verify({ target, http }) {
    const agent = await readAgent(http, target.agentId);
    if (agent.id !== target.agentId) {
      throw new StateError(
        `After publishing, Langdock returned agent ${agent.id} for ${target.agentId}.`,
        'Check base-url points at the right Langdock deployment, then re-run.',
      );
    }
    return compact({ agentName: agent.name });
  },
};
