import { describe, expect, it } from 'vitest';
import { linearFit, summarise } from '../../../bench/lib/soak-series.js';
import type { Point } from '../../../bench/lib/soak-series.js';

const MIB = 1024 * 1024;
const series = (values: readonly number[], everyS = 10): Point[] => values.map((value, i) => ({ atS: i * everyS, value }));

describe('soak series', () => {
  it('fits the least-squares line: exact on a line, the trend through noise, flat for a single point', () => {
    expect(linearFit(series([5, 7, 9, 11]))).toEqual({ slope: 0.2, intercept: 5 });
    const noisy = linearFit(series([10, 14, 10, 14, 10, 14]));
    expect(noisy.slope).toBeCloseTo(60 / 1750, 6); // Σ(t−t̄)(v−v̄) / Σ(t−t̄)²
    expect(linearFit(series([42]))).toEqual({ slope: 0, intercept: 42 });
  });

  it('passes a series that levels off after the warm-up and fails one that keeps growing past the bound', () => {
    const bound = { bytes: 16 * MIB, share: 0.1 };
    // Grows fast during a 60 s warm-up, then swings around 100 MiB.
    const levels = series([20, 50, 80, 95, 100, 104, 98, 103, 97, 102, 99, 101].map((m) => m * MIB));
    const flat = summarise(levels, 60, bound);
    expect(flat.passed).toBe(true);
    expect(flat.first).toBe(20 * MIB);
    expect(flat.max).toBe(104 * MIB);
    expect(Math.abs(flat.growthAfterWarmUp)).toBeLessThan(4 * MIB);

    // 3 MiB more every sample after the warm-up: 15 MiB over the 50 s window, 27 MiB over 90 s.
    const leak = (samples: number) => series(Array.from({ length: samples }, (_, i) => (100 + 3 * i) * MIB));
    expect(summarise(leak(6), 0, { bytes: 16 * MIB, share: 0 }).passed).toBe(true);
    const growing = summarise(leak(10), 0, { bytes: 16 * MIB, share: 0 });
    expect(growing.passed).toBe(false);
    expect(growing.growthAfterWarmUp).toBeCloseTo(27 * MIB, -3);
    expect(growing.slopePerHour).toBeCloseTo(0.3 * MIB * 3600, -3);
  });

  it('allows the larger of the absolute and the relative bound, reports an unbounded series, and fails a run too short to judge', () => {
    const big = series([1000, 1040, 1080].map((m) => m * MIB));
    expect(summarise(big, 0, { bytes: 16 * MIB, share: 0.1 })).toMatchObject({ allowed: 104 * MIB, passed: true });
    expect(summarise(big, 0)).toMatchObject({ allowed: undefined, passed: true });
    expect(summarise(big, 25, { bytes: 16 * MIB, share: 0.1 }).passed).toBe(false);
  });
});
