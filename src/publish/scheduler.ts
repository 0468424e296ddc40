// Runs tasks with at most `concurrency` in flight overall and at most a per-group limit in flight
// per group (a provider). Pure: the work is a function given by the caller.

export interface ScheduleOptions<T, R> {
  readonly concurrency: number;
  /** The group an item belongs to and that group's limit (the same for every item of a group). */
  readonly group: (item: T) => { readonly key: string; readonly limit: number };
  readonly run: (item: T, index: number) => Promise<R>;
  /**
   * With failFast, items start in their order (the first ones are a canary), and the first failed
   * result stops new starts; what is running still finishes.
   */
  readonly failFast: boolean;
  readonly failed: (result: R) => boolean;
  /** The result of an item that was never started. */
  readonly skipped: (item: T, index: number) => R;
}

export interface Slot {
  readonly index: number;
  readonly group: string;
  readonly limit: number;
}

/**
 * The waiting item to start next, or undefined when every group with waiting items is at its limit.
 * In order: the first item whose group has room. Otherwise, among those, one of the group with the
 * most rounds of work left (waiting items ÷ limit), so that a tightly limited group starts early
 * instead of finishing alone at the end; ties go to the earliest item.
 */
export function pickNext<S extends Slot>(
  waiting: readonly S[],
  running: ReadonlyMap<string, number>,
  inOrder: boolean,
): S | undefined {
  const waitingIn = new Map<string, number>();
  for (const slot of waiting) waitingIn.set(slot.group, (waitingIn.get(slot.group) ?? 0) + 1);
  let best: S | undefined;
  let bestRounds = -1;
  for (const slot of waiting) {
    if ((running.get(slot.group) ?? 0) >= slot.limit) continue;
    if (inOrder) return slot;
    const rounds = (waitingIn.get(slot.group) ?? 0) / slot.limit;
    if (rounds > bestRounds) {
      best = slot;
      bestRounds = rounds;
    }
  }
  return best;
}

/** Every item's result, in the items' order. */
export async function schedule<T, R>(items: readonly T[], options: ScheduleOptions<T, R>): Promise<R[]> {
  const results = new Map<number, R>();
  let waiting = items.map((item, index) => {
    const { key, limit } = options.group(item);
    return { index, item, group: key, limit: Math.max(1, limit) };
  });
  const running = new Map<string, number>();
  const inFlight = new Set<Promise<void>>();
  // An object, not a variable: it is set inside callbacks, which narrowing does not follow.
  const halt = { stopped: false };

  const start = (slot: Slot & { readonly item: T }): void => {
    running.set(slot.group, (running.get(slot.group) ?? 0) + 1);
    const task = options
      .run(slot.item, slot.index)
      .then((result) => {
        results.set(slot.index, result);
        if (options.failFast && options.failed(result)) halt.stopped = true;
      })
      .finally(() => {
        running.set(slot.group, (running.get(slot.group) ?? 1) - 1);
        inFlight.delete(task);
      });
    inFlight.add(task);
  };

  for (;;) {
    while (!halt.stopped && inFlight.size < options.concurrency) {
      const next = pickNext(waiting, running, options.failFast);
      if (next === undefined) break;
      waiting = waiting.filter((slot) => slot !== next);
      start(next);
    }
    if (inFlight.size === 0) break;
    await Promise.race(inFlight);
  }
  return items.map((item, index) => results.get(index) ?? options.skipped(item, index));
}
