/**
 * A soak test's measured series (one per node and quantity) and the verdict
 * on each: its first, last and largest value, the slope of a least-squares
 * line through it, and whether it kept growing after the warm-up. A series
 * that levels off has a fitted growth over the measured window near zero; a
 * leak shows as a growth that keeps pace with the run's length.
 */

export interface Point {
  /** Seconds since the run started. */
  readonly atS: number;
  readonly value: number;
}

/** The least-squares line through the points: value ≈ intercept + slope × atS. */
export function linearFit(points: readonly Point[]): { slope: number; intercept: number } {
  if (points.length < 2) return { slope: 0, intercept: points[0]?.value ?? 0 };
  const n = points.length;
  const meanT = points.reduce((sum, p) => sum + p.atS, 0) / n;
  const meanV = points.reduce((sum, p) => sum + p.value, 0) / n;
  let covariance = 0;
  let variance = 0;
  for (const p of points) {
    covariance += (p.atS - meanT) * (p.value - meanV);
    variance += (p.atS - meanT) ** 2;
  }
  const slope = variance === 0 ? 0 : covariance / variance;
  return { slope, intercept: meanV - slope * meanT };
}

/** How much a series may grow after the warm-up, along its fitted line: the larger of an absolute and a relative allowance. */
export interface GrowthBound {
  readonly bytes: number;
  /** A share of the series' mean after the warm-up, e.g. 0.1 for 10 %. */
  readonly share: number;
}

export interface SeriesSummary {
  readonly first: number;
  readonly last: number;
  readonly max: number;
  /** Slope over the whole run, per hour. */
  readonly slopePerHour: number;
  /** Growth of the line fitted to the samples after the warm-up, over their span. */
  readonly growthAfterWarmUp: number;
  /** What that growth may be (undefined: the series is reported, not judged). */
  readonly allowed: number | undefined;
  readonly passed: boolean;
}

/** Summarises a series; judged against `bound` over the points from `warmUpS` on (at least two are needed to judge). */
export function summarise(points: readonly Point[], warmUpS: number, bound?: GrowthBound): SeriesSummary {
  if (points.length === 0) throw new Error('a series needs at least one sample');
  const values = points.map((p) => p.value);
  const after = points.filter((p) => p.atS >= warmUpS);
  const span = after.length < 2 ? 0 : after.at(-1)!.atS - after[0]!.atS;
  const growthAfterWarmUp = linearFit(after).slope * span;
  const mean = after.length === 0 ? 0 : after.reduce((sum, p) => sum + p.value, 0) / after.length;
  const allowed = bound === undefined ? undefined : Math.max(bound.bytes, bound.share * mean);
  return {
    first: values[0]!,
    last: values.at(-1)!,
    max: Math.max(...values),
    slopePerHour: linearFit(points).slope * 3600,
    growthAfterWarmUp,
    allowed,
    // Too few samples after the warm-up to judge is a failure: the run was too short to prove anything.
    passed: allowed === undefined || (after.length >= 2 && growthAfterWarmUp <= allowed),
  };
}
