/**
 * The message browser: one partition from an offset, from a timestamp, or
 * its newest records; keys, values and headers shown as UTF-8, JSON or hex.
 * The form writes its query into the address (#/messages?...), so a view can
 * be linked and reloaded.
 */
import { html } from 'htm/preact';
import type { VNode } from 'preact';
import { useState } from 'preact/hooks';
import type { ConsoleMessages, ConsoleTopicSummary } from '../../src/console/types.js';
import { getJson, usePoll } from '../api.js';
import { DECODINGS, decode } from '../decode.js';
import type { Decoding } from '../decode.js';
import { ErrorBox, Loading, count, partitionHref } from '../format.js';

type From = 'newest' | 'offset' | 'timestamp';

interface Query {
  readonly topic: string;
  readonly partition: string;
  readonly from: From;
  /** An offset, or a local date-time as the datetime-local input gives it. */
  readonly at: string;
  readonly limit: string;
  readonly decoding: Decoding;
}

function queryOf(params: URLSearchParams): Query {
  const from = params.get('from');
  const decoding = params.get('decode');
  return {
    topic: params.get('topic') ?? '',
    partition: params.get('partition') ?? '0',
    from: from === 'offset' || from === 'timestamp' ? from : 'newest',
    at: params.get('at') ?? '',
    limit: params.get('limit') ?? '20',
    decoding: DECODINGS.includes(decoding as Decoding) ? (decoding as Decoding) : 'utf8',
  };
}

/** The endpoint's parameters; a timestamp goes as ms since the epoch. */
function apiPath(query: Query): string {
  const params = new URLSearchParams({ topic: query.topic, partition: query.partition, limit: query.limit });
  if (query.from === 'offset') params.set('offset', query.at);
  if (query.from === 'timestamp') params.set('timestamp', String(new Date(query.at).getTime()));
  return `messages?${params}`;
}

function Bytes({ base64, decoding }: { base64: string | null; decoding: Decoding }): VNode {
  return html`<pre class=${base64 === null ? 'bytes muted' : 'bytes'}>${decode(base64, decoding)}</pre>`;
}

/** The address of the records after these, with the same form settings. */
function nextHref(query: Query, after: string): string {
  const params = new URLSearchParams({ topic: query.topic, partition: query.partition, from: 'offset', at: after, limit: query.limit, decode: query.decoding });
  return `#/messages?${params}`;
}

function Results({ query }: { query: Query }): VNode {
  const { data, error } = usePoll(() => getJson<ConsoleMessages>(apiPath(query)), apiPath(query), 0);
  if (data === undefined) return error === undefined ? html`<${Loading} />` : html`<${ErrorBox} error=${error} />`;
  const last = data.messages.at(-1);
  const after = last === undefined ? undefined : (BigInt(last.offset) + 1n).toString();
  return html`
    <p>
      <a href=${partitionHref(data.topic, data.partition)}>${data.topic}/${data.partition}</a>:
      offsets ${count(data.earliest)} to ${count(data.latest)} (end, exclusive);
      showing ${data.messages.length} from offset <span data-testid="messages-from">${count(data.from)}</span>.
    </p>
    ${data.messages.length === 0
      ? html`<p class="muted">No records there.</p>`
      : html`<table data-testid="messages">
          <thead><tr><th>Offset</th><th>Timestamp</th><th>Key</th><th>Value</th><th>Headers</th></tr></thead>
          <tbody>
            ${data.messages.map(
              (m) => html`<tr data-testid="message-row">
                <td>${m.offset}</td>
                <td>${new Date(m.timestamp).toISOString()}</td>
                <td><${Bytes} base64=${m.key} decoding=${query.decoding} /></td>
                <td><${Bytes} base64=${m.value} decoding=${query.decoding} /></td>
                <td>${m.headers.length === 0
                  ? html`<span class="muted">–</span>`
                  : m.headers.map((h) => html`<div class="header"><code>${h.key}</code>: <${Bytes} base64=${h.value} decoding=${query.decoding} /></div>`)}</td>
              </tr>`,
            )}
          </tbody>
        </table>`}
    ${after !== undefined && BigInt(after) < BigInt(data.latest) ? html`<p><a href=${nextHref(query, after)} data-testid="messages-next">Next records from offset ${count(after)}</a></p>` : null}
  `;
}

export function MessagesPage({ params }: { params: URLSearchParams }): VNode {
  const query = queryOf(params);
  const [draft, setDraft] = useState<Query>(query);
  const topics = usePoll(() => getJson<ConsoleTopicSummary[]>('topics'), 'topics', 0);
  const set = (field: keyof Query) => (event: Event) => setDraft({ ...draft, [field]: (event.target as HTMLInputElement).value });
  const submit = (event: Event): void => {
    event.preventDefault();
    const next = new URLSearchParams({ topic: draft.topic, partition: draft.partition, from: draft.from, at: draft.at, limit: draft.limit, decode: draft.decoding });
    location.hash = `#/messages?${next}`;
  };
  return html`
    <h1>Messages</h1>
    <form class="query" onSubmit=${submit} data-testid="message-query">
      <label>Topic
        <select name="topic" value=${draft.topic} onChange=${set('topic')}>
          <option value="">(choose)</option>
          ${(topics.data ?? []).map((t) => html`<option value=${t.name}>${t.name}</option>`)}
        </select>
      </label>
      <label>Partition <input name="partition" type="number" min="0" value=${draft.partition} onInput=${set('partition')} /></label>
      <label>From
        <select name="from" value=${draft.from} onChange=${set('from')}>
          <option value="newest">newest records</option>
          <option value="offset">offset</option>
          <option value="timestamp">timestamp</option>
        </select>
      </label>
      ${draft.from === 'offset' ? html`<label>Offset <input name="at" type="number" min="0" value=${draft.at} onInput=${set('at')} /></label>` : null}
      ${draft.from === 'timestamp' ? html`<label>Time <input name="at" type="datetime-local" step="1" value=${draft.at} onInput=${set('at')} /></label>` : null}
      <label>Limit <input name="limit" type="number" min="1" max="200" value=${draft.limit} onInput=${set('limit')} /></label>
      <label>Show as
        <select name="decode" value=${draft.decoding} onChange=${set('decoding')}>
          ${DECODINGS.map((d) => html`<option value=${d}>${d === 'utf8' ? 'UTF-8' : d === 'json' ? 'JSON' : 'hex'}</option>`)}
        </select>
      </label>
      <button type="submit">Read</button>
    </form>
    ${query.topic === '' ? html`<p class="muted">Choose a topic and partition.</p>` : html`<${Results} query=${query} />`}
  `;
}
