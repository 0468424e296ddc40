// ElevenLabs agent testing: run-tests starts a test invocation on a branch; the invocation is read (each
// read counts towards a pending test's polls) and listed, newest first. Tests are attached to an agent in
// platform_settings.testing.attached_tests.

import { validationFailed } from './fastapi.ts';
import { isPlainObject, json, parseInteger } from './http.ts';
import type { Reply, Route, RouteContext } from './http.ts';
import { outcomeNow, scriptedTests, type ScriptedRun, type ScriptedTest } from './platform-tests.ts';
import type { ElevenLabsState } from './elevenlabs.ts';

export interface ElevenLabsInvocation extends ScriptedRun {
  agentId: string;
  branchId: string;
}

export interface ElevenLabsTesting {
  tests: Map<string, ScriptedTest>;
  /** By agent id: the test ids attached to it. */
  attached: Map<string, string[]>;
  /** Oldest first. */
  invocations: ElevenLabsInvocation[];
}

type Context = RouteContext<ElevenLabsState>;

const notFound = (what: string): Reply =>
  json(404, { detail: { status: 'not_found', message: `${what} was not found.` } });

function runTests({ state, agentId, request }: Context): Reply {
  const agent = state.agents.get(agentId);
  if (!agent) return notFound(`Agent ${agentId}`);
  const body = request.json;
  const tests = isPlainObject(body) && Array.isArray(body.tests) ? body.tests : undefined;
  const testIds = tests?.map((item: unknown) => (isPlainObject(item) ? item.test_id : undefined));
  if (testIds === undefined || testIds.length === 0 || testIds.some((id) => typeof id !== 'string'))
    return validationFailed([
      { type: 'missing', loc: ['body', 'tests'], msg: 'Field required', input: body },
    ]);
  const unknown = (testIds as string[]).find((id) => !state.testing.tests.has(id));
  if (unknown !== undefined) return notFound(`Test ${unknown}`);
  const branchId =
    isPlainObject(body) && typeof body.branch_id === 'string' ? body.branch_id : agent.main_branch_id;
  if (!agent.branches.some((branch) => branch.id === branchId)) return notFound(`Branch ${branchId}`);
  state.clock += 1;
  const invocation: ElevenLabsInvocation = {
    id: `suiteinv_${String(state.testing.invocations.length + 1).padStart(4, '0')}`,
    agentId,
    branchId,
    testIds: testIds as string[],
    polls: 0,
    createdAtSecs: state.clock,
  };
  state.testing.invocations.push(invocation);
  return json(200, invocationView(state, invocation));
}

const STATUS = { pass: 'passed', fail: 'failed', error: 'failed', pending: 'pending' } as const;

function invocationView(state: ElevenLabsState, invocation: ElevenLabsInvocation) {
  return {
    id: invocation.id,
    agent_id: invocation.agentId,
    branch_id: invocation.branchId,
    created_at: invocation.createdAtSecs,
    test_runs: invocation.testIds.map((testId, index) => {
      const test = state.testing.tests.get(testId);
      const outcome = outcomeNow(test, invocation);
      return {
        test_run_id: `testrun_${invocation.id.slice(9)}_${index}`,
        test_invocation_id: invocation.id,
        agent_id: invocation.agentId,
        branch_id: invocation.branchId,
        status: STATUS[outcome],
        test_id: testId,
        test_name: test?.name ?? testId,
        ...(outcome === 'pending'
          ? {}
          : {
              condition_result: {
                result: outcome === 'pass' ? 'success' : outcome === 'fail' ? 'failure' : 'unknown',
                rationale: { messages: [], summary: test?.rationale ?? '' },
              },
            }),
      };
    }),
  };
}

function getInvocation({ state, params }: Context): Reply {
  const invocation = state.testing.invocations.find(
    (candidate) => candidate.id === params.test_invocation_id,
  );
  if (!invocation) return notFound(`Test invocation ${params.test_invocation_id ?? ''}`);
  invocation.polls += 1;
  return json(200, invocationView(state, invocation));
}

function listInvocations({ state, query }: Context): Reply {
  const pageSize = parseInteger(query.page_size ?? '30') ?? 30;
  const matching = state.testing.invocations
    .filter(
      (run) =>
        (query.agent_id === undefined || run.agentId === query.agent_id) &&
        (query.branch_id === undefined || run.branchId === query.branch_id),
    )
    .toReversed();
  const results = matching.slice(0, Math.min(pageSize, 100)).map((run) => {
    const runs = invocationView(state, run).test_runs;
    const count = (status: string) => runs.filter((item) => item.status === status).length;
    return {
      id: run.id,
      agent_id: run.agentId,
      branch_id: run.branchId,
      created_at_unix_secs: run.createdAtSecs,
      title: `${runs.length} tests`,
      test_run_count: runs.length,
      passed_count: count('passed'),
      failed_count: count('failed'),
      pending_count: count('pending'),
      cancelled_count: 0,
    };
  });
  return json(200, { results, has_more: matching.length > results.length });
}

export const elevenLabsTestRoutes: readonly Route<ElevenLabsState>[] = [
  { method: 'POST', path: '/v1/convai/agents/{agent_id}/run-tests', handle: runTests },
  { method: 'GET', path: '/v1/convai/test-invocations', handle: listInvocations },
  { method: 'GET', path: '/v1/convai/test-invocations/{test_invocation_id}', handle: getInvocation },
];

/** Three tests that pass; two of them attached to the agent with a draft. */
export function seedElevenLabsTesting(attachedTo: string): ElevenLabsTesting {
  return {
    tests: scriptedTests([
      {
        id: 'test_greeting',
        name: 'Greets the caller by name',
        outcome: 'pass',
        rationale: 'The agent greeted the caller by name.',
      },
      {
        id: 'test_refund',
        name: 'Explains the refund policy',
        outcome: 'pass',
        rationale: 'The agent stated the 30-day refund policy.',
      },
      {
        id: 'test_booking',
        name: 'Books a table',
        outcome: 'pass',
        rationale: 'The agent booked a table for four.',
      },
    ]),
    attached: new Map([[attachedTo, ['test_greeting', 'test_refund']]]),
    invocations: [],
  };
}

/** The agent's testing settings, as GET agent shows them. */
export function platformSettings(state: ElevenLabsState, agentId: string) {
  const attached = state.testing.attached.get(agentId) ?? [];
  return { testing: { attached_tests: attached.map((id) => ({ test_id: id })) } };
}
