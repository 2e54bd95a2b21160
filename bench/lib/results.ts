/** The results file of `npm run bench`, and its table; read again by `npm run bench:report`. */
import { P99_RATIO_MAX, THROUGHPUT_RATIO_MIN } from './auth-overhead.js';
import type { AuthOverhead } from './auth-overhead.js';
import type { Measure } from './stats.js';

export type Section = 'produce' | 'latency' | 'e2e' | 'consume' | 'failover';

/** One figure of one workload, measured on Cairn and on its NATS counterpart in the same run. */
export interface Comparison {
  readonly section: Section;
  /** e.g. '1 KiB · RF 3 · fsync · 12 partitions'. */
  readonly workload: string;
  /** e.g. 'msgs/s', 'p99 ms'. */
  readonly metric: string;
  readonly better: 'higher' | 'lower';
  readonly cairn: Measure | undefined;
  readonly nats: Measure | undefined;
  /** Which NATS server and settings. */
  readonly natsLabel: string;
  /** Throughput rows: the same in MB/s. */
  readonly mbPerSecond?: { readonly cairn: Measure | undefined; readonly nats: Measure | undefined };
  /** Saturation, errors, anything that qualifies the figures. */
  readonly notes: readonly string[];
}

export interface ScaleNode {
  readonly cpuPercent: number;
  readonly rssMiB: number;
}

export interface ScaleResult {
  readonly partitions: number;
  /** Until every partition had a leader; undefined when not done by the deadline. */
  readonly createSeconds: number | undefined;
  readonly deadlineSeconds: number;
  readonly ledPartitions: number;
  /** Idle, after creation: one entry per node. */
  readonly nodes: readonly ScaleNode[];
  readonly error?: string;
}

export interface Results {
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly seconds: number;
  readonly command: string;
  readonly quick: boolean;
  readonly machine: Readonly<Record<string, string>>;
  readonly versions: Readonly<Record<string, string>>;
  readonly settings: Readonly<Record<string, string>>;
  readonly comparisons: readonly Comparison[];
  readonly scale: readonly ScaleResult[];
  /** The auth section, when it ran (results files from before it have none). */
  readonly auth?: AuthOverhead;
  readonly errors: readonly string[];
}

/** The order of sections in tables. */
const SECTIONS: readonly Section[] = ['produce', 'latency', 'e2e', 'consume', 'failover'];

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '–';
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  return value.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** `median (min–max)`, or the single value when there was one trial. */
export function formatMeasure(measure: Measure | undefined): string {
  if (measure === undefined || !Number.isFinite(measure.median)) return 'n/a';
  if (measure.trials.length <= 1) return formatNumber(measure.median);
  return `${formatNumber(measure.median)} (${formatNumber(measure.min)}–${formatNumber(measure.max)})`;
}

export function ratio(comparison: Comparison): number {
  const cairn = comparison.cairn?.median ?? Number.NaN;
  const nats = comparison.nats?.median ?? Number.NaN;
  return nats === 0 ? Number.NaN : cairn / nats;
}

/** Whether Cairn did better than NATS on this row. */
export function cairnAhead(comparison: Comparison): boolean | undefined {
  const r = ratio(comparison);
  if (!Number.isFinite(r)) return undefined;
  return comparison.better === 'higher' ? r > 1 : r < 1;
}

export function formatRatioValue(r: number): string {
  return r >= 10 ? r.toFixed(0) : r >= 0.1 ? r.toFixed(2) : r.toPrecision(2);
}

function formatRatio(comparison: Comparison): string {
  const r = ratio(comparison);
  if (!Number.isFinite(r)) return 'n/a';
  const ahead = cairnAhead(comparison);
  return `${formatRatioValue(r)}× ${ahead === true ? '(Cairn ahead)' : '(NATS ahead)'}`;
}

function throughputCell(measure: Measure | undefined, mb: Measure | undefined): string {
  const text = formatMeasure(measure);
  return mb === undefined || !Number.isFinite(mb.median) ? text : `${text}; ${formatNumber(mb.median)} MB/s`;
}

/** The comparison table in Markdown: one row per figure, the ratio Cairn/NATS on each. */
export function comparisonTable(results: Results): string {
  const lines = [
    '| section | workload | figure | Cairn | NATS | NATS server | Cairn/NATS | notes |',
    '|---|---|---|---:|---:|---|---:|---|',
  ];
  const sorted = [...results.comparisons].sort((a, b) => SECTIONS.indexOf(a.section) - SECTIONS.indexOf(b.section));
  for (const c of sorted) {
    lines.push(
      `| ${c.section} | ${c.workload} | ${c.metric} | ${throughputCell(c.cairn, c.mbPerSecond?.cairn)} | ${throughputCell(c.nats, c.mbPerSecond?.nats)} | ${c.natsLabel} | ${formatRatio(c)} | ${c.notes.join('; ')} |`,
    );
  }
  return lines.join('\n');
}

export function scaleTable(results: Results): string {
  const lines = [
    '| partitions (RF 3, 3 nodes) | time to create | idle CPU per node (% of a core) | RSS per node (MiB) |',
    '|---:|---|---|---|',
  ];
  for (const s of results.scale) {
    const created =
      s.partitions === 0
        ? '–'
        : s.createSeconds !== undefined
          ? `${formatNumber(s.createSeconds)} s`
          : `not done in ${s.deadlineSeconds} s: ${s.ledPartitions.toLocaleString('en')} of ${s.partitions.toLocaleString('en')} had a leader${s.error === undefined ? '' : ` (${s.error})`}`;
    const unfinished = s.partitions > 0 && s.createSeconds === undefined && s.nodes.length > 0 ? ' (still creating)' : '';
    const cpu = s.nodes.map((n) => formatNumber(n.cpuPercent)).join(' / ') + unfinished;
    const rss = s.nodes.map((n) => formatNumber(n.rssMiB)).join(' / ');
    lines.push(`| ${s.partitions === 0 ? '0 (metadata only)' : s.partitions.toLocaleString('en')} | ${created} | ${cpu || 'n/a'} | ${rss || 'n/a'} |`);
  }
  return lines.join('\n');
}

export function settingsList(results: Results): string {
  const list = (record: Readonly<Record<string, string>>): string[] => Object.entries(record).map(([key, value]) => `- ${key}: ${value}`);
  return [
    `Run of ${results.startedAt} (${Math.round(results.seconds / 60)} min), \`${results.command}\`${results.quick ? ' (the short version: one trial, fewer rows)' : ''}.`,
    '',
    '**Machine**',
    '',
    ...list(results.machine),
    '',
    '**Versions**',
    '',
    ...list(results.versions),
    '',
    '**Settings**',
    '',
    ...list(results.settings),
  ].join('\n');
}

/** Authentication and authorization off against on: one row per figure, the ratio on ÷ off and whether it meets its target. */
export function authTable(auth: AuthOverhead): string {
  const verdict = (met: boolean): string => (met ? 'met' : 'missed');
  const p99Label = `p99 ms at ${auth.ratePerSecond.toLocaleString('en')}/s`;
  return [
    `Workload: ${auth.workload}.`,
    '',
    '| figure | auth off | auth on | on ÷ off | target |',
    '|---|---:|---:|---:|---|',
    `| msgs/s (closed loop) | ${formatMeasure(auth.off.recordsPerSecond)} | ${formatMeasure(auth.on.recordsPerSecond)} | ${auth.throughputRatio.toFixed(3)}× | ≥ ${THROUGHPUT_RATIO_MIN}×: ${verdict(auth.throughputRatio >= THROUGHPUT_RATIO_MIN)} |`,
    `| ${p99Label} | ${formatMeasure(auth.off.p99Ms)} | ${formatMeasure(auth.on.p99Ms)} | ${auth.p99Ratio.toFixed(3)}× | ≤ ${P99_RATIO_MAX}×: ${verdict(auth.p99Ratio <= P99_RATIO_MAX)} |`,
  ].join('\n');
}
