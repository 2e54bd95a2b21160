/** Topics: one line each, with partition health; a topic's page lists its partitions and configs. */
import { html } from 'htm/preact';
import type { VNode } from 'preact';
import type { ConsolePartition, ConsoleTopic, ConsoleTopicSummary } from '../../src/console/types.js';
import { getJson, usePoll } from '../api.js';
import { ErrorBox, Loading, byteSize, count, messagesHref, nodeList, nodeSet, partitionHref, topicHref } from '../format.js';

const POLL_MS = 2000;

export function TopicsPage({ internal }: { internal: boolean }): VNode {
  const { data, error } = usePoll(() => getJson<ConsoleTopicSummary[]>(`topics?internal=${internal}`), `topics-${internal}`, POLL_MS);
  return html`
    <h1>Topics</h1>
    <p><a href=${internal ? '#/topics' : '#/topics?internal=true'}>${internal ? 'Hide' : 'Show'} internal topics</a></p>
    <${ErrorBox} error=${error} />
    ${data === undefined
      ? html`<${Loading} />`
      : html`<table data-testid="topics">
          <thead><tr><th>Topic</th><th>Partitions</th><th>Replication</th><th>Under-replicated</th><th>Offline</th><th title="The leaders' logs, one copy of each partition">Size</th></tr></thead>
          <tbody>
            ${data.map(
              (t) => html`<tr>
                <td><a href=${topicHref(t.name)}>${t.name}</a>${t.internal ? html` <span class="muted">internal</span>` : null}</td>
                <td>${t.partitions}</td><td>${t.replicationFactor}</td>
                <td class=${t.underReplicated > 0 ? 'warn' : ''}>${t.underReplicated}</td>
                <td class=${t.offline > 0 ? 'warn' : ''}>${t.offline}</td>
                <td data-testid="topic-size" data-bytes=${t.bytes} title=${`${count(t.bytes)} bytes`}>${byteSize(t.bytes)}</td>
              </tr>`,
            )}
          </tbody>
        </table>
        ${data.length === 0 ? html`<p class="muted">No topics yet.</p>` : null}`}
  `;
}

export function PartitionRow({ topic, p }: { topic: string; p: ConsolePartition }): VNode {
  const missing = p.replicas.filter((r) => !p.inSync.includes(r));
  return html`<tr>
    <td><a href=${partitionHref(topic, p.partition)}>${p.partition}</a></td>
    <td class=${p.leader === undefined ? 'warn' : ''}>${p.leader ?? 'none'}</td>
    <td>${nodeList(p.replicas)}</td>
    <td class=${missing.length > 0 ? 'warn' : ''}>${nodeSet(p.inSync)}</td>
    <td>${count(p.earliest)}</td><td>${count(p.latest)}</td><td>${count(p.records)}</td>
    <td title=${`${count(p.logBytes)} bytes`}>${byteSize(p.logBytes)}</td>
    <td><a href=${messagesHref(topic, p.partition)}>browse</a></td>
  </tr>`;
}

export const PARTITION_HEADER = html`<tr><th>Partition</th><th>Leader</th><th>Replicas</th><th>In sync</th><th>Start offset</th><th>End offset</th><th>Records</th><th>Size</th><th></th></tr>`;

export function TopicPage({ name }: { name: string }): VNode {
  const { data, error } = usePoll(() => getJson<ConsoleTopic>(`topics/${encodeURIComponent(name)}`), `topic-${name}`, POLL_MS);
  const configs = Object.entries(data?.configs ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return html`
    <p class="crumbs"><a href="#/topics">Topics</a> ›</p>
    <h1>Topic <code>${name}</code></h1>
    <${ErrorBox} error=${error} />
    ${data === undefined
      ? error === undefined ? html`<${Loading} />` : null
      : html`
        <p>Id <code>${data.topicId}</code> · replication factor ${data.replicationFactor} · <span data-testid="topic-records">${count(data.records)}</span> records · <span data-testid="topic-size" data-bytes=${data.bytes} title=${`${count(data.bytes)} bytes, one copy of each partition (the leaders' logs)`}>${byteSize(data.bytes)}</span> on disk</p>
        <h2>Partitions</h2>
        <table data-testid="partitions"><thead>${PARTITION_HEADER}</thead>
          <tbody>${data.partitions.map((p) => html`<${PartitionRow} topic=${name} p=${p} />`)}</tbody>
        </table>
        <h2>Configs</h2>
        ${configs.length === 0
          ? html`<p class="muted">None set: every config has its default.</p>`
          : html`<table data-testid="configs"><thead><tr><th>Config</th><th>Value</th></tr></thead>
              <tbody>${configs.map(([key, value]) => html`<tr><td><code>${key}</code></td><td><code>${value}</code></td></tr>`)}</tbody>
            </table>
            <p class="muted">Only configs set on the topic are listed; the rest have their defaults.</p>`}
      `}
  `;
}

export function PartitionPage({ topic, partition }: { topic: string; partition: number }): VNode {
  const { data, error } = usePoll(
    () => getJson<ConsolePartition>(`topics/${encodeURIComponent(topic)}/partitions/${partition}`),
    `partition-${topic}-${partition}`,
    POLL_MS,
  );
  return html`
    <p class="crumbs"><a href="#/topics">Topics</a> › <a href=${topicHref(topic)}>${topic}</a> ›</p>
    <h1>Partition <code>${topic}/${partition}</code></h1>
    <${ErrorBox} error=${error} />
    ${data === undefined
      ? error === undefined ? html`<${Loading} />` : null
      : html`<dl class="facts" data-testid="partition">
          <dt>Leader</dt><dd>${data.leader ?? 'none (offline)'}</dd>
          <dt>Leader epoch</dt><dd>${data.leaderEpoch}</dd>
          <dt>Replicas</dt><dd>${nodeList(data.replicas)}</dd>
          <dt>In sync</dt><dd>${nodeSet(data.inSync)}</dd>
          <dt>Raft group</dt><dd>${data.group}</dd>
          <dt>Start offset</dt><dd>${count(data.earliest)}</dd>
          <dt>End offset (high watermark)</dt><dd>${count(data.latest)}</dd>
          <dt>Records</dt><dd>${count(data.records)}</dd>
          <dt>Size (the leader's log)</dt><dd title=${`${count(data.logBytes)} bytes`}>${byteSize(data.logBytes)}</dd>
        </dl>
        <p><a href=${messagesHref(topic, partition)}>Browse its messages</a></p>`}
  `;
}
