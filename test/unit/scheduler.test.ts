import { setImmediate as settled } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { pickNext, schedule, type Slot } from '../../src/publish/scheduler.ts';

interface Item {
  readonly id: string;
  readonly group: string;
  readonly limit: number;
  readonly fails?: boolean;
}

const items = (group: string, limit: number, count: number): Item[] =>
  Array.from({ length: count }, (_, i) => ({ id: `${group}${i + 1}`, group, limit }));

/**
 * Runs the items in rounds: every task waits until the test finishes the current round, then all
 * that are running finish together. Returns the ids started in each round, and the results.
 */
async function inRounds(list: readonly Item[], concurrency: number, failFast = false) {
  let running: { item: Item; finish: () => void }[] = [];
  const done = schedule(list, {
    concurrency,
    group: (item) => ({ key: item.group, limit: item.limit }),
    run: (item) =>
      new Promise<string>((resolve) => {
        running.push({
          item,
          finish: () => {
            resolve(item.fails === true ? 'failed' : 'ok');
          },
        });
      }),
    failFast,
    failed: (result) => result === 'failed',
    skipped: () => 'skipped',
  });
  const rounds: string[][] = [];
  for (;;) {
    await settled();
    if (running.length === 0) break;
    const round = running;
    running = [];
    rounds.push(round.map(({ item }) => item.id));
    for (const { finish } of round) finish();
  }
  return { rounds, results: await done };
}

function peakPerGroup(rounds: readonly string[][], list: readonly Item[]): Map<string, number> {
  const peaks = new Map<string, number>();
  for (const round of rounds) {
    for (const group of new Set(list.map((item) => item.group))) {
      const count = round.filter((id) => list.find((item) => item.id === id)?.group === group).length;
      peaks.set(group, Math.max(peaks.get(group) ?? 0, count));
    }
  }
  return peaks;
}

describe('pickNext', () => {
  const slot = (index: number, group: string, limit: number): Slot => ({ index, group, limit });

  it('passes over groups at their limit, and says when nothing can start', () => {
    const waiting = [slot(0, 'a', 1), slot(1, 'b', 2)];
    expect(pickNext(waiting, new Map([['a', 1]]), false)).toBe(waiting[1]);
    expect(
      pickNext(
        waiting,
        new Map([
          ['a', 1],
          ['b', 2],
        ]),
        false,
      ),
    ).toBeUndefined();
  });

  it('prefers the group with the most rounds of work left, else the earliest item', () => {
    const waiting = [slot(0, 'wide', 4), slot(1, 'wide', 4), slot(2, 'narrow', 1), slot(3, 'narrow', 1)];
    expect(pickNext(waiting, new Map(), false)?.index).toBe(2);
    expect(pickNext([slot(0, 'a', 2), slot(1, 'b', 2)], new Map(), false)?.index).toBe(0);
  });

  it('in order, takes the first item whose group has room', () => {
    const waiting = [slot(0, 'wide', 4), slot(1, 'narrow', 1), slot(2, 'narrow', 1)];
    expect(pickNext(waiting, new Map(), true)?.index).toBe(0);
    expect(pickNext(waiting, new Map([['wide', 4]]), true)?.index).toBe(1);
  });
});

describe('schedule', () => {
  it('keeps within the overall and the per-group limits, and returns results in the items’ order', async () => {
    const list = [...items('a', 2, 5), ...items('b', 4, 7), ...items('c', 3, 3)];
    const { rounds, results } = await inRounds(list, 5);
    expect(Math.max(...rounds.map((round) => round.length))).toBe(5);
    for (const [group, peak] of peakPerGroup(rounds, list))
      expect(peak).toBeLessThanOrEqual(list.find((item) => item.group === group)?.limit ?? 0);
    expect(rounds.flat().sort()).toEqual(list.map((item) => item.id).sort());
    expect(results).toEqual(list.map(() => 'ok'));
  });

  it('starts a tightly limited group early, so it does not finish alone at the end', async () => {
    // 24 items, 8 at once: 3 rounds at best overall, but group a (limit 2) needs 4 rounds however it goes.
    const list = [...items('b', 4, 8), ...items('c', 4, 8), ...items('a', 2, 8)];
    expect((await inRounds(list, 8)).rounds).toHaveLength(4);
    // In the items' order, a starts only when b and c leave room: two more rounds.
    expect((await inRounds(list, 8, true)).rounds).toHaveLength(6);
  });

  it('with fail-fast, starts in order and starts nothing after a failure; what runs finishes', async () => {
    const list: Item[] = [{ id: 'x1', group: 'x', limit: 4, fails: true }, ...items('y', 4, 4)];
    const { rounds, results } = await inRounds(list, 2, true);
    expect(rounds).toEqual([['x1', 'y1']]);
    expect(results).toEqual(['failed', 'ok', 'skipped', 'skipped', 'skipped']);
  });

  it('without fail-fast, runs every item after a failure', async () => {
    const list: Item[] = [{ id: 'x1', group: 'x', limit: 4, fails: true }, ...items('y', 4, 4)];
    const { results } = await inRounds(list, 1);
    expect(results).toEqual(['failed', 'ok', 'ok', 'ok', 'ok']);
  });

  it('runs one at a time with concurrency 1', async () => {
    const { rounds } = await inRounds(items('a', 4, 3), 1);
    expect(rounds).toEqual([['a1'], ['a2'], ['a3']]);
  });
});
