// Every request the action sends to ElevenLabs equals what the official client @elevenlabs/elevenlabs-js
// sends for the same call: method, path, query, JSON body and the key's header. Both talk to one local
// server that records each request and answers a canned body the client can parse.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ElevenLabsClient } from '@elevenlabs/elevenlabs-js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHttpClient, type HttpRequest } from '../../src/http/client.ts';
import { createRedactor } from '../../src/http/redact.ts';
import type { Logger } from '../../src/log.ts';
import {
  commitRequest,
  deployRequest,
  readAgent,
  readBranches,
  readHistory,
  readTip,
} from '../../src/providers/elevenlabs/api.ts';
import { elevenlabs } from '../../src/providers/elevenlabs/adapter.ts';
import { Deadline } from '../../src/timing.ts';
import { elevenLabsConfigs } from '../../src/providers/elevenlabs/config.ts';
import { virtualClock } from '../support/virtual-clock.ts';

const KEY = 'sk_contract_0123456789abcdef';
const AGENT = 'agent_3701k3ttaq12ewp8b7qv5rfyszkz';
const MAIN = 'agtbrch_8901k4t9z5defmb8vh3e9361y7nj';
const CANARY = 'agtbrch_0901k4aafjxxfxt93gd841r7tv5t';

interface Captured {
  method: string;
  path: string;
  query: Record<string, string>;
  key: string | undefined;
  authorization: string | undefined;
  body: unknown;
}

/** Bodies the client's response parsers accept, by the last path segment's kind. */
function cannedBody(path: string): unknown {
  const branch = {
    id: MAIN,
    name: 'main',
    agent_id: AGENT,
    description: '',
    created_at: 1,
    last_committed_at: 1,
    is_archived: false,
  };
  if (path.endsWith('/branches')) return { results: [branch], meta: { total: 1 } };
  if (path.includes('/branches/')) return { ...branch, most_recent_versions: [] };
  if (path.endsWith('/deployments')) return { results: [], traffic_percentage_branch_id_map: {} };
  return {
    agent_id: AGENT,
    name: 'Concierge',
    conversation_config: {},
    metadata: { created_at_unix_secs: 1, updated_at_unix_secs: 1 },
    main_branch_id: MAIN,
  };
}

const captured: Captured[] = [];
let baseUrl = '';
const server = createServer((req: IncomingMessage, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const url = new URL(req.url ?? '/', 'http://contract.invalid');
    const text = Buffer.concat(chunks).toString('utf8');
    captured.push({
      method: req.method ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      key: req.headers['xi-api-key'] as string | undefined,
      authorization: req.headers.authorization,
      body: text === '' ? undefined : (JSON.parse(text) as unknown),
    });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(cannedBody(url.pathname)));
  });
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(
  () =>
    new Promise<void>((resolve) =>
      server.close(() => {
        resolve();
      }),
    ),
);
beforeEach(() => {
  captured.length = 0;
});

const ignore = (): void => undefined;
const silent: Logger = { debug: ignore, info: ignore, notice: ignore, warning: ignore };

function ours() {
  return createHttpClient({
    baseUrl,
    authHeaders: elevenlabs.authHeaders?.(KEY) ?? {},
    timeoutMs: 5000,
    maxRetries: 0,
    deadline: new Deadline(60_000, virtualClock()),
    errors: { provider: 'ElevenLabs', apiKeyEnv: elevenlabs.apiKeyEnv, hints: {} },
    redact: createRedactor([KEY]),
    log: silent,
  });
}

const sdk = () => new ElevenLabsClient({ apiKey: KEY, baseUrl, maxRetries: 0 }).conversationalAi.agents;

/** The one request each side sent for the same call. */
async function pair(
  ourCall: () => Promise<unknown>,
  sdkCall: () => Promise<unknown>,
): Promise<[Captured, Captured]> {
  await ourCall();
  await sdkCall();
  expect(captured).toHaveLength(2);
  const [action, client] = captured as [Captured, Captured];
  return [action, client];
}

const send = (request: HttpRequest) => () => ours().request(request);

describe('ElevenLabs requests equal the official client’s', () => {
  it('agents.get: the agent and its main branch', async () => {
    const [action, client] = await pair(
      () => readAgent(ours(), AGENT),
      () => sdk().get(AGENT),
    );
    expect(action).toEqual(client);
    expect(action.key).toBe(KEY);
    expect(action.authorization).toBeUndefined();
  });

  it('branches.list with includeCommitStatus', async () => {
    const [action, client] = await pair(
      () => readBranches(ours(), AGENT),
      () => sdk().branches.list(AGENT, { includeCommitStatus: true }),
    );
    expect(action).toEqual(client);
  });

  it('branches.get', async () => {
    const [action, client] = await pair(
      () => readTip(ours(), AGENT, MAIN),
      () => sdk().branches.get(AGENT, MAIN),
    );
    expect(action).toEqual(client);
  });

  it('deployments.list, newest first, one page', async () => {
    const [action, client] = await pair(
      () => readHistory(ours(), AGENT, 2),
      () => sdk().deployments.list(AGENT, { page: 1, pageSize: 2 }),
    );
    expect(action).toEqual(client);
  });

  it('update with branchId and versionDescription: the commit', async () => {
    const [action, client] = await pair(send(commitRequest(AGENT, CANARY, 'Fix greeting')), () =>
      sdk().update(AGENT, { branchId: CANARY, versionDescription: 'Fix greeting' }),
    );
    expect(action).toEqual(client);
    expect(action.body).toEqual({ version_description: 'Fix greeting' });
  });

  it('deployments.create: a canary split of exact fractions', async () => {
    const split = [
      { version: CANARY, weight: '0.1' },
      { version: MAIN, weight: '0.9' },
    ];
    const [action, client] = await pair(send(deployRequest(AGENT, split)), () =>
      sdk().deployments.create(AGENT, {
        deploymentRequest: {
          requests: [
            { branchId: CANARY, deploymentStrategy: { type: 'percentage', trafficPercentage: 0.1 } },
            { branchId: MAIN, deploymentStrategy: { type: 'percentage', trafficPercentage: 0.9 } },
          ],
        },
      }),
    );
    expect(action).toEqual(client);
  });

  it('agents.get with versionId: the configurations of two committed versions', async () => {
    const context = {
      target: { agentId: AGENT, operation: 'publish', version: undefined, description: '', extras: {} },
      http: ours(),
      log: silent,
    } as const;
    await elevenLabsConfigs.read(context, {
      live: { number: 'agtvrsn_live' },
      release: { number: 'agtvrsn_next' },
      reason: '',
    });
    await sdk().get(AGENT, { versionId: 'agtvrsn_live' });
    await sdk().get(AGENT, { versionId: 'agtvrsn_next' });
    expect(captured).toHaveLength(4);
    const [a, b, live, next] = captured as [Captured, Captured, Captured, Captured];
    expect(
      [a, b].sort((x, y) => String(x.query.version_id).localeCompare(String(y.query.version_id))),
    ).toEqual([live, next]);
  });

  it('agents.get with branchId: the pending draft of a branch', async () => {
    const context = {
      target: { agentId: AGENT, operation: 'publish', version: undefined, description: '', extras: {} },
      http: ours(),
      log: silent,
    } as const;
    // The plan that commits the branch names it in its state, with the tip it read (none here).
    const branch = { id: MAIN, name: 'main', draft: true, liveShare: 1, draftBehindTip: false };
    const agent = {
      name: undefined,
      mainBranchId: MAIN,
      branches: [branch],
      split: [],
      numbers: [],
      scale: undefined,
    };
    await elevenLabsConfigs.read(context, {
      release: { id: MAIN },
      reason: '',
      state: { agent, commit: { branch, tipBefore: undefined } },
    });
    const draftRead = captured.find((request) => request.query.branch_id === MAIN);
    captured.length = 0;
    await sdk().get(AGENT, { branchId: MAIN });
    expect(draftRead).toEqual(captured[0]);
  });

  it('uses the client’s production host as the default base URL', async () => {
    const { ElevenLabsEnvironment } = await import('@elevenlabs/elevenlabs-js');
    expect(elevenlabs.defaultBaseUrl).toBe(ElevenLabsEnvironment.Production);
  });
});
