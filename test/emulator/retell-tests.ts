// Retell test cases: create-batch-test runs test case definitions on a response engine version; the batch
// is read (each read counts towards a pending test's polls) and its runs listed; batches are listed by
// response engine.

import { isPlainObject, json } from './http.ts';
import type { Reply, Route, RouteContext } from './http.ts';
import { outcomeNow, scriptedTests, type ScriptedRun, type ScriptedTest } from './platform-tests.ts';
import type { RetellState } from './retell.ts';

export interface RetellBatch extends ScriptedRun {
  engine: { type: string; llm_id?: string; conversation_flow_id?: string; version?: number | null };
}

export interface RetellTesting {
  /** Test case definitions. */
  tests: Map<string, ScriptedTest>;
  /** Oldest first. */
  batches: RetellBatch[];
}

type Context = RouteContext<RetellState>;

const error = (status: number, message: string): Reply => json(status, { status: 'error', message });

function createBatch({ state, request }: Context): Reply {
  const body = request.json;
  const ids = isPlainObject(body) ? body.test_case_definition_ids : undefined;
  const engine = isPlainObject(body) ? body.response_engine : undefined;
  if (
    !Array.isArray(ids) ||
    ids.length === 0 ||
    ids.some((id) => typeof id !== 'string') ||
    !isPlainObject(engine)
  )
    return error(400, 'Invalid request format, please check API reference.');
  const llms = new Set([...state.agents.values()].map((agent) => agent.llm_id));
  if (engine.type !== 'retell-llm' || typeof engine.llm_id !== 'string' || !llms.has(engine.llm_id))
    return error(404, 'The requested resource was not found.');
  const unknown = (ids as string[]).find((id) => !state.testing.tests.has(id));
  if (unknown !== undefined) return error(404, `Test case definition ${unknown} was not found.`);
  const batch: RetellBatch = {
    id: `tcbj_${String(state.testing.batches.length + 1).padStart(4, '0')}`,
    testIds: ids as string[],
    polls: 0,
    createdAtSecs: Math.floor(Date.now() / 1000),
    engine: {
      type: engine.type,
      llm_id: engine.llm_id,
      version: typeof engine.version === 'number' ? engine.version : null,
    },
  };
  state.testing.batches.push(batch);
  return json(201, batchView(state, batch));
}

function outcomes(state: RetellState, batch: RetellBatch) {
  return batch.testIds.map((id) => ({
    id,
    test: state.testing.tests.get(id),
    now: outcomeNow(state.testing.tests.get(id), batch),
  }));
}

function batchView(state: RetellState, batch: RetellBatch) {
  const runs = outcomes(state, batch);
  const count = (outcome: string) => runs.filter((run) => run.now === outcome).length;
  return {
    test_case_batch_job_id: batch.id,
    status: count('pending') > 0 ? 'in_progress' : 'complete',
    pass_count: count('pass'),
    fail_count: count('fail'),
    error_count: count('error'),
    total_count: runs.length,
    response_engine: batch.engine,
    creation_timestamp: batch.createdAtSecs * 1000,
    user_modified_timestamp: batch.createdAtSecs * 1000,
  };
}

function findBatch(state: RetellState, id: string | undefined): RetellBatch | undefined {
  return state.testing.batches.find((batch) => batch.id === id);
}

function getBatch({ state, params }: Context): Reply {
  const batch = findBatch(state, params.test_case_batch_job_id);
  if (!batch) return error(404, 'The requested resource was not found.');
  batch.polls += 1;
  return json(200, batchView(state, batch));
}

const STATUS = { pass: 'pass', fail: 'fail', error: 'error', pending: 'in_progress' } as const;

function listRuns({ state, params }: Context): Reply {
  const batch = findBatch(state, params.test_case_batch_job_id);
  if (!batch) return error(404, 'The requested resource was not found.');
  const items = outcomes(state, batch).map(({ id, test, now }, index) => ({
    test_case_job_id: `tcj_${batch.id.slice(5)}_${index}`,
    test_case_definition_id: id,
    status: STATUS[now],
    result_explanation: now === 'pending' ? null : (test?.rationale ?? null),
    creation_timestamp: batch.createdAtSecs * 1000,
    user_modified_timestamp: batch.createdAtSecs * 1000,
    test_case_definition_snapshot: { test_case_definition_id: id, name: test?.name ?? id },
  }));
  return json(200, { items, has_more: false });
}

function listBatches({ state, query }: Context): Reply {
  if (query.type !== 'retell-llm' && query.type !== 'conversation-flow')
    return error(400, 'Invalid request format, please check API reference.');
  const items = state.testing.batches
    .filter(
      (batch) =>
        batch.engine.type === query.type &&
        (query.llm_id === undefined || batch.engine.llm_id === query.llm_id) &&
        (query.version === undefined || String(batch.engine.version) === query.version),
    )
    .map((batch) => batchView(state, batch));
  return json(200, { items, has_more: false });
}

export const retellTestRoutes: readonly Route<RetellState>[] = [
  { method: 'POST', path: '/create-batch-test', handle: createBatch },
  { method: 'GET', path: '/get-batch-test/{test_case_batch_job_id}', handle: getBatch },
  { method: 'GET', path: '/v2/list-batch-tests', handle: listBatches },
  { method: 'GET', path: '/v2/list-test-runs/{test_case_batch_job_id}', handle: listRuns },
];

export function seedRetellTesting(): RetellTesting {
  return {
    tests: scriptedTests([
      {
        id: 'tcd_greeting',
        name: 'Greets the caller',
        outcome: 'pass',
        rationale: 'The agent greeted the caller.',
      },
      {
        id: 'tcd_transfer',
        name: 'Transfers to a human on request',
        outcome: 'pass',
        rationale: 'The agent transferred the call.',
      },
    ]),
    batches: [],
  };
}
