// Langdock: publishing freezes the current draft as a new numbered version; 409 means no draft changes.
import { ProviderStatusError, StateError } from '../../errors.ts';
import { langdockConfigs } from './config.ts';
import type { HttpClient } from '../../http/client.ts';
import { object, optional, string } from '../shared/decode.ts';
import { at, compact, decodeAnswer, stringAt } from '../shared/json.ts';
import { uuidRule } from '../shared/rules.ts';
import type { ProviderAdapter } from '../types.ts';

const NOTHING_TO_PUBLISH = 409;
const DEFAULT_BASE_URL = 'https://api.langdock.com';
const NOT_FOUND_HINT =
  'Check agent-id: Langdock has no such agent shared with this key (share the agent with the API key in Langdock).';

/**
 * A 404 from a dedicated deployment whose base-url lacks /api/public is most likely the address, not
 * the agent: the docs say to use <deployment-url>/api/public.
 */
function explainNotFound(error: unknown, baseUrl: string): unknown {
  const custom = baseUrl !== DEFAULT_BASE_URL && !/\/api\/public$/.test(baseUrl);
  if (!(error instanceof ProviderStatusError) || error.status !== 404 || !custom) return error;
  return new StateError(
    `${error.message} (base-url ${baseUrl} does not end in /api/public)`,
    `Set base-url to your deployment's API address, <deployment-url>/api/public (e.g. ${baseUrl}/api/public); if it is right, ${NOT_FOUND_HINT.charAt(0).toLowerCase()}${NOT_FOUND_HINT.slice(1)}`,
  );
}

// The documented example of this answer has no `id` (the TypeScript shape on the same page lists it):
// an answer without one is read as the agent asked for, one with another id is still refused in verify.
const AGENT_ANSWER = object({ agent: object({ id: optional(string), name: optional(string) }) });

async function readAgent(http: HttpClient, agentId: string) {
  const request = { method: 'GET', path: '/agent/v1/get', query: { agentId }, idempotent: true } as const;
  const response = await http.request(request);
  const { agent } = decodeAnswer(AGENT_ANSWER, response.json, { provider: 'Langdock', request });
  return { id: agent.id?.toLowerCase() ?? agentId, name: agent.name };
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
  configs: langdockConfigs,
  noRollback: "Langdock's API keeps no earlier versions to go back to",
  extraInputs: [],
  hints: {
    403: 'The Langdock key cannot publish this agent: it needs the AGENT_API scope, owner or editor access to the agent, and the same workspace (projects cannot be published).',
    // Whether an unknown agent answers 404 or 400 is not documented.
    400: 'Check agent-id (and description, at most 100 characters): Langdock refused the request; an agent that does not exist or is not shared with this key may be answered this way too.',
    404: NOT_FOUND_HINT,
  },

  async plan({ target, http }) {
    // Langdock shows neither the draft of a published agent nor a version list: only existence and access.
    const agent = await readAgent(http, target.agentId).catch((error: unknown) => {
      throw explainNotFound(error, http.baseUrl);
    });
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
