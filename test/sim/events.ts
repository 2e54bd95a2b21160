/**
 * What can happen in the simulated world. One event is one step: the
 * simulator processes it, lets the touched node carry out its Ready, and runs
 * the checks before taking the next one.
 */
import type { Message, NodeId, Ready } from '../../src/raft/types.js';
import { MessageType } from '../../src/raft/types.js';
import type { Delivery } from './network.js';

export type SimEvent =
  /** A node's logical clock advances one tick. */
  | { readonly kind: 'tick'; readonly node: NodeId; readonly incarnation: number }
  /** A message arrives at its destination. */
  | ({ readonly kind: 'deliver' } & Delivery)
  /** A node's disk write of its outstanding Ready completes. */
  | { readonly kind: 'persist'; readonly node: NodeId; readonly incarnation: number }
  /** A node crashes at a chosen moment (shortly after a vote or an election). */
  | { readonly kind: 'crash'; readonly node: NodeId; readonly incarnation: number; readonly why: string }
  | { readonly kind: 'restart'; readonly node: NodeId }
  /** A client sends a proposal. */
  | { readonly kind: 'client' }
  /** A round of fault decisions. */
  | { readonly kind: 'nemesis' }
  /** After the faults heal: drive a fresh proposal and wait for the members to apply it. */
  | { readonly kind: 'liveness' };

const MESSAGE_NAMES = Object.fromEntries(Object.entries(MessageType).map(([name, type]) => [type, name])) as Record<
  MessageType,
  string
>;

function formatMessage(m: Message): string {
  const parts = [`${MESSAGE_NAMES[m.type]} n${m.from}→n${m.to} t${m.term}`];
  if (m.type === MessageType.App || m.type === MessageType.Vote || m.type === MessageType.PreVote) {
    parts.push(`idx=${m.index} logTerm=${m.logTerm}`);
  }
  if (m.entries.length > 0) parts.push(`entries=${m.entries[0]!.index}..${m.entries[m.entries.length - 1]!.index}`);
  if (m.type === MessageType.App || m.type === MessageType.Heartbeat) parts.push(`commit=${m.commit}`);
  if (m.type === MessageType.AppResp) parts.push(`idx=${m.index}`);
  if (m.reject) parts.push(`reject hint=${m.rejectHint}/t${m.logTerm}`);
  if (m.snapshot !== null) parts.push(`snapshot=(${m.snapshot.metadata.index}, t${m.snapshot.metadata.term})`);
  if (m.transfer) parts.push('transfer');
  return parts.join(' ');
}

function formatReady(ready: Ready): string {
  const parts: string[] = [];
  if (ready.snapshot !== null) parts.push(`snapshot=${ready.snapshot.metadata.index}`);
  const entries = ready.entries;
  if (entries.length > 0) {
    parts.push(`entries=${entries.map((e) => `${e.index}/t${e.term}`).join(',')}`);
  }
  if (ready.hardState !== null) {
    const { term, vote, commit } = ready.hardState;
    parts.push(`hard=(t${term} vote=n${vote} commit=${commit})`);
  }
  if (ready.softState !== null) parts.push(`${ready.softState.role} lead=n${ready.softState.lead}`);
  if (ready.messages.length > 0) parts.push(`msgs=${ready.messages.length}`);
  const applied = ready.committedEntries;
  if (applied.length > 0) parts.push(`apply=${applied[0]!.index}..${applied[applied.length - 1]!.index}`);
  return parts.join(' ');
}

/** One trace line; `outcome` is the Ready a write carried out, or why a message did not arrive. */
export function formatEvent(event: SimEvent, outcome: Ready | string | null): string {
  switch (event.kind) {
    case 'tick':
      return `tick n${event.node}`;
    case 'deliver':
      return `deliver ${formatMessage(event.message)}${typeof outcome === 'string' ? ` — ${outcome}` : ''}`;
    case 'persist':
      return `persist n${event.node}${outcome === null || typeof outcome === 'string' ? '' : ` ${formatReady(outcome)}`}`;
    case 'crash':
      return `crash n${event.node} (${event.why})`;
    case 'restart':
      return `restart n${event.node}`;
    case 'client':
    case 'nemesis':
    case 'liveness':
      return event.kind;
  }
}
