// The bench's results, as JSON and as the one table `npm run bench` prints.
import type { ManifestBench } from './manifest.ts';
import type { Stats } from './measure.ts';
import type { SizeGroup } from './size.ts';
import { PHASES, type TimingSummary } from './timings.ts';

export interface Side {
  readonly label: string;
  readonly wallMs: Stats;
  readonly peakRssBytes?: Stats;
  readonly samplesMs: readonly number[];
}

export interface RowResult {
  readonly section: string;
  readonly name: string;
  readonly floor: Side;
  readonly measured: Side;
  /** measured / floor, of the medians and of the p90s. */
  readonly ratio: Stats;
  readonly maxRatio?: number;
  readonly met?: boolean;
  /** From the action's debug timing lines; absent when the measured side is not the action. */
  readonly timings?: TimingSummary;
}

export interface BenchResults {
  readonly date: string;
  readonly machine: {
    readonly node: string;
    readonly platform: string;
    readonly cpus: number;
    readonly loadAverage: { readonly start: readonly number[]; readonly end: readonly number[] };
  };
  readonly runs: number;
  readonly rows: readonly RowResult[];
  readonly size: readonly SizeGroup[];
  /** The many-agents row (bench/manifest.ts); absent when --only left it out. */
  readonly manifest?: ManifestBench;
}

/** The target for a manifest release: wall time within 1.15 × the ideal. */
export const MANIFEST_MAX_RATIO = 1.15;

const ms = (value: number): string => value.toFixed(1);
const mb = (bytes: number): string => (bytes / 1e6).toFixed(1);
const kb = (bytes: number): string => `${Math.round(bytes / 1000)} KB`;
const ratio = (value: number): string => value.toFixed(2);
const verdict = (met: boolean): string => (met ? '✓ met' : '✗ missed');
const loads = (values: readonly number[]): string => values.map((load) => load.toFixed(2)).join(' ');

/** Columns padded to their widest cell: the first two left-aligned, the others right-aligned. */
function columns(lines: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const line of lines) line.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return lines.map((line) =>
    line
      .map((cell, i) => (i < 2 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

function wallTable(rows: readonly RowResult[]): string[] {
  const lines: string[][] = [
    ['', '', 'floor', '', 'measured', '', 'ratio', '', ''],
    ['wall time, ms', 'floor', 'median', 'p90', 'median', 'p90', 'median', 'p90', 'target'],
  ];
  let section = '';
  for (const row of rows) {
    if (row.section !== section) {
      section = row.section;
      lines.push([section]);
    }
    const target =
      row.maxRatio === undefined || row.met === undefined ? '' : `≤ ${row.maxRatio} ${verdict(row.met)}`;
    lines.push([
      `  ${row.name}`,
      row.floor.label,
      ms(row.floor.wallMs.median),
      ms(row.floor.wallMs.p90),
      ms(row.measured.wallMs.median),
      ms(row.measured.wallMs.p90),
      ratio(row.ratio.median),
      ratio(row.ratio.p90),
      target,
    ]);
    const floorRss = row.floor.peakRssBytes;
    const measuredRss = row.measured.peakRssBytes;
    if (floorRss !== undefined && measuredRss !== undefined) {
      lines.push([
        '    peak RSS, MB',
        '',
        mb(floorRss.median),
        mb(floorRss.p90),
        mb(measuredRss.median),
        mb(measuredRss.p90),
        ratio(measuredRss.median / floorRss.median),
        ratio(measuredRss.p90 / floorRss.p90),
      ]);
    }
  }
  return columns(lines);
}

function timingTable(rows: readonly RowResult[]): string[] {
  const lines: string[][] = [['where the time goes, medians, ms', '', ...PHASES, 'rest', 'requests']];
  for (const row of rows) {
    if (row.timings === undefined) continue;
    const { phases, requests, rest } = row.timings;
    lines.push([
      `  ${row.name}`,
      '',
      ...PHASES.map((phase) => (phases[phase] === undefined ? '–' : String(phases[phase]))),
      ms(rest),
      requests.map((request) => `${request.method} ${request.ms}`).join(' · '),
    ]);
  }
  return [
    ...columns(lines),
    '  node: Node start-up · load: reading and running the bundle · inputs: keys masked, inputs read',
    '  agents: plan, write, verify, closing connections · summary: outputs and job summary',
    '  rest: the wall time around the process: spawning it, and its exit',
  ];
}

function sizeTable(size: readonly SizeGroup[]): string[] {
  const lines: string[][] = [['size', '', 'files', 'raw', 'gzip', 'target']];
  for (const group of size) {
    const target =
      group.maxRaw === undefined ? '' : `≤ ${kb(group.maxRaw)} ${verdict(group.raw <= group.maxRaw)}`;
    lines.push([`  ${group.name}`, '', String(group.files), kb(group.raw), kb(group.gzip), target]);
  }
  return columns(lines);
}

function manifestTable(result: ManifestBench | undefined): string[] {
  if (result === undefined) return [];
  const { agents, concurrency, latencyMs, rounds, roundTripsPerAgent, coldStartMs, wallMs, idealMs, ratio } =
    result;
  return [
    `manifest: ${agents} agents, concurrency ${concurrency}, ${latencyMs} ms emulator latency (medians of ${result.runs} runs)`,
    `  wall ${wallMs} ms · ideal ${idealMs} ms = ${rounds} rounds × ${roundTripsPerAgent} round trips × ${latencyMs} ms + cold start ${coldStartMs} ms`,
    `  round trips of one agent alone: ${Object.entries(result.roundTripsByProvider)
      .map(([provider, trips]) => `${provider} ${trips}`)
      .join(' · ')} (${result.requestsPerAgent} requests an agent; reads sent at once wait one round trip)`,
    `  ratio ${ratio.toFixed(2)} · target ≤ ${MANIFEST_MAX_RATIO} ${verdict(ratio <= MANIFEST_MAX_RATIO)}`,
    '',
  ];
}

export function renderReport(results: BenchResults): string {
  const { machine } = results;
  return [
    `npm run bench · ${results.date} · Node ${machine.node} · ${machine.platform} · ${machine.cpus} CPUs`,
    `load average at start ${loads(machine.loadAverage.start)}, at end ${loads(machine.loadAverage.end)}`,
    `${results.runs} runs of each side, interleaved: floor, measured, floor, measured, …`,
    '',
    ...wallTable(results.rows),
    '',
    ...timingTable(results.rows),
    '',
    ...manifestTable(results.manifest),
    ...sizeTable(results.size),
    '',
  ].join('\n');
}
