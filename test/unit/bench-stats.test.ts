import { describe, expect, it } from 'vitest';
import { stats } from '../../bench/measure.ts';

describe('bench stats', () => {
  it('gives the nearest-rank median and 90th percentile, whatever the order of the samples', () => {
    const samples = [10, 1, 9, 2, 8, 3, 7, 4, 6, 5];
    expect(stats(samples)).toEqual({ median: 5, p90: 9 });
    expect(stats([...samples, 11])).toEqual({ median: 6, p90: 10 });
  });

  it('is the sample itself for one sample, and refuses none', () => {
    expect(stats([42])).toEqual({ median: 42, p90: 42 });
    expect(() => stats([])).toThrow('no samples');
  });
});
