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
