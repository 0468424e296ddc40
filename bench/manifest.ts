// The manifest row of `npm run bench`: 48 agents (the 12 fleet agents of each provider, listed
// provider by provider) released by the committed bundle with concurrency 8, against an emulator
// that answers every request after 40 ms. Run it alone: node_modules/.bin/node bench/manifest.ts
//
// ideal = rounds × round trips per agent × latency + cold start, where
// - rounds = 48 agents ÷ concurrency 8 = 6. The per-provider limits (Talkover 2, the others 4) still
//   allow 8 at once: 2 Talkover agents and 6 of the other three providers, for 6 rounds each;
// - round trips per agent = how many latencies one agent waits for, in the mean over the providers:
//   one agent of each provider released alone against the slow emulator and against one without
//   latency, the difference divided by the latency. Round trips, not requests: an agent sends some
//   reads at once (a Diga agent reads both phone directions together), and they cost one latency;
// - cold start = the same action with a one-agent manifest (the Talkover one), against the emulator
//   without latency: Node start, bundle and YAML chunk load, the local requests, outputs and summary,
//   i.e. what a run costs besides the waiting. Measured as the wall time is (child process, wall clock).
// ratio = wall ÷ ideal. Each figure is the median of `runs` runs, cold start and wall interleaved.
import { fileURLToPath } from 'node:url';
import { startEmulator, type Emulator } from '../test/emulator/server.ts';
import { FLEET, KEYS, PROVIDERS } from '../test/emulator/seed.ts';
import { runAction } from '../test/support/run-action.ts';
import { stats } from './measure.ts';
import { MANIFEST_MAX_RATIO } from './report.ts';

const LATENCY_MS = 40;
/** The row keeps the 48 agents it was defined with, so its figures compare from one run to the next. */
const BENCH_PROVIDERS = PROVIDERS.filter((provider) => provider !== 'elevenlabs');
const CONCURRENCY = 8;

export interface ManifestBench {
  readonly agents: number;
  readonly concurrency: number;
  readonly latencyMs: number;
  readonly rounds: number;
  readonly requestsPerAgent: number;
  readonly roundTripsPerAgent: number;
  /** One agent of each provider, alone. */
  readonly roundTripsByProvider: Readonly<Record<string, number>>;
  readonly coldStartMs: number;
  readonly wallMs: number;
  readonly idealMs: number;
  readonly ratio: number;
  readonly runs: number;
}

const ENV = {
  TALKOVER_API_KEY: KEYS.talkover,
  RETELL_API_KEY: KEYS.retell,
  DIGA_API_KEY: KEYS.diga,
  LANGDOCK_API_KEY: KEYS.langdock,
};

/** The first `perProvider` fleet agents of each provider, as a JSON manifest (JSON is YAML). */
function manifest(emulator: Emulator, perProvider: number, providers = BENCH_PROVIDERS): string {
  const entries = providers.flatMap((provider) =>
    FLEET[provider].slice(0, perProvider).map((agentId) => ({
      provider,
      'agent-id': agentId,
      'base-url': emulator.baseUrls[provider],
    })),
  );
  return JSON.stringify(entries);
}

/** Wall time of one run of the bundle on a fresh emulator state; fails unless every agent was published. */
async function timedRun(emulator: Emulator, text: string, agents: number): Promise<number> {
  emulator.reset();
  const started = performance.now();
  const run = await runAction({ manifest: text, concurrency: String(CONCURRENCY) }, ENV);
  const elapsed = performance.now() - started;
  if (run.exitCode !== 0 || run.outputs['published-count'] !== String(agents))
    throw new Error(`the bench run did not publish all ${agents} agents:\n${run.stdout}`);
  return elapsed;
}

/** The latencies one agent of each provider waits for: see the top of the file. */
async function roundTripsByProvider(slow: Emulator, fast: Emulator, runs: number) {
  const byProvider: Record<string, number> = {};
  for (const provider of BENCH_PROVIDERS) {
    const waited: number[] = [];
    for (let i = 0; i < runs; i++) {
      const slowMs = await timedRun(slow, manifest(slow, 1, [provider]), 1);
      waited.push(slowMs - (await timedRun(fast, manifest(fast, 1, [provider]), 1)));
    }
    byProvider[provider] = Math.round((stats(waited).median / LATENCY_MS) * 10) / 10;
  }
  return byProvider;
}

export async function benchManifest({ runs = 5 } = {}): Promise<ManifestBench> {
  const [slow, fast] = await Promise.all([startEmulator({ latencyMs: LATENCY_MS }), startEmulator()]);
  try {
    const perProvider = FLEET.talkover.length;
    const agents = perProvider * BENCH_PROVIDERS.length;
    const many = manifest(slow, perProvider);
    const one = manifest(fast, 1, ['talkover']);
    const cold: number[] = [];
    const wall: number[] = [];
    let requestsPerAgent = 0;
    for (let i = 0; i < runs; i++) {
      cold.push(await timedRun(fast, one, 1));
      wall.push(await timedRun(slow, many, agents));
      requestsPerAgent = slow.requests.length / agents;
    }
    const byProvider = await roundTripsByProvider(slow, fast, runs);
    const trips = Object.values(byProvider);
    const roundTrips = Math.round((trips.reduce((sum, n) => sum + n, 0) / trips.length) * 10) / 10;
    const rounds = Math.ceil(agents / CONCURRENCY);
    const coldStartMs = stats(cold).median;
    const wallMs = stats(wall).median;
    const idealMs = rounds * roundTrips * LATENCY_MS + coldStartMs;
    return {
      agents,
      concurrency: CONCURRENCY,
      latencyMs: LATENCY_MS,
      rounds,
      requestsPerAgent,
      roundTripsPerAgent: roundTrips,
      roundTripsByProvider: byProvider,
      coldStartMs: Math.round(coldStartMs),
      wallMs: Math.round(wallMs),
      idealMs: Math.round(idealMs),
      ratio: Math.round((wallMs / idealMs) * 100) / 100,
      runs,
    };
  } finally {
    await Promise.all([slow.close(), fast.close()]);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await benchManifest();
  console.log(
    `manifest: ${result.agents} agents, concurrency ${result.concurrency}, ${result.latencyMs} ms latency: ` +
      `wall ${result.wallMs} ms, ideal ${result.idealMs} ms (${result.rounds} rounds × ${result.roundTripsPerAgent} round trips × ${result.latencyMs} ms + cold start ${result.coldStartMs} ms; ${result.requestsPerAgent} requests an agent), ` +
      `ratio ${result.ratio} (target ≤ ${MANIFEST_MAX_RATIO})`,
  );
}
