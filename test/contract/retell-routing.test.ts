// Each routing request equals what the official retell-sdk sends for the same change: the adapter plans
// against the emulator, its writes and reads go to a recorder, the SDK's calls go to the same recorder,
// and method, path (the E.164 "+" as the SDK writes it) and JSON body must be identical.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Retell from 'retell-sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../src/http/client.ts';
import { createRedactor } from '../../src/http/redact.ts';
import type { Logger } from '../../src/log.ts';
import { retell } from '../../src/providers/retell/adapter.ts';
import type { AdapterContext, AgentTarget, RouteAsk } from '../../src/providers/types.ts';
import { KEYS, RETELL, RETELL_PHONES } from '../emulator/seed.ts';
import { useEmulator } from '../support/use-emulator.ts';
import { Deadline } from '../../src/timing.ts';
import { virtualClock } from '../support/virtual-clock.ts';

interface Recorded {
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
}

const emulator = useEmulator();
const quiet: Logger = {
  info: () => undefined,
  notice: () => undefined,
  warning: () => undefined,
  debug: () => undefined,
};
let recorder: Server;
let recorderUrl = '';
const recorded: Recorded[] = [];

beforeAll(async () => {
  recorder = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      recorded.push({
        method: req.method ?? '',
        path: req.url ?? '',
        body: text === '' ? undefined : JSON.parse(text),
      });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"phone_number":"+14155550101"}');
    });
  });
  await new Promise<void>((resolve) => recorder.listen(0, '127.0.0.1', resolve));
  recorderUrl = `http://127.0.0.1:${(recorder.address() as AddressInfo).port}`;
});
afterAll(
  () =>
    new Promise<void>((resolve) => {
      recorder.close(() => {
        resolve();
      });
    }),
);
beforeEach(() => {
  recorded.length = 0;
});

function context(baseUrl: string, target: Partial<AgentTarget> = {}): AdapterContext {
  const http = createHttpClient({
    baseUrl,
    authHeaders: { authorization: `Bearer ${KEYS.retell}` },
    timeoutMs: 5000,
    maxRetries: 0,
    deadline: new Deadline(60_000, virtualClock()),
    errors: { provider: 'Retell', apiKeyEnv: 'RETELL_API_KEY', hints: {} },
    redact: createRedactor([KEYS.retell]),
    log: quiet,
  });
  const agent: AgentTarget = {
    agentId: RETELL.withDraft,
    operation: 'publish',
    version: undefined,
    description: '',
    extras: {},
    traffic: { targets: [RETELL_PHONES.pinned], basisPoints: 10_000 },
    ...target,
  };
  return { target: agent, http, log: quiet };
}

const sdk = () => new Retell({ apiKey: KEYS.retell, baseURL: recorderUrl, maxRetries: 0 });

/** The adapter's writes for `ask`, planned against the emulator and sent to the recorder. */
async function ourWrites(ask: RouteAsk, target: Partial<AgentTarget>): Promise<Recorded[]> {
  const routing = retell.routing;
  if (routing === undefined) throw new Error('Retell has no routing');
  // Retell's routing plan reads the routes itself: the adapter's plan is not needed.
  const routes = await routing.plan(context(emulator.baseUrls.retell, target), ask, { reason: '' });
  const http = context(recorderUrl).http;
  for (const route of routes) if (route.write !== undefined) await http.request(route.write);
  return recorded.splice(0);
}

async function sdkRequests(send: (client: Retell) => Promise<unknown>): Promise<Recorded[]> {
  await send(sdk());
  return recorded.splice(0);
}

const agent = (agent_version: number, weight: number) => ({
  agent_id: RETELL.withDraft,
  agent_version,
  weight,
});
const share = (version: string, basisPoints: number): RouteAsk => ({
  kind: 'share',
  version: { number: version },
  basisPoints,
  previous: { number: '1' },
});

describe('routing requests equal retell-sdk 5.66.1', () => {
  it('reads a number as phoneNumber.retrieve does', async () => {
    const routing = retell.routing;
    if (routing === undefined) throw new Error('Retell has no routing');
    await routing.read(context(recorderUrl), {
      target: RETELL_PHONES.pinned,
      direction: 'inbound',
      before: [],
      after: [],
    });
    const ours = recorded.splice(0);
    const theirs = await sdkRequests((client) => client.phoneNumber.retrieve(RETELL_PHONES.pinned));
    expect(ours).toEqual(theirs);
    expect(ours[0]?.path).toBe(`/get-phone-number/${RETELL_PHONES.pinned}`);
  });

  it('lists the numbers, for where calls go, as phoneNumber.list does', async () => {
    const where = retell.where;
    if (where === undefined) throw new Error('Retell reads no routes');
    // The recorder's answer is not a page: only the request is compared.
    await where.read(context(recorderUrl), { reason: '' }, []).catch(() => undefined);
    const ours = recorded.splice(0);
    const theirs = await sdkRequests((client) => client.phoneNumber.list({ limit: 1000 }));
    expect(ours).toEqual(theirs);
    expect(ours[0]?.path).toBe('/v2/list-phone-numbers?limit=1000');
  });

  it('a canary of 10 %', async () => {
    const ours = await ourWrites(share('2', 1000), {});
    const theirs = await sdkRequests((client) =>
      client.phoneNumber.update(RETELL_PHONES.pinned, { inbound_agents: [agent(2, 0.1), agent(1, 0.9)] }),
    );
    expect(ours).toEqual(theirs);
    expect(ours).toEqual([
      {
        method: 'PATCH',
        path: `/update-phone-number/${RETELL_PHONES.pinned}`,
        body: { inbound_agents: [agent(2, 0.1), agent(1, 0.9)] },
      },
    ]);
  });

  it('all calls to one version, inbound and outbound (one update each)', async () => {
    const ours = await ourWrites(share('2', 10_000), {
      traffic: { targets: [RETELL_PHONES.pinnedBoth], basisPoints: 10_000 },
    });
    const theirs = await sdkRequests(async (client) => {
      await client.phoneNumber.update(RETELL_PHONES.pinnedBoth, { inbound_agents: [agent(2, 1)] });
      await client.phoneNumber.update(RETELL_PHONES.pinnedBoth, { outbound_agents: [agent(2, 1)] });
    });
    expect(ours).toEqual(theirs);
  });

  it('a canary on a number shared with another agent, whose entry is sent back as it was', async () => {
    const ours = await ourWrites(share('2', 1000), {
      traffic: { targets: [RETELL_PHONES.sharedAB], basisPoints: 1000 },
    });
    const theirs = await sdkRequests((client) =>
      client.phoneNumber.update(RETELL_PHONES.sharedAB, {
        inbound_agents: [
          agent(2, 0.05),
          agent(1, 0.45),
          { agent_id: RETELL.allPublished, agent_version: 3, weight: 0.5 },
        ],
      }),
    );
    expect(ours).toEqual(theirs);
  });

  it('a rollback of all calls to an earlier version', async () => {
    const number = emulator.state.retell.phoneNumbers.get(RETELL_PHONES.pinned);
    if (number === undefined) throw new Error('no seeded number');
    number.inbound_agents = [agent(2, 0.3), agent(1, 0.7)];
    const ours = await ourWrites(share('1', 10_000), { operation: 'rollback', version: '1' });
    const theirs = await sdkRequests((client) =>
      client.phoneNumber.update(RETELL_PHONES.pinned, { inbound_agents: [agent(1, 1)] }),
    );
    expect(ours).toEqual(theirs);
  });
});
