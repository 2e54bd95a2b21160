/** The results file of `npm run bench`, and its table; read again by `npm run bench:report`. */
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
  /** The same node's RSS once ready, before any topic (results files from before it have none). */
  readonly baselineRssMiB?: number;
}

/** SIGKILL of one node other than the controller, after creation and the idle measurement. */
export interface ScaleFailover {
  readonly node: number;
  /** Partitions it led when killed. */
  readonly ledPartitions: number;
  /** From the kill until every partition it led had another leader; undefined past the deadline. */
  readonly newLeadersSeconds?: number;
  /** Partitions of those written to once they had new leaders, one record each at once. */
  readonly sampled: number;
  /** Until every record of that produce was acknowledged. */
  readonly sampleProduceSeconds?: number;
  /** From the restart on its data until its /readyz answered 200. */
  readonly restartReadySeconds?: number;
  readonly error?: string;
}

export interface ScaleResult {
  readonly partitions: number;
  /** Until every partition had a leader; undefined when not done by the deadline. */
  readonly createSeconds: number | undefined;
  readonly deadlineSeconds: number;
  readonly ledPartitions: number;
  /** Idle, after creation: one entry per node. */
  readonly nodes: readonly ScaleNode[];
  /** Absent for 0 partitions, when creation did not finish, and in results files from before it. */
  readonly failover?: ScaleFailover;
  readonly error?: string;
}

export interface AuthFigures {
  readonly recordsPerSecond: Measure;
  /** The nodes' CPU per record of the closed loop (absent from results files older than it). */
  readonly cpuMicrosPerRecord?: Measure;
  readonly p99Ms: Measure;
}

/** The auth section (bench/lib/auth-overhead.ts): Cairn with authentication and authorization off against on. */
export interface AuthOverhead {
  readonly workload: string;
  readonly ratePerSecond: number;
  readonly off: AuthFigures;
  readonly on: AuthFigures;
  /** Medians on ÷ off. */
  readonly throughputRatio: number;
  readonly p99Ratio: number;
  readonly notes: readonly string[];
}

/** The targets of on ÷ off: throughput at least, p99 at most. */
export const THROUGHPUT_RATIO_MIN = 0.95;
export const P99_RATIO_MAX = 1.1;

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

/**
 * RSS a node grows by per 1,000 partitions it hosts (at RF 3 on 3 nodes,
 * each hosts every partition): the mean over nodes of (idle RSS − RSS
 * before any topic) ÷ thousands of partitions.
 */
export function mibPerThousandPartitions(s: ScaleResult): number | undefined {
  const grown = s.nodes.flatMap((n) => (n.baselineRssMiB === undefined ? [] : [n.rssMiB - n.baselineRssMiB]));
  if (s.partitions === 0 || grown.length === 0) return undefined;
  return grown.reduce((a, b) => a + b, 0) / grown.length / (s.partitions / 1000);
}

const seconds = (value: number | undefined, missing: string): string => (value === undefined ? missing : `${formatNumber(value)} s`);

function failoverCells(s: ScaleResult): [string, string, string] {
  const f = s.failover;
  if (f === undefined) return ['–', '–', '–'];
  const leaders = `${seconds(f.newLeadersSeconds, `not within ${s.deadlineSeconds} s`)} (node ${f.node}, ${f.ledPartitions.toLocaleString('en')} led)`;
  const produce = f.newLeadersSeconds === undefined ? '–' : f.sampleProduceSeconds === undefined ? 'failed' : `${formatNumber(f.sampleProduceSeconds)} s (${f.sampled} partitions)`;
  const restart = f.newLeadersSeconds === undefined ? '–' : seconds(f.restartReadySeconds, `not within ${s.deadlineSeconds} s`);
  return [leaders, produce, restart];
}

export function scaleTable(results: Results): string {
  const lines = [
    '| partitions (RF 3, 3 nodes) | time to create | idle CPU per node (% of a core) | RSS per node (MiB) | MiB per 1,000 partitions | failover: new leaders (killed node, partitions it led) | then produce to a sample | killed node ready after restart |',
    '|---:|---|---|---|---:|---|---|---|',
  ];
  const notes: string[] = [];
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
    const perThousand = mibPerThousandPartitions(s);
    const size = s.partitions === 0 ? '0 (metadata only)' : s.partitions.toLocaleString('en');
    const failover = failoverCells(s).join(' | ');
    lines.push(`| ${size} | ${created} | ${cpu || 'n/a'} | ${rss || 'n/a'} | ${perThousand === undefined ? '–' : formatNumber(perThousand)} | ${failover} |`);
    if (s.failover?.error !== undefined) notes.push(`${size}: ${s.failover.error}`);
  }
  return [...lines, ...notes.map((note) => `\nFailover at ${note}.`)].join('\n');
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
    ...(auth.off.cpuMicrosPerRecord === undefined || auth.on.cpuMicrosPerRecord === undefined
      ? []
      : [
          `| node CPU µs per record (closed loop, 3 nodes) | ${formatMeasure(auth.off.cpuMicrosPerRecord)} | ${formatMeasure(auth.on.cpuMicrosPerRecord)} | ${(auth.on.cpuMicrosPerRecord.median / auth.off.cpuMicrosPerRecord.median).toFixed(3)}× | none: what the checks cost, less disturbed by other work |`,
        ]),
  ].join('\n');
}
