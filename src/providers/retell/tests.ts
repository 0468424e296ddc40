// Retell test cases (retell-sdk tests.createBatchTest, getBatchTest, listTestRuns, listBatchTests): a batch
// runs test case definitions on the LLM or conversation flow version behind the agent version a step
// releases (read through get-agent?version=). One start makes one batch.
import { StateError } from '../../errors.ts';
import type { HttpClient } from '../../http/client.ts';
import { encodePath } from '../../http/url.ts';
import { asArray, asRecord, at, compact, integerField, optionalString, stringField } from '../shared/json.ts';
import { paginate } from '../shared/paginate.ts';
import type { TestCapability, TestOutcome, TestResult } from '../test-capability.ts';

/** The response engine tests target: `{type, llm_id | conversation_flow_id, version}`. */
type Engine = Readonly<Record<string, string | number>>;

const ENGINE_ID: Readonly<Record<string, string>> = {
  'retell-llm': 'llm_id',
  'conversation-flow': 'conversation_flow_id',
};

async function engineOf(http: HttpClient, agentId: string, version: string): Promise<Engine> {
  const response = await http.request({
    method: 'GET',
    path: encodePath`/get-agent/${agentId}`,
    query: { version },
    idempotent: true,
  });
  const engine = asRecord(asRecord(response.json, 'response').response_engine, 'response.response_engine');
  const type = stringField(engine, 'type', 'response.response_engine');
  const idField = ENGINE_ID[type];
  if (idField === undefined)
    throw new StateError(
      `Version ${version} of Retell agent ${agentId} answers with a ${type} response engine; Retell runs tests only on a Retell LLM or a conversation flow.`,
      'Remove tests for this agent, or test it in the Retell dashboard.',
    );
  const engineVersion = integerField(engine, 'version', 'response.response_engine');
  return {
    type,
    [idField]: stringField(engine, idField, 'response.response_engine'),
    version: engineVersion,
  };
}

async function batchIds(http: HttpClient, engine: Engine): Promise<string[]> {
  const ids: string[] = [];
  const pages = paginate<string, string>('Retell batch tests', async (cursor) => {
    const response = await http.request({
      method: 'GET',
      path: '/v2/list-batch-tests',
      query: compact({ ...engine, pagination_key: cursor }),
      idempotent: true,
    });
    const body = asRecord(response.json, 'response');
    const items = asArray(body.items, 'response.items').map((item) =>
      stringField(asRecord(item, 'response.items[]'), 'test_case_batch_job_id', 'response.items[]'),
    );
    return { items, more: body.has_more === true, next: optionalString(body, 'pagination_key') };
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
    const response = await http.request({
      method: 'GET',
      path: encodePath`/v2/list-test-runs/${batchId}`,
      query: compact({ pagination_key: cursor }),
      idempotent: true,
    });
    const body = asRecord(response.json, 'response');
    const items = asArray(body.items, 'response.items').map((item) => {
      const run = asRecord(item, 'response.items[]');
      const id = stringField(run, 'test_case_definition_id', 'response.items[]');
      const name = at(run, 'test_case_definition_snapshot', 'name');
      return compact({
        id,
        name: typeof name === 'string' ? name : id,
        outcome: OUTCOMES[stringField(run, 'status', 'response.items[]')] ?? 'error',
        rationale: optionalString(run, 'result_explanation'),
      });
    });
    return { items, more: body.has_more === true, next: optionalString(body, 'pagination_key') };
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
    return stringField(asRecord(response.json, 'response'), 'test_case_batch_job_id', 'response');
  },

  async startedSince({ http }, run) {
    const engine = asRecord(at(run.start.body, 'response_engine'), 'response_engine') as Engine;
    const before = new Set(run.runsBefore);
    return (await batchIds(http, engine)).filter((id) => !before.has(id));
  },

  async read({ http }, runId) {
    const batch = await http.request({
      method: 'GET',
      path: encodePath`/get-batch-test/${runId}`,
      idempotent: true,
    });
    const complete = stringField(asRecord(batch.json, 'response'), 'status', 'response') === 'complete';
    const results = await testRuns(http, runId);
    return { finished: complete && results.every((result) => result.outcome !== 'pending'), results };
  },
};
