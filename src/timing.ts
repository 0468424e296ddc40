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
 * The step's time: what its deadline counts and what its waits (retry backoff, test-run polling) wait on.
 * One per step, given by the runner (src/action/core.ts): tests give a virtual one whose waits end at once.
 */
export interface Clock {
  /** Milliseconds since the step started. */
  now(): number;
  /** Resolves once `ms` of this clock's time has passed. */
  sleep(ms: number): Promise<void>;
}

/**
 * The action's clock: the runner starts the action's process for the step, so performance.now()
 * counts from the step's start. Waits use the global timer (which a unit test may fake).
 */
export const processClock: Clock = {
  now: () => performance.now(),
  sleep: (ms) =>
    new Promise((resolve) => {
      setTimeout(resolve, ms);
    }),
};

/**
 * The step's deadline: a time on the step's clock past which no request is sent or waited for. One
 * object per step, shared by its agents: time the step spends on something that must not cost the
 * publishes (recording a GitHub deployment) moves it on for all.
 */
export class Deadline {
  /** As set: milliseconds after the step started. */
  readonly limitMs: number;
  /** The step's clock, which the deadline counts on: waits up to the deadline use it too. */
  readonly clock: Clock;
  private extendedMs = 0;

  constructor(limitMs: number, clock: Clock) {
    this.limitMs = limitMs;
    this.clock = clock;
  }

  /** Milliseconds left; zero or less once it has passed. */
  remainingMs(): number {
    return this.limitMs + this.extendedMs - this.clock.now();
  }

  /** Moves the deadline on by `ms`. */
  extend(ms: number): void {
    this.extendedMs += ms;
  }
}
