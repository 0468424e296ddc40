// One local HTTP server emulating the provider APIs, each under its own path prefix.

import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { diga } from './diga.ts';
import type { DigaState } from './diga.ts';
import { disrupt } from './disruptions.ts';
import { elevenlabs } from './elevenlabs.ts';
import type { ElevenLabsState } from './elevenlabs.ts';
import { FaultQueue, disruptRuleToFault, failRuleToFault } from './faults.ts';
import type { DisruptRule, FailRule, FaultSpec } from './faults.ts';
import { json, mount, readBody, recordRequest, sendReply } from './http.ts';
import type { RecordedRequest, Reply } from './http.ts';
import { langdock } from './langdock.ts';
import { DEFAULT_READINGS, withReadings, type Readings } from './readings.ts';
import type { LangdockState } from './langdock.ts';
import { retell } from './retell.ts';
import type { RetellState } from './retell.ts';
import { KEYS, type ProviderName } from './seed.ts';
import { talkover } from './talkover.ts';
import type { TalkoverState } from './talkover.ts';

export type { DisruptRule, FailRule } from './faults.ts';
export type { Readings } from './readings.ts';
export type { RecordedRequest } from './http.ts';

export interface EmulatorState {
  talkover: TalkoverState;
  retell: RetellState;
  diga: DigaState;
  langdock: LangdockState;
  elevenlabs: ElevenLabsState;
}

export interface EmulatorOptions {
  /** Delay before each provider response is written (the request's effect on state is immediate). */
  latencyMs?: number;
  /** Default 0: an ephemeral port. */
  port?: number;
  /** The readings of the docs this emulator plays after every reset; unnamed ones keep their default. */
  readings?: Partial<Readings>;
}

export interface Emulator {
  /** http://127.0.0.1:PORT */
  readonly origin: string;
  readonly baseUrls: Readonly<Record<ProviderName, string>>;
  /** Every provider request received, in order; control endpoints are not recorded. */
  readonly requests: RecordedRequest[];
  requestsFor(provider: ProviderName): RecordedRequest[];
  /** Live state; reset() replaces each provider's part, so read it again after a reset. */
  readonly state: EmulatorState;
  /** The most requests (of one provider, or of all) in progress at once since the last reset. */
  peakInFlight(provider?: ProviderName): number;
  /** Answer the next matching request(s) with a canned response instead of the provider's. */
  failNext(rule: FailRule): void;
  /** Accept `key` instead of the provider's demo key (KEYS) until reset. */
  acceptKey(provider: ProviderName, key: string): void;
  /** Make the next matching request(s) misbehave at the connection level (hang, reset, lost response…). */
  disruptNext(rule: DisruptRule): void;
  /** Play other readings of the providers' docs until the next reset (see readings.ts). */
  setReadings(readings: Partial<Readings>): void;
  readonly readings: Readonly<Readings>;
  /** State back to the seed, readings back to the instance's; recorded requests and fault rules cleared. */
  reset(): void;
  close(): Promise<void>;
}

function seedState(): EmulatorState {
  return {
    talkover: talkover.seed(),
    retell: retell.seed(),
    diga: diga.seed(),
    langdock: langdock.seed(),
    elevenlabs: elevenlabs.seed(),
  };
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const state = seedState();
  const instanceReadings = withReadings(DEFAULT_READINGS, options.readings ?? {});
  let readings = instanceReadings;
  const requests: RecordedRequest[] = [];
  const faults = new FaultQueue();
  const closing = new AbortController();
  const inFlight = new Map<ProviderName | 'all', number>();
  const peaks = new Map<ProviderName | 'all', number>();
  const track = (provider: ProviderName, delta: 1 | -1): void => {
    for (const key of [provider, 'all'] as const) {
      const now = (inFlight.get(key) ?? 0) + delta;
      inFlight.set(key, now);
      peaks.set(key, Math.max(peaks.get(key) ?? 0, now));
    }
  };
  const keys = new Map<ProviderName, string>();
  const keyOf = (provider: ProviderName) => () => keys.get(provider) ?? KEYS[provider];
  const providers = [
    mount(
      talkover,
      () => state.talkover,
      () => readings,
      keyOf('talkover'),
    ),
    mount(
      retell,
      () => state.retell,
      () => readings,
      keyOf('retell'),
    ),
    mount(
      diga,
      () => state.diga,
      () => readings,
      keyOf('diga'),
    ),
    mount(
      langdock,
      () => state.langdock,
      () => readings,
      keyOf('langdock'),
    ),
    mount(
      elevenlabs,
      () => state.elevenlabs,
      () => readings,
      keyOf('elevenlabs'),
    ),
  ];

  const addFault = ({ matcher, times, action }: FaultSpec): void => {
    faults.add(matcher, times, action);
  };

  const reset = (): void => {
    Object.assign(state, seedState());
    requests.length = 0;
    faults.clear();
    peaks.clear();
    readings = instanceReadings;
    keys.clear();
  };

  const setReadings = (changes: Partial<Readings>): void => {
    readings = withReadings(readings, changes);
  };

  const controlReply = (method: string, path: string, body: string): Reply => {
    if (method === 'GET' && path === '/_emulator/requests') return json(200, requests);
    if (method === 'GET' && path === '/_emulator/readings') return json(200, readings);
    if (method === 'POST' && path === '/_emulator/readings') {
      try {
        setReadings(JSON.parse(body) as Partial<Readings>);
        return json(200, readings);
      } catch (error) {
        return json(400, { message: error instanceof Error ? error.message : String(error) });
      }
    }
    if (method === 'POST' && path === '/_emulator/reset') {
      reset();
      return json(200, { status: 'ok' });
    }
    return json(404, { message: `Unknown control endpoint ${method} ${path}` });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(`http://emulator.invalid${req.url ?? '/'}`);
    const method = req.method ?? 'GET';
    const body = await readBody(req);
    if (url.pathname.startsWith('/_emulator/')) {
      sendReply(res, controlReply(method, url.pathname, body));
      return;
    }
    const provider = providers.find(
      (p) => url.pathname === p.mountPath || url.pathname.startsWith(`${p.mountPath}/`),
    );
    if (!provider) {
      sendReply(res, json(404, { message: `No emulated provider serves ${url.pathname}`, baseUrls }));
      return;
    }
    const request = recordRequest(provider.name, req, url, provider.mountPath, body);
    requests.push(request);
    track(provider.name, 1);
    try {
      const fault = faults.take(request);
      if (fault !== undefined && fault.kind !== 'reply') {
        await disrupt(fault.kind, req, res, () => provider.dispatch(request), closing.signal);
        return;
      }
      const reply = fault?.kind === 'reply' ? fault.reply : provider.dispatch(request);
      if (options.latencyMs) await sleep(options.latencyMs, undefined, { signal: closing.signal });
      sendReply(res, reply);
    } finally {
      track(provider.name, -1);
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (closing.signal.aborted) return;
      const message = error instanceof Error ? error.message : String(error);
      if (!res.headersSent) sendReply(res, json(500, { message: `emulator error: ${message}` }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      resolve();
    });
  });

  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  const baseUrls = Object.fromEntries(providers.map((p) => [p.name, origin + p.mountPath])) as Record<
    ProviderName,
    string
  >;

  return {
    origin,
    baseUrls,
    requests,
    requestsFor: (provider) => requests.filter((r) => r.provider === provider),
    peakInFlight: (provider) => peaks.get(provider ?? 'all') ?? 0,
    state,
    failNext: (rule) => {
      addFault(failRuleToFault(rule));
    },
    acceptKey: (provider, key) => {
      keys.set(provider, key);
    },
    disruptNext: (rule) => {
      addFault(disruptRuleToFault(rule));
    },
    setReadings,
    get readings() {
      return readings;
    },
    reset,
    close: () =>
      new Promise<void>((resolve, reject) => {
        closing.abort();
        server.close((error) => {
          if (error) reject(error);
          else resolve();
        });
        server.closeAllConnections();
      }),
  };
}
