// Talkover: publishing is a state toggle on the agent (draft ↔ published); there are no versions.
import { StateError } from '../../errors.ts';
import { talkoverWhere } from './where.ts';
import { talkoverConfigs } from './config.ts';
import type { HttpClient } from '../../http/client.ts';
import { encodePath } from '../../http/url.ts';
import { boolean, object, optional, string } from '../shared/decode.ts';
import { compact, decodeAnswer, stringAt } from '../shared/json.ts';
import { safeIdRule } from '../shared/rules.ts';
import type { Operation, ProviderAdapter } from '../types.ts';

const NOT_READY_HINT =
  'Finish the agent in Talkover (knowledge, voice and calling settings) until it shows as ready to publish, then re-run.';

// Rollback is refused for Talkover at input time (noRollback); it would end published, like a publish.
const statusAfter: Record<Operation, string> = {
  publish: 'published',
  unpublish: 'draft',
  rollback: 'published',
};

const AGENT_ANSWER = object({
  data: object({ name: optional(string), current_status: string, is_ready_to_publish: boolean }),
});

async function readAgent(http: HttpClient, agentId: string) {
  const request = { method: 'GET', path: encodePath`/api/v1/agents/${agentId}`, idempotent: true } as const;
  const response = await http.request(request);
  const { data } = decodeAnswer(AGENT_ANSWER, response.json, { provider: 'Talkover', request });
  return { name: data.name, status: data.current_status, ready: data.is_ready_to_publish };
}

export const talkover: ProviderAdapter = {
  name: 'talkover',
  displayName: 'Talkover',
  defaultBaseUrl: 'https://app.talkover.ai',
  apiKeyEnv: 'TALKOVER_API_KEY',
  keyHelp: 'Talkover → Account → Environments: the token of the environment that holds the agent',
  // The only documented limit: 100 requests/min on the Standard plan. Two agents in flight (about 3
  // requests each) keep bursts small; a 429 is retried with backoff.
  maxConcurrency: 2,
  // The docs type the id as a string: every agent object shows a UUID, two guides show agent_123456.
  agentId: safeIdRule,
  operations: ['publish', 'unpublish'],
  configs: talkoverConfigs,
  where: talkoverWhere,
  noRollback: 'Talkover keeps no versions to go back to (operation: unpublish takes the agent offline)',
  extraInputs: [],
  hints: {
    401: 'Check the Talkover environment token: pass it as api-key or in TALKOVER_API_KEY; tokens belong to one environment.',
    404: 'Check agent-id: the agent is not in the environment this token belongs to (each Talkover environment has its own token).',
    422: NOT_READY_HINT,
  },
  // The docs give the API base as https://app.talkover.ai/api/v1; paths here carry /api/v1 themselves.
  normalizeBaseUrl: (baseUrl) => baseUrl.replace(/\/api\/v1$/, ''),

  async plan({ target, http }) {
    const agent = await readAgent(http, target.agentId);
    const wanted = statusAfter[target.operation];
    if (agent.status === wanted)
      return compact({ agentName: agent.name, reason: `the agent is already ${wanted}` });
    // Not refused here: the flag reads false after an unpublish (seed 001) although the agent may still
    // publish. Talkover decides, and its 422 says what is missing.
    const warnings =
      target.operation === 'publish' && !agent.ready
        ? [
            'Talkover shows is_ready_to_publish: false for this agent; the publish is sent anyway and Talkover answers 422 with what is missing if it is not ready.',
          ]
        : undefined;
    return compact({
      agentName: agent.name,
      warnings,
      reason: `${target.operation} the agent (now ${agent.status})`,
      write: {
        method: 'POST',
        path: encodePath`/api/v1/agents/${target.agentId}/${target.operation}`,
        idempotent: true,
      },
    });
  },

  async apply({ http }, plan) {
    const response = await http.request(plan.write);
    return compact({ response: response.json, publishedAt: stringAt(response.json, 'data', 'updated_at') });
  },

  async verify({ target, http }) {
    const agent = await readAgent(http, target.agentId);
    const wanted = statusAfter[target.operation];
    if (agent.status !== wanted) {
      throw new StateError(
        `After ${target.operation}, Talkover reports the agent as "${agent.status}" instead of "${wanted}".`,
        'Open the agent in Talkover to see its state (an edit made meanwhile puts it back to draft), then re-run.',
      );
    }
    return compact({ agentName: agent.name });
  },
};
