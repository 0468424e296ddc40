// ElevenLabs agent tests (@elevenlabs/elevenlabs-js conversationalAi.agents.runTests, tests.invocations.get
// and .list): the tests run on the branch a publish commits, with its pending changes; `attached` reads the
// tests attached to the agent (platform_settings.testing.attached_tests). One start makes one invocation.
import { StateError } from '../../errors.ts';
import type { HttpClient } from '../../http/client.ts';
import { encodePath } from '../../http/url.ts';
import {
  asArray,
  asRecord,
  at,
  compact,
  optionalString,
  stringField,
  type JsonRecord,
} from '../shared/json.ts';
import type { TestCapability, TestOutcome, TestResult } from '../test-capability.ts';
import { BRANCH } from './routing.ts';
import { findBranch, snapshot } from './state.ts';

/** The tests attached to the agent, as the branch sees them. */
async function attachedTests(http: HttpClient, agentId: string, branchId: string): Promise<string[]> {
  const response = await http.request({
    method: 'GET',
    path: encodePath`/v1/convai/agents/${agentId}`,
    query: { branch_id: branchId },
    idempotent: true,
  });
  const attached = at(response.json, 'platform_settings', 'testing', 'attached_tests');
  const ids = (attached === undefined || attached === null ? [] : asArray(attached, 'attached_tests')).map(
    (item) => stringField(asRecord(item, 'attached_tests[]'), 'test_id', 'attached_tests[]'),
  );
  if (ids.length > 0) return ids;
  throw new StateError(
    `ElevenLabs agent ${agentId} has no tests attached, so tests: attached has nothing to run.`,
    'Attach tests to the agent in the ElevenLabs app (Agent → Tests), or list the test ids in tests.',
  );
}

/** The invocations of the agent's branch on the first page, newest first: enough to find one just started. */
async function invocationIds(http: HttpClient, agentId: string, branchId: string): Promise<string[]> {
  const response = await http.request({
    method: 'GET',
    path: '/v1/convai/test-invocations',
    query: { agent_id: agentId, branch_id: branchId, page_size: 100 },
    idempotent: true,
  });
  const results = asArray(asRecord(response.json, 'response').results, 'response.results');
  return results.map((item) => stringField(asRecord(item, 'response.results[]'), 'id', 'response.results[]'));
}

const OUTCOMES: Readonly<Record<string, TestOutcome>> = {
  pending: 'pending',
  passed: 'passed',
  failed: 'failed',
  cancelled: 'cancelled',
};

function resultOf(run: JsonRecord, cancelled: boolean): TestResult {
  const id = stringField(run, 'test_id', 'test_runs[]');
  const status = stringField(run, 'status', 'test_runs[]');
  // A run the judge could not evaluate ("unknown") is not a verdict on the agent.
  const judged = at(run, 'condition_result', 'result') !== 'unknown';
  const outcome = OUTCOMES[status] ?? 'error';
  const summary = at(run, 'condition_result', 'rationale', 'summary');
  const messages = at(run, 'condition_result', 'rationale', 'messages');
  const rationale =
    typeof summary === 'string'
      ? summary
      : Array.isArray(messages)
        ? messages.filter((m) => typeof m === 'string').join('; ')
        : undefined;
  return compact({
    id,
    name: optionalString(run, 'test_name') ?? id,
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
    const [ids, runsBefore] = await Promise.all([
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
    return stringField(asRecord(response.json, 'response'), 'id', 'response');
  },

  async startedSince({ http, target }, run) {
    const branchId = String(at(run.start.body, 'branch_id'));
    const before = new Set(run.runsBefore);
    return (await invocationIds(http, target.agentId, branchId)).filter((id) => !before.has(id));
  },

  async read({ http }, runId) {
    const response = await http.request({
      method: 'GET',
      path: encodePath`/v1/convai/test-invocations/${runId}`,
      idempotent: true,
    });
    const invocation = asRecord(response.json, 'response');
    const cancelled = invocation.cancelled === true;
    const results = asArray(invocation.test_runs, 'response.test_runs').map((run) =>
      resultOf(asRecord(run, 'response.test_runs[]'), cancelled),
    );
    return { finished: results.every((result) => result.outcome !== 'pending'), results };
  },
};
