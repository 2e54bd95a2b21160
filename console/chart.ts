/** A small line chart of recent samples, drawn as SVG: the overview's throughput. */
import { html } from 'htm/preact';
import type { VNode } from 'preact';

const WIDTH = 600;
const HEIGHT = 120;

/** `values` oldest first; the y axis runs from 0 to the largest value. */
export function LineChart({ values, unit }: { values: readonly number[]; unit: string }): VNode {
  const max = Math.max(1, ...values);
  const step = values.length > 1 ? WIDTH / (values.length - 1) : WIDTH;
  const points = values.map((v, i) => `${(i * step).toFixed(1)},${(HEIGHT - (v / max) * (HEIGHT - 4)).toFixed(1)}`).join(' ');
  const last = values.at(-1) ?? 0;
  return html`<figure class="chart">
    <svg viewBox="0 0 ${WIDTH} ${HEIGHT}" preserveAspectRatio="none" role="img" aria-label="${`${last.toFixed(1)} ${unit}`}">
      <line x1="0" y1="${HEIGHT - 0.5}" x2="${WIDTH}" y2="${HEIGHT - 0.5}" class="axis" />
      ${values.length > 1 ? html`<polyline points="${points}" class="line" />` : null}
    </svg>
    <figcaption>peak ${max.toFixed(1)} ${unit} · now ${last.toFixed(1)} ${unit} · last ${values.length} samples</figcaption>
  </figure>`;
}
