/**
 * Raft messages ↔ peer-protocol frames. u64 fields travel as decimal strings on the way in
 * (proto-loader `longs: String`) and are checked to be safe integers; entry data is passed by
 * reference both ways (a received entry's data is a view into the received frame).
 *
 * Heartbeats and their responses, which make up most of the traffic between two nodes that
 * share many groups, travel as compact GroupHeartbeat lists: the stream's two ends stand in
 * for from/to and every other field is at its default. A heartbeat that carries anything more
 * travels as a full RaftMessage, so the merge never loses a field.
 */
import { Metadata } from '@grpc/grpc-js';
import { assert } from '../raft/assert.js';
import { EntryType, MessageType } from '../raft/types.js';
import type { ConfState, Entry, LogIndex, Message, NodeId, Snapshot, SnapshotMetadata, Term } from '../raft/types.js';
import type { Entry__Output as EntryOut } from '../gen/cairn/v1/raft/Entry.js';
import type { GroupHeartbeat, GroupHeartbeat__Output as GroupHeartbeatOut } from '../gen/cairn/v1/raft/GroupHeartbeat.js';
import type { PeerBatch, PeerBatch__Output as PeerBatchOut } from '../gen/cairn/v1/raft/PeerBatch.js';
import type { PeerHello as PeerHelloProto, PeerHello__Output as PeerHelloOut } from '../gen/cairn/v1/raft/PeerHello.js';
import type { RaftMessage, RaftMessage__Output as RaftMessageOut } from '../gen/cairn/v1/raft/RaftMessage.js';
import type { SnapshotHeader, SnapshotHeader__Output as SnapshotHeaderOut } from '../gen/cairn/v1/raft/SnapshotHeader.js';
import type { SnapshotMetadata__Output as SnapshotMetadataOut } from '../gen/cairn/v1/raft/SnapshotMetadata.js';
import type { Envelope, PeerHello } from './types.js';

/** Upper bounds of the encoded sizes, used for queue and frame accounting (never for correctness). */
const HEARTBEAT_BYTES = 32;
const MESSAGE_OVERHEAD_BYTES = 128;
const ENTRY_OVERHEAD_BYTES = 48;

export type Decoded<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

/** A malformed frame from a peer: an operating error, turned into a Decoded value at this module's edge. */
class WireError extends Error {}

const MESSAGE_TYPES: ReadonlySet<number> = new Set(Object.values(MessageType));
const ENTRY_TYPES: ReadonlySet<number> = new Set(Object.values(EntryType));

export function isCompactHeartbeat(m: Message): boolean {
  return (
    (m.type === MessageType.Heartbeat || m.type === MessageType.HeartbeatResp) &&
    m.logTerm === 0 &&
    m.index === 0 &&
    m.entries.length === 0 &&
    !m.reject &&
    m.rejectHint === 0 &&
    m.snapshot === null &&
    !m.transfer &&
    !m.quiesce
  );
}

export function envelopeBytes(envelope: Envelope): number {
  const m = envelope.message;
  if (isCompactHeartbeat(m)) return HEARTBEAT_BYTES;
  let bytes = MESSAGE_OVERHEAD_BYTES;
  for (const entry of m.entries) bytes += ENTRY_OVERHEAD_BYTES + entry.data.byteLength;
  return bytes;
}

export function encodeBatch(envelopes: readonly Envelope[]): PeerBatch {
  const messages: RaftMessage[] = [];
  const heartbeats: GroupHeartbeat[] = [];
  const heartbeatResponses: GroupHeartbeat[] = [];
  for (const { group, message: m } of envelopes) {
    if (isCompactHeartbeat(m)) {
      const list = m.type === MessageType.Heartbeat ? heartbeats : heartbeatResponses;
      // Only answers carry a run (boot); a heartbeat's zero is left off the wire.
      list.push({ group, term: m.term, commit: m.commit, ...(m.boot !== 0 && { boot: m.boot }) });
    } else {
      messages.push(encodeMessage(group, m));
    }
  }
  return { messages, heartbeats, heartbeatResponses };
}

function encodeMessage(group: number, m: Message): RaftMessage {
  assert(m.snapshot === null, 'snapshots travel through sendSnapshot, not in a batch');
  return {
    group,
    type: m.type,
    from: m.from,
    to: m.to,
    term: m.term,
    logTerm: m.logTerm,
    index: m.index,
    entries: m.entries.map((e) => ({ term: e.term, index: e.index, type: e.type, data: e.data })),
    commit: m.commit,
    reject: m.reject,
    rejectHint: m.rejectHint,
    ...(m.boot !== 0 && { boot: m.boot }),
    transfer: m.transfer,
    quiesce: m.quiesce,
  };
}

/**
 * Expands a received batch. `from` and `to` are the stream's ends: heartbeats take them, and
 * full messages must name them. Order: full messages, then heartbeats, then heartbeat responses
 * (Raft needs order only among one group's appends, which all travel as full messages).
 */
export function decodeBatch(batch: PeerBatchOut, from: NodeId, to: NodeId): Decoded<Envelope[]> {
  return decoding(() => {
    const envelopes: Envelope[] = [];
    for (const p of batch.messages) envelopes.push(decodeMessage(p, from, to));
    for (const h of batch.heartbeats) envelopes.push(expandHeartbeat(MessageType.Heartbeat, h, from, to));
    for (const h of batch.heartbeatResponses) envelopes.push(expandHeartbeat(MessageType.HeartbeatResp, h, from, to));
    return envelopes;
  });
}

function decodeMessage(p: RaftMessageOut, from: NodeId, to: NodeId): Envelope {
  if (!MESSAGE_TYPES.has(p.type) || p.type === MessageType.Snap) {
    throw new WireError(`message type ${p.type} is not allowed in a batch`);
  }
  if (p.from !== from || p.to !== to) throw new WireError(`message ${p.from}→${p.to} on the stream ${from}→${to}`);
  const message: Message = {
    type: p.type as MessageType,
    from,
    to,
    term: u64(p.term, 'term') as Term,
    logTerm: u64(p.logTerm, 'logTerm') as Term,
    index: u64(p.index, 'index') as LogIndex,
    entries: p.entries.map(decodeEntry),
    commit: u64(p.commit, 'commit') as LogIndex,
    reject: p.reject,
    rejectHint: u64(p.rejectHint, 'rejectHint') as LogIndex,
    boot: p.boot,
    snapshot: null,
    transfer: p.transfer,
    quiesce: p.quiesce,
  };
  return { group: p.group, message };
}

function decodeEntry(p: EntryOut): Entry {
  if (!ENTRY_TYPES.has(p.type)) throw new WireError(`entry type ${p.type} is unknown`);
  return {
    term: u64(p.term, 'entry term') as Term,
    index: u64(p.index, 'entry index') as LogIndex,
    type: p.type as EntryType,
    data: p.data,
  };
}

function expandHeartbeat(type: MessageType, h: GroupHeartbeatOut, from: NodeId, to: NodeId): Envelope {
  const message: Message = {
    type,
    from,
    to,
    term: u64(h.term, 'heartbeat term') as Term,
    logTerm: 0 as Term,
    index: 0 as LogIndex,
    entries: [],
    commit: u64(h.commit, 'heartbeat commit') as LogIndex,
    reject: false,
    rejectHint: 0 as LogIndex,
    boot: h.boot,
    snapshot: null,
    transfer: false,
    quiesce: false,
  };
  return { group: h.group, message };
}

export function encodeHello(hello: PeerHello): PeerHelloProto {
  return { nodeId: hello.nodeId, clusterId: hello.clusterId, incarnation: hello.incarnation };
}

export function decodeHello(p: PeerHelloOut): PeerHello {
  return { nodeId: p.nodeId as NodeId, clusterId: p.clusterId, incarnation: p.incarnation };
}

/** The header of a snapshot stream; the data follows in chunks. */
export function encodeSnapshotHeader(
  sender: PeerHello,
  group: number,
  to: NodeId,
  term: Term,
  snapshot: Snapshot,
): SnapshotHeader {
  const { index, term: snapshotTerm, conf } = snapshot.metadata;
  return {
    sender: encodeHello(sender),
    group,
    to,
    term,
    metadata: { index, term: snapshotTerm, conf: { voters: [...conf.voters], learners: [...conf.learners] } },
    dataBytes: snapshot.data.byteLength,
  };
}

export interface SnapshotHeaderFields {
  readonly sender: PeerHello;
  readonly group: number;
  readonly to: NodeId;
  readonly term: Term;
  readonly metadata: SnapshotMetadata;
  readonly dataBytes: number;
}

export function decodeSnapshotHeader(p: SnapshotHeaderOut): Decoded<SnapshotHeaderFields> {
  return decoding(() => {
    if (p.sender === null) throw new WireError('snapshot header without sender');
    if (p.metadata === null) throw new WireError('snapshot header without metadata');
    return {
      sender: decodeHello(p.sender),
      group: p.group,
      to: p.to as NodeId,
      term: u64(p.term, 'snapshot term') as Term,
      metadata: decodeSnapshotMetadata(p.metadata),
      dataBytes: u64(p.dataBytes, 'snapshot dataBytes'),
    };
  });
}

function decodeSnapshotMetadata(p: SnapshotMetadataOut): SnapshotMetadata {
  if (p.conf === null) throw new WireError('snapshot metadata without conf');
  const conf: ConfState = { voters: p.conf.voters.map(nodeIdOf), learners: p.conf.learners.map(nodeIdOf) };
  return { index: u64(p.index, 'snapshot index') as LogIndex, term: u64(p.term, 'snapshot metadata term') as Term, conf };
}

function nodeIdOf(id: number): NodeId {
  if (id === 0) throw new WireError('node id 0 in a membership');
  return id as NodeId;
}

function u64(value: string, field: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new WireError(`${field} ${value} is not a safe unsigned integer`);
  return n;
}

function decoding<T>(decode: () => T): Decoded<T> {
  try {
    return { ok: true, value: decode() };
  } catch (error) {
    if (error instanceof WireError) return { ok: false, reason: error.message };
    throw error;
  }
}

/** Response-header keys carrying the answering node's hello, so the dialer checks who it reached. */
const HELLO_NODE_KEY = 'cairn-node-id';
const HELLO_CLUSTER_KEY = 'cairn-cluster-id';
const HELLO_INCARNATION_KEY = 'cairn-incarnation';

export function helloMetadata(hello: PeerHello): Metadata {
  const metadata = new Metadata();
  metadata.set(HELLO_NODE_KEY, String(hello.nodeId));
  metadata.set(HELLO_CLUSTER_KEY, hello.clusterId);
  metadata.set(HELLO_INCARNATION_KEY, hello.incarnation);
  return metadata;
}

/** The hello in response headers, or undefined when they do not carry a complete one. */
export function helloFromMetadata(metadata: Metadata): PeerHello | undefined {
  const [nodeId] = metadata.get(HELLO_NODE_KEY);
  const [clusterId] = metadata.get(HELLO_CLUSTER_KEY);
  const [incarnation] = metadata.get(HELLO_INCARNATION_KEY);
  if (typeof nodeId !== 'string' || typeof clusterId !== 'string' || typeof incarnation !== 'string' || !/^\d+$/.test(nodeId)) return undefined;
  return { nodeId: Number(nodeId) as NodeId, clusterId, incarnation };
}
