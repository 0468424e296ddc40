// Where the time goes inside the action, read from the debug lines every run prints (shown on a
// runner with RUNNER_DEBUG=1): `timing: <phase> <ms> ms` and one `<request> → <status> in <ms> ms`
// per HTTP request.
import { stats } from './measure.ts';

/** The phases in the order they happen; together with `rest` they make up the wall time. */
export const PHASES = ['node', 'load', 'inputs', 'agents', 'summary'] as const;
export type Phase = (typeof PHASES)[number];

export interface RequestTiming {
  /** `GET`, `POST`, … */
  readonly method: string;
  /** The whole debug label, e.g. `Talkover GET /api/v1/agents/…`. */
  readonly label: string;
  readonly ms: number;
}

export interface RunTimings {
  readonly phases: Readonly<Partial<Record<Phase, number>>>;
  readonly requests: readonly RequestTiming[];
  /** Wall time not inside any phase: spawning the process, and its exit. */
  readonly rest: number;
}

const PHASE_LINE = /^::debug::timing: (\w+) (\d+) ms$/;
const REQUEST_LINE = /^::debug::(\S+ (\S+) .*) → \d+ in (\d+) ms$/;

function isPhase(name: string): name is Phase {
  return (PHASES as readonly string[]).includes(name);
}

export function parseTimings(stdout: string, wallMs: number): RunTimings {
  const phases: Partial<Record<Phase, number>> = {};
  const requests: RequestTiming[] = [];
  for (const line of stdout.split('\n')) {
    const phase = PHASE_LINE.exec(line);
    if (phase?.[1] !== undefined && isPhase(phase[1])) phases[phase[1]] = Number(phase[2]);
    const request = REQUEST_LINE.exec(line);
    if (request?.[1] !== undefined && request[2] !== undefined)
      requests.push({ label: request[1], method: request[2], ms: Number(request[3]) });
  }
  const inPhases = Object.values(phases).reduce((sum, ms) => sum + ms, 0);
  return { phases, requests, rest: wallMs - inPhases };
}

export interface TimingSummary {
  /** Median of each phase over the runs that printed it. */
  readonly phases: Readonly<Partial<Record<Phase, number>>>;
  /** The n-th request of every run, by its label in the first run, with its median. */
  readonly requests: readonly RequestTiming[];
  readonly rest: number;
}

export function summarizeTimings(runs: readonly RunTimings[]): TimingSummary {
  const phases: Partial<Record<Phase, number>> = {};
  for (const phase of PHASES) {
    const values = runs.flatMap((run) => run.phases[phase] ?? []);
    if (values.length > 0) phases[phase] = stats(values).median;
  }
  const requests = (runs[0]?.requests ?? []).map((first, index) => ({
    ...first,
    ms: stats(runs.flatMap((run) => run.requests[index]?.ms ?? [])).median,
  }));
  return { phases, requests, rest: stats(runs.map((run) => run.rest)).median };
}
