// `npm run bench [-- --runs N] [-- --only TEXT]`: measures the committed dist/ against its floors
// (rows.ts), prints one table with each figure against its target, and writes bench/results.json.
// Not part of `npm test`: timings depend on the machine, so nothing here passes or fails a build.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { build, ROOT } from '../scripts/build.ts';
import { startEmulator, type Emulator } from '../test/emulator/server.ts';
import { benchManifest } from './manifest.ts';
import { peakRss, stats, timed, type Launch, type Run } from './measure.ts';
import { renderReport, type BenchResults, type RowResult, type Side } from './report.ts';
import { ROWS, type Row } from './rows.ts';
import { measureDist } from './size.ts';
import type { BenchContext, Subject } from './subjects.ts';
import { parseTimings, summarizeTimings, type RunTimings } from './timings.ts';

/** Runs of each side before measuring, so that the first measured run is not the one that fills caches. */
const WARM_UP_RUNS = 2;

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '20' }, only: { type: 'string', default: '' } },
});
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1)
  throw new Error(`--runs must be a positive integer, got ${values.runs}`);
const rows = ROWS.filter((row) => `${row.section}: ${row.name}`.includes(values.only));

/** Prepares a subject, measures one run of it, and checks that the run did what it should. */
async function once<T extends { run: Run }>(
  subject: Subject,
  context: BenchContext,
  measure: (launch: Launch) => Promise<T>,
): Promise<T> {
  const prepared = await subject.prepare(context);
  try {
    const measured = await measure(prepared.launch);
    await prepared.check(measured.run).catch((error: unknown) => {
      throw new Error(`${subject.label}: ${error instanceof Error ? error.message : String(error)}`);
    });
    return measured;
  } finally {
    await prepared.cleanup();
  }
}

async function measureRow(row: Row, context: BenchContext): Promise<RowResult> {
  const sides = ['floor', 'measured'] as const;
  const wall = { floor: [] as number[], measured: [] as number[] };
  const rss = { floor: [] as number[], measured: [] as number[] };
  const timings: RunTimings[] = [];
  for (let round = -WARM_UP_RUNS; round < runs; round++) {
    for (const side of sides) {
      const { run } = await once(row[side], context, async (launch) => ({ run: await timed(launch) }));
      if (round < 0) continue;
      wall[side].push(run.wallMs);
      if (side === 'measured') timings.push(parseTimings(run.stdout, run.wallMs));
    }
    if (row.peakRss === true && round >= 0) {
      for (const side of sides) rss[side].push((await once(row[side], context, peakRss)).bytes);
    }
    process.stderr.write('.');
  }
  process.stderr.write(` ${row.section}: ${row.name}\n`);

  const side = (name: (typeof sides)[number]): Side => ({
    label: row[name].label,
    wallMs: stats(wall[name]),
    ...(row.peakRss === true ? { peakRssBytes: stats(rss[name]) } : {}),
    samplesMs: wall[name],
  });
  const floor = side('floor');
  const measured = side('measured');
  const ratio = {
    median: measured.wallMs.median / floor.wallMs.median,
    p90: measured.wallMs.p90 / floor.wallMs.p90,
  };
  const hasTimings = timings.some((run) => run.requests.length > 0 || Object.keys(run.phases).length > 0);
  return {
    section: row.section,
    name: row.name,
    floor,
    measured,
    ratio,
    ...(row.maxRatio === undefined ? {} : { maxRatio: row.maxRatio, met: ratio.median <= row.maxRatio }),
    ...(hasTimings ? { timings: summarizeTimings(timings) } : {}),
  };
}

const startedAt = new Date().toISOString();
const loadAtStart = os.loadavg();
const emulators = new Map<number, Promise<Emulator>>();
const floorDir = mkdtempSync(path.join(os.tmpdir(), 'publish-agent-bench-floor-'));
try {
  process.stderr.write('Bundling the floor script…\n');
  await build(floorDir, 'bench/floor.ts');
  const context: BenchContext = {
    emulator: (latencyMs) => {
      let emulator = emulators.get(latencyMs);
      if (emulator === undefined) {
        emulator = startEmulator({ latencyMs });
        emulators.set(latencyMs, emulator);
      }
      return emulator;
    },
    floorBundle: path.join(floorDir, 'index.js'),
  };
  const measured: RowResult[] = [];
  for (const row of rows) measured.push(await measureRow(row, context));
  const manifest = 'manifest'.includes(values.only) ? await benchManifest({ runs }) : undefined;
  if (manifest !== undefined) process.stderr.write(' manifest: 48 agents\n');

  const results: BenchResults = {
    date: startedAt,
    machine: {
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      cpus: os.availableParallelism(),
      loadAverage: { start: loadAtStart, end: os.loadavg() },
    },
    runs,
    rows: measured,
    size: measureDist(path.join(ROOT, 'dist')),
    ...(manifest === undefined ? {} : { manifest }),
  };
  const file = path.join(ROOT, 'bench', 'results.json');
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`\n${renderReport(results)}\nResults: ${path.relative(process.cwd(), file)}\n`);
} finally {
  rmSync(floorDir, { recursive: true, force: true });
  await Promise.all([...emulators.values()].map(async (emulator) => (await emulator).close()));
}
