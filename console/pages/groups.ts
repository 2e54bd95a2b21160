/** Consumer groups: state and members; a group's page shows members, assignment and lag per partition. */
import { html } from 'htm/preact';
import type { VNode } from 'preact';
import type { ConsoleGroup, ConsoleGroupSummary } from '../../src/console/types.js';
import { getJson, usePoll } from '../api.js';
import { ErrorBox, Loading, count, groupHref, partitionHref } from '../format.js';

const POLL_MS = 2000;

/** A member's partitions, by topic then number. */
function assigned(partitions: readonly { readonly topic: string; readonly partition: number }[]): string {
  const sorted = [...partitions].sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
  return sorted.map((p) => `${p.topic}/${p.partition}`).join(', ') || '–';
}

export function GroupsPage(): VNode {
  const { data, error } = usePoll(() => getJson<ConsoleGroupSummary[]>('groups'), 'groups', POLL_MS);
  return html`
    <h1>Consumer groups</h1>
    <${ErrorBox} error=${error} />
    ${data === undefined
      ? html`<${Loading} />`
      : html`<table data-testid="groups">
          <thead><tr><th>Group</th><th>State</th><th>Members</th><th>Coordinator</th></tr></thead>
          <tbody>
            ${data.map((g) => html`<tr><td><a href=${groupHref(g.groupId)}>${g.groupId}</a></td><td>${g.state}</td><td>${g.members}</td><td>${g.coordinator}</td></tr>`)}
          </tbody>
        </table>
        ${data.length === 0 ? html`<p class="muted">No consumer groups.</p>` : null}`}
  `;
}

export function GroupPage({ id }: { id: string }): VNode {
  const { data, error } = usePoll(() => getJson<ConsoleGroup>(`groups/${encodeURIComponent(id)}`), `group-${id}`, POLL_MS);
  return html`
    <p class="crumbs"><a href="#/groups">Consumer groups</a> ›</p>
    <h1>Group <code>${id}</code></h1>
    <${ErrorBox} error=${error} />
    ${data === undefined
      ? error === undefined ? html`<${Loading} />` : null
      : html`
        <p>State <strong data-testid="group-state">${data.state}</strong> · epoch ${data.groupEpoch} · assignor ${data.assignor} · coordinator node ${data.coordinator} ·
          total lag <strong data-testid="group-lag">${count(data.lag)}</strong></p>
        <h2>Members</h2>
        ${data.members.length === 0
          ? html`<p class="muted">No members: the group only holds committed offsets.</p>`
          : html`<table data-testid="members">
              <thead><tr><th>Member</th><th>Instance</th><th>Epoch</th><th>Subscribed</th><th>Assigned</th></tr></thead>
              <tbody>
                ${data.members.map(
                  (m) => html`<tr>
                    <td><code>${m.memberId}</code></td><td>${m.groupInstanceId ?? '–'}</td><td>${m.memberEpoch}</td>
                    <td>${m.subscribedTopics.join(', ')}</td>
                    <td>${assigned(m.assignment)}</td>
                  </tr>`,
                )}
              </tbody>
            </table>`}
        <h2>Offsets and lag</h2>
        <table data-testid="group-offsets">
          <thead><tr><th>Partition</th><th>Committed</th><th>End offset</th><th>Lag</th><th>Owner</th></tr></thead>
          <tbody>
            ${data.offsets.map(
              (o) => html`<tr>
                <td><a href=${partitionHref(o.topic, o.partition)}>${o.topic}/${o.partition}</a></td>
                <td>${o.committed === undefined ? 'none' : count(o.committed)}</td>
                <td>${count(o.highWatermark)}</td>
                <td class=${o.lag === '0' ? '' : 'warn'}>${count(o.lag)}</td>
                <td>${o.memberId === undefined ? '–' : html`<code>${o.memberId}</code>`}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      `}
  `;
}
