/**
 * An SVG chart of a results file, written by hand (no dependencies):
 * horizontal bars per figure, Cairn beside NATS, on log scales, with each
 * bar's range of trials as a whisker.
 */
import type { Comparison, Results } from './results.js';
import { formatNumber } from './results.js';
import type { Measure } from './stats.js';

interface Bar {
  readonly label: string;
  readonly cairn: Measure | undefined;
  readonly nats: Measure | undefined;
}

const WIDTH = 1100;
const LABEL_WIDTH = 470;
const PLOT_LEFT = LABEL_WIDTH + 10;
const PLOT_WIDTH = WIDTH - PLOT_LEFT - 80;
const BAR_HEIGHT = 9;
const ROW_HEIGHT = 2 * BAR_HEIGHT + 10;
const COLORS = { cairn: '#2b6cb0', nats: '#dd8a23' } as const;

const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function finite(values: (number | undefined)[]): number[] {
  return values.filter((v): v is number => v !== undefined && Number.isFinite(v) && v > 0);
}

/** One panel: a title, a log axis with 1-2-5 ticks, and two bars per row. Returns the SVG and its height. */
function panel(title: string, unit: string, bars: readonly Bar[], top: number): { svg: string; height: number } {
  const all = finite(bars.flatMap((b) => [b.cairn?.min, b.cairn?.max, b.nats?.min, b.nats?.max]));
  const parts: string[] = [`<text x="10" y="${top + 18}" font-size="15" font-weight="bold">${escape(title)}</text>`];
  if (all.length === 0) return { svg: parts.join('\n'), height: 40 };
  const lo = 10 ** Math.floor(Math.log10(Math.min(...all)));
  const hi = 10 ** Math.ceil(Math.log10(Math.max(...all)));
  const x = (value: number): number => PLOT_LEFT + (Math.log10(Math.max(value, lo) / lo) / Math.log10(hi / lo)) * PLOT_WIDTH;
  const plotTop = top + 30;
  const plotHeight = bars.length * ROW_HEIGHT;
  // Over many decades only the powers of ten are labelled, so the labels do not run into each other.
  const labelled = Math.log10(hi / lo) > 3 ? [1] : [1, 2, 5];
  for (let decade = lo; decade <= hi; decade *= 10) {
    for (const step of [1, 2, 5]) {
      const tick = decade * step;
      if (tick > hi) break;
      const major = step === 1;
      parts.push(`<line x1="${x(tick).toFixed(1)}" y1="${plotTop}" x2="${x(tick).toFixed(1)}" y2="${plotTop + plotHeight}" stroke="${major ? '#bbb' : '#e5e5e5'}"/>`);
      if (labelled.includes(step)) {
        parts.push(`<text x="${x(tick).toFixed(1)}" y="${plotTop + plotHeight + 14}" font-size="10" text-anchor="middle" fill="#555">${formatNumber(tick)}</text>`);
      }
    }
  }
  parts.push(`<text x="${PLOT_LEFT + PLOT_WIDTH / 2}" y="${plotTop + plotHeight + 30}" font-size="11" text-anchor="middle" fill="#333">${escape(unit)} (log scale)</text>`);
  bars.forEach((bar, row) => {
    const y = plotTop + row * ROW_HEIGHT + 4;
    parts.push(`<text x="${LABEL_WIDTH}" y="${y + BAR_HEIGHT + 4}" font-size="11" text-anchor="end">${escape(bar.label)}</text>`);
    (['cairn', 'nats'] as const).forEach((system, i) => {
      const m = bar[system];
      const by = y + i * BAR_HEIGHT;
      if (m === undefined || !Number.isFinite(m.median) || m.median <= 0) {
        parts.push(`<text x="${PLOT_LEFT + 4}" y="${by + BAR_HEIGHT - 1}" font-size="9" fill="#888">n/a</text>`);
        return;
      }
      parts.push(`<rect x="${PLOT_LEFT}" y="${by}" width="${Math.max(1, x(m.median) - PLOT_LEFT).toFixed(1)}" height="${BAR_HEIGHT - 1}" fill="${COLORS[system]}"/>`);
      if (m.max > m.min) parts.push(`<line x1="${x(m.min).toFixed(1)}" y1="${by + BAR_HEIGHT / 2}" x2="${x(m.max).toFixed(1)}" y2="${by + BAR_HEIGHT / 2}" stroke="#111" stroke-width="1"/>`);
      parts.push(`<text x="${(x(Math.max(m.median, m.max)) + 4).toFixed(1)}" y="${by + BAR_HEIGHT - 1}" font-size="9" fill="#333">${formatNumber(m.median)}</text>`);
    });
  });
  return { svg: parts.join('\n'), height: 30 + plotHeight + 40 };
}

const label = (c: Comparison, metric?: string): string => `${c.section === 'e2e' ? 'end-to-end' : c.section}: ${c.workload}${metric === undefined ? '' : ` · ${metric}`}`;

export function renderChart(results: Results): string {
  const throughput = results.comparisons.filter((c) => c.metric === 'msgs/s').map((c) => ({ label: label(c), cairn: c.cairn, nats: c.nats }));
  const latency = results.comparisons
    .filter((c) => c.better === 'lower' && c.metric !== 'p99.9 ms')
    .map((c) => ({ label: label(c, c.metric.replace(' ms', '')), cairn: c.cairn, nats: c.nats }));
  const first = panel('Throughput: higher is better', 'messages per second', throughput, 40);
  const second = panel('Latency and failover window: lower is better', 'milliseconds', latency, 40 + first.height + 10);
  const height = 40 + first.height + 10 + second.height + 10;
  const legend = [
    `<rect x="10" y="10" width="12" height="12" fill="${COLORS.cairn}"/><text x="28" y="21" font-size="12">Cairn</text>`,
    `<rect x="90" y="10" width="12" height="12" fill="${COLORS.nats}"/><text x="108" y="21" font-size="12">NATS JetStream (2.10 sync always beside fsync rows, 2.9 beside write caching rows)</text>`,
    `<text x="${WIDTH - 10}" y="21" font-size="11" text-anchor="end" fill="#555">median of trials; whisker: their range · ${escape(results.startedAt.slice(0, 10))}</text>`,
  ];
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif">`,
    `<rect width="${WIDTH}" height="${height}" fill="white"/>`,
    ...legend,
    first.svg,
    second.svg,
    '</svg>',
    '',
  ].join('\n');
}
