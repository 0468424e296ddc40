// Where a run's time goes, as `timing: <phase> <ms> ms` debug lines (shown with RUNNER_DEBUG=1,
// read by `npm run bench`).

/** Returns a lap timer: each call gives the whole milliseconds since the previous call (or creation). */
export function stopwatch(): () => number {
  let last = performance.now();
  return () => {
    const now = performance.now();
    const elapsed = Math.round(now - last);
    last = now;
    return elapsed;
  };
}

/** Node's own start-up, then loading this bundle, both up to now: the phases before any of our code runs. */
export function startupTimings(): string[] {
  const { bootstrapComplete } = performance.nodeTiming;
  return [
    `timing: node ${Math.round(bootstrapComplete)} ms`,
    `timing: load ${Math.round(performance.now() - bootstrapComplete)} ms`,
  ];
}

/**
 * The step's deadline: a time (milliseconds after the process started, as performance.now() counts) past
 * which no request is sent or waited for. One object per step, shared by its agents: time the step spends
 * on something that must not cost the publishes (recording a GitHub deployment) moves it on for all.
 */
export class Deadline {
  /** As set: milliseconds after the process started. */
  readonly limitMs: number;
  private extendedMs = 0;

  /** `limitMs` after `startMs` (both as performance.now() counts; 0: when the process started). */
  constructor(limitMs: number, startMs = 0) {
    this.limitMs = startMs + limitMs;
  }

  /** Milliseconds left; zero or less once it has passed. */
  remainingMs(): number {
    return this.limitMs + this.extendedMs - performance.now();
  }

  /** Moves the deadline on by `ms`. */
  extend(ms: number): void {
    this.extendedMs += ms;
  }
}
