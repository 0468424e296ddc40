// The step's clock for tests (src/timing.ts Clock): time runs as usual, but a wait ends at once and moves
// the clock on by what it asked for. Deadlines still expire when they would, the log still says "retry 1/3
// in 2.0 s", and a test reads the waits instead of timing the run.
import type { Clock } from '../../src/timing.ts';

export interface VirtualClock extends Clock {
  /** Every wait asked for, in milliseconds, in order. */
  readonly waits: readonly number[];
  /** Moves the clock on without a wait of the action's: a slow answer, as the step would see it. */
  advance(ms: number): void;
}

/**
 * A clock that starts at 0 now. `during(wait)`, when given, runs inside each wait (wait: its index from
 * 0) before the clock moves on: what the provider does while the action waits, without racing it.
 */
export function virtualClock(during?: (wait: number) => void): VirtualClock {
  const origin = performance.now();
  const waits: number[] = [];
  let skippedMs = 0;
  return {
    waits,
    now: () => performance.now() - origin + skippedMs,
    sleep: async (ms) => {
      during?.(waits.length);
      waits.push(ms);
      skippedMs += ms;
      // Lets I/O and timers that are due run, as a real wait would.
      await new Promise((resolve) => setImmediate(resolve));
    },
    advance: (ms) => {
      skippedMs += ms;
    },
  };
}
