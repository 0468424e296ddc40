// allSettled (src/settle.ts): reads sent at once all end before the step goes on, whichever fails.
import { describe, expect, it } from 'vitest';
import { allSettled } from '../../src/settle.ts';
import { deferred } from '../support/deferred.ts';

describe('allSettled', () => {
  it('gives every value, in the order given', async () => {
    await expect(
      allSettled([Promise.resolve(1), Promise.resolve('two'), Promise.resolve(undefined)]),
    ).resolves.toEqual([1, 'two', undefined]);
  });

  it('does not fail before the other reads have ended', async () => {
    const slow = deferred<string>();
    let settled = false;
    const all = allSettled([Promise.reject(new Error('first')), slow.promise]).finally(() => {
      settled = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    slow.resolve('late');
    await expect(all).rejects.toThrow('first');
  });

  it('throws the failure of the first read in the order given, not the first to fail', async () => {
    const first = deferred<string>();
    const all = allSettled([first.promise, Promise.reject(new Error('second'))]);
    first.reject(new Error('first'));
    await expect(all).rejects.toThrow('first');
  });
});
