// The rollback's target from a release history (pure): each route back to what it served before the
// release now on it (a canary and its promotion are one release), per route; the agent's previous version
// without routes; loud where the history cannot say. And the exact weights a route is sent with.
import { describe, expect, it } from 'vitest';
import { StateError } from '../../src/errors.ts';
import type { RecordedRelease } from '../../src/publish/hooks.ts';
import { rollbackTarget, settled } from '../../src/publish/rollback-target.ts';
import { exactWeights } from '../../src/routing/weights.ts';

const A = '+14155550101';
const B = '+14155550102';
const on = (version: string, weight = '1') => ({ version, weight });

let id = 100;
/** A release, newest-first lists are built by the caller. */
function release(version: string, routes: [string, unknown[], unknown[]][] = [], previous?: string) {
  id++;
  return {
    version,
    ...(previous === undefined ? {} : { previous }),
    source: `GitHub deployment ${id}`,
    traffic: routes.map(([target, before, after]) => ({ target, direction: 'inbound', before, after })),
  } as RecordedRelease;
}

describe('rollbackTarget', () => {
  it('puts a route back to what it served before the canary, after the canary and its promotion', () => {
    const history = [
      release('2', [[A, [on('2', '0.1'), on('1', '0.9')], [on('2')]]]),
      release('2', [[A, [on('1')], [on('2', '0.1'), on('1', '0.9')]]]),
      release('1', [[A, [on('0')], [on('1')]]]),
    ];
    expect(settled(history, [A])).toBe(true);
    expect(rollbackTarget(history, [A])).toMatchObject({
      version: { number: '1' },
      routes: [{ target: A, direction: 'inbound', after: [on('1')] }],
      // Where it came from, in words: the release the canary began with.
      source: `what the routes served before GitHub deployment ${String(id - 1)}`,
    });
  });

  it('reads on until the canary and promotion of a route are both read, although another route has no record', () => {
    const newest = [release('3', [], '2'), release('2', [[A, [on('2', '0.1'), on('1', '0.9')], [on('2')]]])];
    // The agent's latest release (3) is read whole, but A's (2: canary, then promotion) is not.
    expect(settled(newest, [A, B])).toBe(false);
    const history = [...newest, release('2', [[A, [on('1')], [on('2', '0.1'), on('1', '0.9')]]])];
    expect(settled(history, [A, B])).toBe(false);
    const whole = [...history, release('1', [[A, [on('0')], [on('1')]]])];
    expect(settled(whole, [A, B])).toBe(true);
    expect(rollbackTarget(whole, [A, B])?.routes).toEqual([
      { target: A, direction: 'inbound', after: [on('1')] },
    ]);
  });

  it('chooses per route: A goes back although a later release moved only B', () => {
    const history = [release('3', [[B, [on('2')], [on('3')]]]), release('2', [[A, [on('1')], [on('2')]]])];
    const target = rollbackTarget(history, [A]);
    expect(target?.routes).toEqual([{ target: A, direction: 'inbound', after: [on('1')] }]);
  });

  it('passes over releases that left a route as it was', () => {
    const history = [release('2', [[A, [on('2')], [on('2')]]]), release('2', [[A, [on('1')], [on('2')]]])];
    expect(rollbackTarget(history, [A])?.routes?.[0]?.after).toEqual([on('1')]);
  });

  it('without routes, puts back the version live before the latest release', () => {
    const history = [release('3', [], '2'), release('3', [], '3'), release('2', [], '1')];
    expect(rollbackTarget(history, [])).toMatchObject({ version: { number: '2' } });
  });

  it('sends a listed route the history does not name to the previous version', () => {
    const history = [release('2', [[A, [on('1')], [on('2')]]], '1')];
    expect(rollbackTarget(history, [A, B])).toMatchObject({ others: { number: '1' } });
  });

  it('refuses a split before the release that held nothing of the agent', () => {
    const history = [release('2', [[A, [], [on('2')]]])];
    expect(() => rollbackTarget(history, [A])).toThrow(StateError);
    expect(() => rollbackTarget(history, [A])).toThrow(
      `${A} inbound served no version of this agent before GitHub deployment ${String(id)}, so there is nothing to put back on it.`,
    );
  });

  it('has no target without releases, and reads on while the latest release may go further back', () => {
    expect(rollbackTarget([], [A])).toBeUndefined();
    expect(settled([release('2', [[A, [on('1')], [on('2')]]])], [A])).toBe(false);
  });
});

describe('exactWeights', () => {
  const sum = (numbers: number[]) => numbers.reduce((a, b) => a + b, 0);

  it('keeps the exact decimals when they add up', () => {
    expect(exactWeights([100_000, 900_000], [])).toEqual([0.1, 0.9]);
  });

  it.each([[[0.3333333333]], [[4e-7]], [[0.1, 0.2]]])('adds up to exactly 1 with others at %j', (others) => {
    const own = exactWeights([100_000, 566_667], others) ?? [];
    expect(own).toHaveLength(2);
    expect(sum([...own, ...others])).toBe(1);
  });

  it('is undefined when the others alone take more than 1', () => {
    expect(exactWeights([0], [0.5000002, 0.5000002])).toBeUndefined();
  });
});
