/** Figures of repeated trials, and latency histograms. */
import * as hdr from 'hdr-histogram-js';

/** One figure measured in several trials: the median, and the range it came from. */
export interface Measure {
  readonly trials: readonly number[];
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

export function measure(trials: readonly number[]): Measure {
  const sorted = [...trials].filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  if (sorted.length === 0) return { trials, median: Number.NaN, min: Number.NaN, max: Number.NaN };
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { trials, median, min: sorted[0]!, max: sorted[sorted.length - 1]! };
}

/** Several trials of several figures each, e.g. [{ p50, p99 }, …], as one Measure per figure. */
export function measureEach<K extends string>(trials: readonly Readonly<Record<K, number>>[]): Record<K, Measure> {
  const keys = Object.keys(trials[0] ?? {}) as K[];
  return Object.fromEntries(keys.map((key) => [key, measure(trials.map((trial) => trial[key]))])) as Record<K, Measure>;
}

export interface LatencySummary {
  readonly count: number;
  readonly p50: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
}

/** Latencies in milliseconds, kept in microseconds with 3 significant digits, up to 10 minutes. */
export class LatencyHistogram {
  readonly #histogram = hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 600_000_000,
    numberOfSignificantValueDigits: 3,
    useWebAssembly: false,
  });

  record(ms: number): void {
    this.#histogram.recordValue(Math.max(1, Math.round(ms * 1000)));
  }

  get count(): number {
    return this.#histogram.totalCount;
  }

  summary(): LatencySummary {
    const at = (p: number): number => this.#histogram.getValueAtPercentile(p) / 1000;
    return { count: this.count, p50: at(50), p99: at(99), p999: at(99.9), max: this.#histogram.maxValue / 1000 };
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A bound for Promise.race that does not keep the process alive once the other side has settled. */
export const deadline = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms).unref());
