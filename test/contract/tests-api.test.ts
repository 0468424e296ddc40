// The test gate's requests equal the official clients': for each call (read the candidate and the runs
// there are, start a run, read it), our capability and the SDK each send it to the same emulator, which
// records both; method, path, query and the JSON body must match.
import { ElevenLabsClient } from '@elevenlabs/elevenlabs-js';
import Retell from 'retell-sdk';
import { describe, expect, it } from 'vitest';
import { createHttpClient } from '../../src/http/client.ts';
import { createRedactor } from '../../src/http/redact.ts';
import type { Logger } from '../../src/log.ts';
import { elevenlabs } from '../../src/providers/elevenlabs/adapter.ts';
import { elevenLabsTests } from '../../src/providers/elevenlabs/tests.ts';
import { retell } from '../../src/providers/retell/adapter.ts';
import { retellTests } from '../../src/providers/retell/tests.ts';
import type { AdapterContext, ProviderAdapter } from '../../src/providers/types.ts';
import type { RecordedRequest } from '../emulator/http.ts';
import { ELEVENLABS, KEYS, RETELL, elevenLabsBranchId } from '../emulator/seed.ts';
import { useEmulator } from '../support/use-emulator.ts';
import { Deadline } from '../../src/timing.ts';
import { virtualClock } from '../support/virtual-clock.ts';

const emulator = useEmulator();
const quiet: Logger = { info() {}, notice() {}, warning() {}, debug() {} };

function context(adapter: ProviderAdapter, key: string, baseUrl: string, agentId: string): AdapterContext {
  const http = createHttpClient({
    baseUrl,
    authHeaders: adapter.authHeaders?.(key) ?? { authorization: `Bearer ${key}` },
    timeoutMs: 10_000,
    maxRetries: 0,
    deadline: new Deadline(60_000, virtualClock()),
    errors: { provider: adapter.displayName, apiKeyEnv: adapter.apiKeyEnv, hints: {} },
    redact: createRedactor([key]),
    log: quiet,
  });
  const target = { agentId, operation: 'publish' as const, version: undefined, description: '', extras: {} };
  return { target, http, log: quiet };
}

function wire(request: RecordedRequest | undefined) {
  if (request === undefined) throw new Error('no request was recorded');
  const [path = '', query = ''] = request.rawPath.split('?');
  return { method: request.method, path, query: new URLSearchParams(query).toString(), body: request.json };
}

async function recorded(send: () => Promise<unknown>): Promise<RecordedRequest[]> {
  const before = emulator.requests.length;
  await send();
  return emulator.requests.slice(before);
}

const byPath = (requests: RecordedRequest[], path: string) =>
  requests.find((request) => request.path === path);

describe('ElevenLabs test requests equal @elevenlabs/elevenlabs-js requests', () => {
  const agent = ELEVENLABS.withDraft;
  const main = elevenLabsBranchId(agent, 'main');
  const ours = () => context(elevenlabs, KEYS.elevenlabs, emulator.baseUrls.elevenlabs, agent);
  const sdk = () =>
    new ElevenLabsClient({ apiKey: KEYS.elevenlabs, baseUrl: emulator.baseUrls.elevenlabs, maxRetries: 0 })
      .conversationalAi;

  it('agents.get on the branch (attached tests) and tests.invocations.list, then agents.runTests', async () => {
    const reads = await recorded(() => elevenLabsTests.prepare(ours(), { reason: '' }, 'attached'));
    const [theirAgent] = await recorded(() => sdk().agents.get(agent, { branchId: main }));
    const [theirList] = await recorded(() =>
      sdk().tests.invocations.list({ agentId: agent, branchId: main, pageSize: 100 }),
    );
    const ourAgent = reads.find((request) => request.query.branch_id === main);
    expect(wire(ourAgent)).toEqual(wire(theirAgent));
    expect(wire(byPath(reads, '/v1/convai/test-invocations'))).toEqual(wire(theirList));

    const run = await elevenLabsTests.prepare(ours(), { reason: '' }, ['test_greeting']);
    const [ourStart] = await recorded(() => elevenLabsTests.start(ours(), run));
    const [theirStart] = await recorded(() =>
      sdk().agents.runTests(agent, { tests: [{ testId: 'test_greeting' }], branchId: main }),
    );
    expect(wire(ourStart)).toEqual(wire(theirStart));
  });

  it('tests.invocations.get', async () => {
    const run = await elevenLabsTests.prepare(ours(), { reason: '' }, ['test_greeting']);
    const id = await elevenLabsTests.start(ours(), run);
    const [ourRead] = await recorded(() => elevenLabsTests.read(ours(), id));
    const [theirRead] = await recorded(() => sdk().tests.invocations.get(id));
    expect(wire(ourRead)).toEqual(wire(theirRead));
  });
});

describe('Retell test requests equal retell-sdk requests', () => {
  const agent = RETELL.withDraft;
  const ours = () => context(retell, KEYS.retell, emulator.baseUrls.retell, agent);
  const sdk = () => new Retell({ apiKey: KEYS.retell, baseURL: emulator.baseUrls.retell, maxRetries: 0 });
  const plan = { reason: '', release: { number: '2' } };
  const engine = { type: 'retell-llm', llm_id: 'llm_3c9d1e0f2a4b6c8d0e1f2a3b', version: 2 } as const;

  it('agent.retrieve with a version and tests.listBatchTests, then tests.createBatchTest', async () => {
    const reads = await recorded(() => retellTests.prepare(ours(), plan, ['tcd_greeting']));
    const [theirAgent] = await recorded(() => sdk().agent.retrieve(agent, { version: 2 }));
    const [theirList] = await recorded(() => sdk().tests.listBatchTests(engine));
    expect(wire(byPath(reads, `/get-agent/${agent}`))).toEqual(wire(theirAgent));
    expect(wire(byPath(reads, '/v2/list-batch-tests'))).toEqual(wire(theirList));

    const run = await retellTests.prepare(ours(), plan, ['tcd_greeting']);
    const [ourStart] = await recorded(() => retellTests.start(ours(), run));
    const [theirStart] = await recorded(() =>
      sdk().tests.createBatchTest({ test_case_definition_ids: ['tcd_greeting'], response_engine: engine }),
    );
    expect(wire(ourStart)).toEqual(wire(theirStart));
  });

  it('tests.getBatchTest and tests.listTestRuns', async () => {
    const run = await retellTests.prepare(ours(), plan, ['tcd_greeting']);
    const id = await retellTests.start(ours(), run);
    const reads = await recorded(() => retellTests.read(ours(), id));
    const [theirBatch] = await recorded(() => sdk().tests.getBatchTest(id));
    const [theirRuns] = await recorded(() => sdk().tests.listTestRuns(id));
    expect(wire(byPath(reads, `/get-batch-test/${id}`))).toEqual(wire(theirBatch));
    expect(wire(byPath(reads, `/v2/list-test-runs/${id}`))).toEqual(wire(theirRuns));
  });
});
