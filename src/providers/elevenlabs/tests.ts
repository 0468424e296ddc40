// ElevenLabs agent tests (@elevenlabs/elevenlabs-js conversationalAi.agents.runTests, tests.invocations.get
// and .list): the tests run on the branch a publish commits, with its pending changes; `attached` reads the
// tests attached to the agent (platform_settings.testing.attached_tests). One start makes one invocation.
import { allSettled } from '../../settle.ts';
import { StateError } from '../../errors.ts';
import type { HttpClient } from '../../http/client.ts';
import { encodePath } from '../../http/url.ts';
import {
  array,
  boolean,
  object,
  optional,
  string,
  unknown,
  withDefault,
  type Decoded,
} from '../shared/decode.ts';
import { at, compact, decodeAnswer } from '../shared/json.ts';
import type { TestCapability, TestOutcome, TestResult } from '../test-capability.ts';
import { BRANCH } from './routing.ts';
import { findBranch, snapshot } from './state.ts';

const ATTACHED = object({
  platform_settings: optional(
    object({ testing: optional(object({ attached_tests: optional(array(object({ test_id: string }))) })) }),
  ),
});

const INVOCATIONS = object({ results: array(object({ id: string })) });

const TEST_RUN = object({
  test_id: string,
  status: string,
  test_name: optional(string),
  condition_result: optional(unknown),
});

const INVOCATION = object({
  id: optional(string),
  cancelled: withDefault(boolean, false),
  test_runs: array(TEST_RUN),
});

const STARTED = object({ id: string });

/** The tests attached to the agent, as the branch sees them. */
async function attachedTests(http: HttpClient, agentId: string, branchId: string): Promise<string[]> {
  const request = {
    method: 'GET',
    path: encodePath`/v1/convai/agents/${agentId}`,
    query: { branch_id: branchId },
    idempotent: true,
  } as const;
  const response = await http.request(request);
  const agent = decodeAnswer(ATTACHED, response.json, { provider: 'ElevenLabs', request });
  const ids = (agent.platform_settings?.testing?.attached_tests ?? []).map((item) => item.test_id);
  if (ids.length > 0) return ids;
  throw new StateError(
    `ElevenLabs agent ${agentId} has no tests attached, so tests: attached has nothing to run.`,
    'Attach tests to the agent in the ElevenLabs app (Agent → Tests), or list the test ids in tests.',
  );
}

/** The invocations of the agent's branch on the first page, newest first: enough to find one just started. */
async function invocationIds(http: HttpClient, agentId: string, branchId: string): Promise<string[]> {
  const request = {
    method: 'GET',
    path: '/v1/convai/test-invocations',
    query: { agent_id: agentId, branch_id: branchId, page_size: 100 },
    idempotent: true,
  } as const;
  const response = await http.request(request);
  return decodeAnswer(INVOCATIONS, response.json, { provider: 'ElevenLabs', request }).results.map(
    (item) => item.id,
  );
}

const OUTCOMES: Readonly<Record<string, TestOutcome>> = {
  pending: 'pending',
  passed: 'passed',
  failed: 'failed',
  cancelled: 'cancelled',
};

function resultOf(run: Decoded<typeof TEST_RUN>, cancelled: boolean): TestResult {
  const id = run.test_id;
  // A run the judge could not evaluate ("unknown") is not a verdict on the agent.
  const judged = at(run.condition_result, 'result') !== 'unknown';
  const outcome = OUTCOMES[run.status] ?? 'error';
  const summary = at(run.condition_result, 'rationale', 'summary');
  const messages = at(run.condition_result, 'rationale', 'messages');
  const rationale =
    typeof summary === 'string'
      ? summary
      : Array.isArray(messages)
        ? messages.filter((m) => typeof m === 'string').join('; ')
        : undefined;
  return compact({
    id,
    name: run.test_name ?? id,
    outcome:
      cancelled && outcome === 'pending' ? 'cancelled' : outcome === 'failed' && !judged ? 'error' : outcome,
    rationale: rationale === '' ? undefined : rationale,
  });
}

export const elevenLabsTests: TestCapability = {
  attached: true,

  async prepare({ http, target }, _plan, tests) {
    const agent = await snapshot(http, target.agentId);
    const branch = findBranch(agent, target.extras[BRANCH], target.agentId);
    const [ids, runsBefore] = await allSettled([
      tests === 'attached' ? attachedTests(http, target.agentId, branch.id) : Promise.resolve([...tests]),
      invocationIds(http, target.agentId, branch.id),
    ]);
    return {
      candidate: `branch ${branch.name}${branch.draft === true ? ' with its uncommitted changes' : ''}`,
      count: ids.length,
      runsBefore,
      start: {
        method: 'POST',
        path: encodePath`/v1/convai/agents/${target.agentId}/run-tests`,
        body: { tests: ids.map((id) => ({ test_id: id })), branch_id: branch.id },
        idempotent: false,
      },
    };
  },

  async start({ http }, run) {
    const response = await http.request(run.start);
    return decodeAnswer(STARTED, response.json, { provider: 'ElevenLabs', request: run.start }).id;
  },

  async startedSince({ http, target }, run) {
    const branchId = String(at(run.start.body, 'branch_id'));
    const before = new Set(run.runsBefore);
    return (await invocationIds(http, target.agentId, branchId)).filter((id) => !before.has(id));
  },

  async read({ http }, runId) {
    const request = {
      method: 'GET',
      path: encodePath`/v1/convai/test-invocations/${runId}`,
      idempotent: true,
    } as const;
    const response = await http.request(request);
    const invocation = decodeAnswer(INVOCATION, response.json, { provider: 'ElevenLabs', request });
    const results = invocation.test_runs.map((run) => resultOf(run, invocation.cancelled));
    return { finished: results.every((result) => result.outcome !== 'pending'), results };
  },
};
