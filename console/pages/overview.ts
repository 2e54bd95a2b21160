/** Cluster overview: nodes, controller, readiness, and records per second over the last minute. */
import { html } from 'htm/preact';
import type { VNode } from 'preact';
import { useRef } from 'preact/hooks';
import type { ConsoleOverview } from '../../src/console/types.js';
import { getJson, notReadyReason, usePoll } from '../api.js';
import { LineChart } from '../chart.js';
import { Badge, ErrorBox, Loading, count } from '../format.js';

const POLL_MS = 1000;
/** Samples the chart keeps: about a minute at one a second. */
const HISTORY = 60;

interface Sample {
  readonly overview: ConsoleOverview;
  readonly ready: string | undefined;
}

async function sample(): Promise<Sample> {
  const [overview, ready] = await Promise.all([getJson<ConsoleOverview>('overview'), notReadyReason()]);
  return { overview, ready };
}

/** Records per second between consecutive samples, from the growth of the summed high watermarks. */
function useThroughput(overview: ConsoleOverview | undefined): number[] {
  const last = useRef<ConsoleOverview | undefined>(undefined);
  const rates = useRef<number[]>([]);
  if (overview !== undefined && overview !== last.current) {
    const previous = last.current;
    if (previous !== undefined && overview.sampledAtMs > previous.sampledAtMs) {
      const records = Number(BigInt(overview.recordsTotal) - BigInt(previous.recordsTotal));
      rates.current = [...rates.current, Math.max(0, records) / ((overview.sampledAtMs - previous.sampledAtMs) / 1000)].slice(-HISTORY);
    }
    last.current = overview;
  }
  return rates.current;
}

export function OverviewPage(): VNode {
  const { data, error } = usePoll(sample, 'overview', POLL_MS);
  const rates = useThroughput(data?.overview);
  if (data === undefined) return html`<${ErrorBox} error=${error} />${error === undefined ? html`<${Loading} />` : null}`;
  const { overview, ready } = data;
  return html`
    <h1>Cluster <code>${overview.clusterId}</code></h1>
    <${ErrorBox} error=${error} />
    <section class="cards">
      <div class="card"><h2>Records</h2><p class="big" data-testid="records-total">${count(overview.recordsTotal)}</p><p class="muted">summed high watermarks</p></div>
      <div class="card"><h2>Throughput</h2><p class="big" data-testid="records-rate">${(rates.at(-1) ?? 0).toFixed(1)}</p><p class="muted">records/s</p></div>
      <div class="card"><h2>Topics</h2><p class="big">${overview.topics}</p><p class="muted">${overview.partitions} partitions (internal included)</p></div>
      <div class="card"><h2>Under-replicated</h2><p class=${overview.underReplicated > 0 ? 'big warn' : 'big'}>${overview.underReplicated}</p><p class="muted">partitions</p></div>
      <div class="card"><h2>Offline</h2><p class=${overview.offline > 0 ? 'big warn' : 'big'}>${overview.offline}</p><p class="muted">partitions without a leader</p></div>
    </section>
    <h2>Records per second</h2>
    <${LineChart} values=${rates} unit="records/s" />
    <h2>Nodes</h2>
    <table data-testid="nodes">
      <thead><tr><th>Node</th><th>Address</th><th>Rack</th><th>Status</th><th>Last heard</th><th>Role</th></tr></thead>
      <tbody>
        ${overview.nodes.map(
          (node) => html`<tr>
            <td>${node.nodeId}${node.nodeId === overview.servedBy ? html` <span class="muted">(this page)</span>` : null}</td>
            <td><code>${node.address}</code></td>
            <td>${node.rack ?? '–'}</td>
            <td><${Badge} ok=${node.live} yes="live" no="dead" /></td>
            <td>${node.lastSeenMsAgo} ms ago</td>
            <td>${node.nodeId === overview.controllerId ? html`<strong>controller</strong>` : node.metadataVoter ? 'metadata voter' : 'learner'}</td>
          </tr>`,
        )}
      </tbody>
    </table>
    <p>Node ${overview.servedBy} (serving this page): <${Badge} ok=${ready === undefined} yes="ready" no=${`not ready: ${ready ?? ''}`} /></p>
  `;
}
