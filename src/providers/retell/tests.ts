// Retell test cases (retell-sdk tests.createBatchTest, getBatchTest, listTestRuns, listBatchTests): a batch
// runs test case definitions on the LLM or conversation flow version behind the agent version a step
// releases (read through get-agent?version=). One start makes one batch.
import { StateError } from '../../errors.ts';
import type { HttpClient } from '../../http/client.ts';
import { encodePath } from '../../http/url.ts';
import { array, integer, object, optional, string, unknown, boolean, withDefault } from '../shared/decode.ts';
import { at, compact, decodeAnswer } from '../shared/json.ts';
import { paginate } from '../shared/paginate.ts';
import type { TestCapability, TestOutcome, TestResult } from '../test-capability.ts';

/** The response engine tests target: `{type, llm_id | conversation_flow_id, version}`. */
type Engine = Readonly<Record<string, string | number>>;

const ENGINE_ID: Readonly<Record<string, string>> = {
  'retell-llm': 'llm_id',
  'conversation-flow': 'conversation_flow_id',
};

const AGENT_ENGINE = object({
  response_engine: object({
    type: string,
    version: integer,
    llm_id: optional(string),
    conversation_flow_id: optional(string),
  }),
});

const PAGE = <T>(item: (value: unknown, path: string) => T) =>
  object({ items: array(item), has_more: withDefault(boolean, false), pagination_key: optional(string) });

const BATCH_STARTED = object({ test_case_batch_job_id: string });
const BATCH_STATUS = object({ status: string });

const BATCH_PAGE = PAGE(object({ test_case_batch_job_id: string }));

const RUNS_PAGE = PAGE(
  object({
    test_case_definition_id: string,
    status: string,
    test_case_definition_snapshot: optional(unknown),
    result_explanation: optional(string),
  }),
);

async function engineOf(http: HttpClient, agentId: string, version: string): Promise<Engine> {
  const request = {
    method: 'GET',
    path: encodePath`/get-agent/${agentId}`,
    query: { version },
    idempotent: true,
  } as const;
  const response = await http.request(request);
  const engine = decodeAnswer(AGENT_ENGINE, response.json, { provider: 'Retell', request }).response_engine;
  const { type } = engine;
  const idField = ENGINE_ID[type];
  if (idField === undefined)
    throw new StateError(
      `Version ${version} of Retell agent ${agentId} answers with a ${type} response engine; Retell runs tests only on a Retell LLM or a conversation flow.`,
      'Remove tests for this agent, or test it in the Retell dashboard.',
    );
  const id = idField === 'llm_id' ? engine.llm_id : engine.conversation_flow_id;
  if (id === undefined)
    throw new StateError(
      `Version ${version} of Retell agent ${agentId} answers a ${type} response engine without its ${idField}.`,
      'Check the agent in the Retell dashboard, then re-run.',
    );
  return { type, [idField]: id, version: engine.version };
}

async function batchIds(http: HttpClient, engine: Engine): Promise<string[]> {
  const ids: string[] = [];
  const pages = paginate<string, string>('Retell batch tests', async (cursor) => {
    const request = {
      method: 'GET',
      path: '/v2/list-batch-tests',
      query: compact({ ...engine, pagination_key: cursor }),
      idempotent: true,
    } as const;
    const response = await http.request(request);
    const body = decodeAnswer(BATCH_PAGE, response.json, { provider: 'Retell', request });
    const items = body.items.map((item) => item.test_case_batch_job_id);
    return { items, more: body.has_more, next: body.pagination_key };
  });
  for await (const id of pages) ids.push(id);
  return ids;
}

const OUTCOMES: Readonly<Record<string, TestOutcome>> = {
  pending: 'pending',
  in_progress: 'pending',
  pass: 'passed',
  fail: 'failed',
  error: 'error',
};

async function testRuns(http: HttpClient, batchId: string): Promise<TestResult[]> {
  const results: TestResult[] = [];
  const pages = paginate<TestResult, string>('Retell test runs', async (cursor) => {
    const request = {
      method: 'GET',
      path: encodePath`/v2/list-test-runs/${batchId}`,
      query: compact({ pagination_key: cursor }),
      idempotent: true,
    } as const;
    const response = await http.request(request);
    const body = decodeAnswer(RUNS_PAGE, response.json, { provider: 'Retell', request });
    const items = body.items.map((run): TestResult => {
      const id = run.test_case_definition_id;
      const name = at(run.test_case_definition_snapshot, 'name');
      return compact({
        id,
        name: typeof name === 'string' ? name : id,
        outcome: OUTCOMES[run.status] ?? 'error',
        rationale: run.result_explanation,
      });
    });
    return { items, more: body.has_more, next: body.pagination_key };
  });
  for await (const result of pages) results.push(result);
  return results;
}

export const retellTests: TestCapability = {
  attached: false,

  async prepare({ http, target }, plan, tests) {
    const version = plan.release?.number;
    if (version === undefined || tests === 'attached')
      throw new StateError(
        `Retell agent ${target.agentId}: the plan names no version to test.`,
        'Set version to the version to release, then re-run.',
      );
    const engine = await engineOf(http, target.agentId, version);
    const runsBefore = await batchIds(http, engine);
    const engineId = String(engine.llm_id ?? engine.conversation_flow_id);
    return {
      candidate: `version ${version} (${String(engine.type)} ${engineId} version ${String(engine.version)})`,
      count: tests.length,
      runsBefore,
      start: {
        method: 'POST',
        path: '/create-batch-test',
        body: { test_case_definition_ids: [...tests], response_engine: engine },
        idempotent: false,
      },
    };
  },

  async start({ http }, run) {
    const response = await http.request(run.start);
    return decodeAnswer(BATCH_STARTED, response.json, { provider: 'Retell', request: run.start })
      .test_case_batch_job_id;
  },

  async startedSince({ http }, run) {
    // Our own request body: the engine this step asked the batch to test.
    const engine = at(run.start.body, 'response_engine') as Engine;
    const before = new Set(run.runsBefore);
    return (await batchIds(http, engine)).filter((id) => !before.has(id));
  },

  async read({ http }, runId) {
    const request = { method: 'GET', path: encodePath`/get-batch-test/${runId}`, idempotent: true } as const;
    const batch = await http.request(request);
    const complete =
      decodeAnswer(BATCH_STATUS, batch.json, { provider: 'Retell', request }).status === 'complete';
    const results = await testRuns(http, runId);
    return { finished: complete && results.every((result) => result.outcome !== 'pending'), results };
  },
};
