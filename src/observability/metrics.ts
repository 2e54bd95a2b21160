/**
 * Prometheus metrics. Each node owns a registry (not prom-client's global
 * one), so nodes sharing a process in tests and the simulator do not
 * collide. Metrics are created once per name: asking again returns the same
 * one, so modules need not pass metric objects around.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

type MetricType = 'counter' | 'gauge' | 'histogram';

interface Registered {
  readonly type: MetricType;
  readonly labelNames: readonly string[];
  readonly metric: Counter | Gauge | Histogram;
}

export interface MetricsOptions {
  /** Labels on every metric, such as `{ node: '1' }`. */
  readonly defaultLabels?: Readonly<Record<string, string>>;
  /** prom-client's process metrics (CPU, memory, event-loop lag); once per process makes sense. */
  readonly processMetrics?: boolean;
}

export class Metrics {
  readonly registry = new Registry();
  readonly #metrics = new Map<string, Registered>();

  constructor(options: MetricsOptions = {}) {
    if (options.defaultLabels !== undefined) this.registry.setDefaultLabels({ ...options.defaultLabels });
    if (options.processMetrics === true) collectDefaultMetrics({ register: this.registry, prefix: 'cairn_' });
  }

  /** `collect` runs before each exposition: a hot path may count in plain numbers and hand them over there. */
  counter<L extends string = string>(name: string, help: string, labelNames: readonly L[] = [], collect?: () => void): Counter<L> {
    return this.#once(name, 'counter', labelNames, () => new Counter({ name, help, labelNames, registers: [this.registry], ...(collect !== undefined && { collect }) }));
  }

  gauge<L extends string = string>(name: string, help: string, labelNames: readonly L[] = [], collect?: () => void): Gauge<L> {
    return this.#once(name, 'gauge', labelNames, () => new Gauge({ name, help, labelNames, registers: [this.registry], ...(collect !== undefined && { collect }) }));
  }

  /** `buckets` in the metric's unit (seconds for `_seconds`); prom-client's defaults suit request latencies. */
  histogram<L extends string = string>(name: string, help: string, labelNames: readonly L[] = [], buckets?: readonly number[]): Histogram<L> {
    return this.#once(name, 'histogram', labelNames, () =>
      new Histogram({ name, help, labelNames, registers: [this.registry], ...(buckets === undefined ? {} : { buckets: [...buckets] }) }),
    );
  }

  /** The Prometheus text exposition, for `GET /metrics`. */
  expose(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  #once<M extends Counter | Gauge | Histogram>(name: string, type: MetricType, labelNames: readonly string[], create: () => M): M {
    const existing = this.#metrics.get(name);
    if (existing === undefined) {
      const metric = create();
      this.#metrics.set(name, { type, labelNames: [...labelNames], metric });
      return metric;
    }
    // Two modules disagreeing about a metric is a bug, not an operating error.
    if (existing.type !== type || existing.labelNames.join() !== labelNames.join()) {
      throw new Error(`metric ${name} is a ${existing.type} with labels [${existing.labelNames.join(', ')}], not a ${type} with [${labelNames.join(', ')}]`);
    }
    return existing.metric as M;
  }
}
