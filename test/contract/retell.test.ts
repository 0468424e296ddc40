// Our Retell requests equal the official client's: for each call the action makes (list versions,
// publish, the configuration reads of the release diff), the adapter and `retell-sdk` each send it to the same local emulator, which records both;
// method, path, query and the JSON body (byte for byte) must match, and the publish's Accept header too.
import Retell from 'retell-sdk';
import { describe, expect, it } from 'vitest';
import { createHttpClient } from '../../src/http/client.ts';
import { createRedactor } from '../../src/http/redact.ts';
import type { Logger } from '../../src/log.ts';
import { retell } from '../../src/providers/retell/adapter.ts';
import { retellConfigs } from '../../src/providers/retell/config.ts';
import type { AgentTarget, WriteRequest } from '../../src/providers/types.ts';
import type { RecordedRequest } from '../emulator/http.ts';
import { KEYS, RETELL } from '../emulator/seed.ts';
import { useEmulator } from '../support/use-emulator.ts';
import { Deadline } from '../../src/timing.ts';
import { virtualClock } from '../support/virtual-clock.ts';

const emulator = useEmulator();

const quiet: Logger = { info() {}, notice() {}, warning() {}, debug() {} };

function ourClient() {
  return createHttpClient({
    baseUrl: emulator.baseUrls.retell,
    authHeaders: { authorization: `Bearer ${KEYS.retell}` },
    timeoutMs: 10_000,
    maxRetries: 0,
    deadline: new Deadline(60_000, virtualClock()),
    errors: { provider: retell.displayName, apiKeyEnv: retell.apiKeyEnv, hints: retell.hints },
    redact: createRedactor([KEYS.retell]),
    log: quiet,
  });
}

function sdk(): Retell {
  return new Retell({ apiKey: KEYS.retell, baseURL: emulator.baseUrls.retell, maxRetries: 0 });
}

function target(description: string): AgentTarget {
  return { agentId: RETELL.withDraft, operation: 'publish', version: undefined, description, extras: {} };
}

/** What must be equal: the request line, the query and the body as sent. */
function wire(request: RecordedRequest | undefined) {
  if (request === undefined) throw new Error('no request was recorded');
  const [path = '', query = ''] = request.rawPath.split('?');
  return { method: request.method, path, query, body: request.body };
}

/** The requests recorded while `send` runs. */
async function recorded(send: () => Promise<unknown>): Promise<RecordedRequest[]> {
  const before = emulator.requests.length;
  await send();
  return emulator.requests.slice(before);
}

describe('Retell requests equal retell-sdk requests', () => {
  it('lists versions the way agent.listVersions does', async () => {
    const context = { target: target(''), http: ourClient(), log: quiet };
    const [ours] = await recorded(() => retell.plan(context));
    const [theirs] = await recorded(() =>
      sdk().agent.listVersions(RETELL.withDraft, { sort_order: 'descending' }),
    );
    expect(wire(ours)).toEqual(wire(theirs));
  });

  it.each([
    ['with a description', 'Hotfix for transfer timeout ✓ "quoted" \\ ünïcode'],
    ['without a description', ''],
  ])('publishes the way agent.publish does, %s', async (_case, description) => {
    const context = { target: target(description), http: ourClient(), log: quiet };
    const plan = await retell.plan(context);
    const write = plan.write as WriteRequest;
    const [ours] = await recorded(() => retell.apply(context, { ...plan, write }));
    emulator.reset();
    const params = description === '' ? { version: 2 } : { version: 2, version_description: description };
    const [theirs] = await recorded(() => sdk().agent.publish(RETELL.withDraft, params));
    expect(wire(ours)).toEqual(wire(theirs));
    expect(ours?.headers.accept).toBe(theirs?.headers.accept);
    expect(ours?.headers['content-type']).toBe(theirs?.headers['content-type']);
  });
});

describe('Retell configuration reads equal retell-sdk requests', () => {
  const context = () => ({ target: target(''), http: ourClient(), log: quiet });
  const byPath = (requests: RecordedRequest[]) =>
    requests.map(wire).sort((a, b) => `${a.path}?${a.query}`.localeCompare(`${b.path}?${b.query}`));

  it('reads both versions the way agent.retrieve and llm.retrieve do', async () => {
    const ours = await recorded(() =>
      retellConfigs.read(context(), { live: { number: '1' }, next: { number: '2' }, reason: '' }),
    );
    const theirs = await recorded(async () => {
      for (const version of [1, 2]) {
        await sdk().agent.retrieve(RETELL.withDraft, { version });
        await sdk().llm.retrieve('llm_3c9d1e0f2a4b6c8d0e1f2a3b', { version });
      }
    });
    expect(byPath(ours)).toEqual(byPath(theirs));
    expect(ours).toHaveLength(4);
  });

  it('reads a conversation flow the way conversationFlow.retrieve does', async () => {
    const flowContext = { ...context(), target: { ...target(''), agentId: RETELL.manyVersions } };
    const ours = await recorded(() =>
      retellConfigs.read(flowContext, { live: { number: '22' }, next: { number: '23' }, reason: '' }),
    );
    const theirs = await recorded(async () => {
      for (const version of [22, 23]) {
        await sdk().agent.retrieve(RETELL.manyVersions, { version });
        await sdk().conversationFlow.retrieve('conversation_flow_5b4a69788796', { version });
      }
    });
    expect(byPath(ours)).toEqual(byPath(theirs));
  });
});
