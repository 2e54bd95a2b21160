/**
 * Builders for the paper-style tests: logs written straight into
 * MemoryStorage (the Figure 7 and Figure 8 starting points), a lone node
 * driven by crafted messages, and tick loops over a TestCluster.
 */
import type {
  Entry,
  LogIndex,
  Message,
  MessageType,
  NodeId,
  RaftOptions,
  RawNode,
  Snapshot,
  Status,
  Term,
} from '../../../src/raft/index.js';
import { EntryType, MemoryStorage, NO_NODE, encodeConfState, message } from '../../../src/raft/index.js';
import type { TestNode } from './harness.js';
import { TestCluster, bytes } from './harness.js';

/** A node's log as terms, one per index from 1; index 1 is the ConfChange naming the voters. */
export interface LogSpec {
  readonly terms: readonly number[];
  /** The hard state's term; defaults to the last entry's. */
  readonly term?: number;
  /** The hard state's commit; defaults to 1 (the bootstrap entry). */
  readonly commit?: number;
}

/** A Normal entry; the default data ('e<index>') gives every entry a size, for the byte limits. */
export function entry(index: number, t: number, data = `e${index}`): Entry {
  return { index: index as LogIndex, term: t as Term, type: EntryType.Normal, data: bytes(data) };
}

/** A MemoryStorage holding the log `spec` describes, as if persisted by an earlier run of the node. */
export function storageWithLog(voters: readonly number[], spec: LogSpec, learners: readonly number[] = []): MemoryStorage {
  const storage = new MemoryStorage();
  const conf = encodeConfState({ voters: voters as NodeId[], learners: learners as NodeId[] });
  storage.append(
    spec.terms.map((t, i) => (i === 0 ? { ...entry(1, t), type: EntryType.ConfChange, data: conf } : entry(i + 1, t))),
  );
  const hardTerm = spec.term ?? spec.terms[spec.terms.length - 1] ?? 0;
  storage.setHardState({ term: hardTerm as Term, vote: NO_NODE, commit: (spec.commit ?? 1) as LogIndex });
  return storage;
}

/** Voters 1..logs.length, node i+1 starting from logs[i]. */
export function clusterWithLogs(logs: readonly LogSpec[], options: Partial<RaftOptions> = {}): TestCluster {
  const c = new TestCluster(options);
  const voters = logs.map((_, i) => i + 1);
  logs.forEach((spec, i) => c.add((i + 1) as NodeId, storageWithLog(voters, spec)));
  return c;
}

/** Node 1 alone, a member of voters 1..votersCount: tests drive it with crafted messages and read what it sends. */
export function loneNode(spec: LogSpec = { terms: [1] }, options: Partial<RaftOptions> = {}, votersCount = 3): TestCluster {
  const c = new TestCluster(options);
  c.add(1 as NodeId, storageWithLog(Array.from({ length: votersCount }, (_, i) => i + 1), spec));
  return c;
}

interface MessageFields {
  readonly index?: number;
  readonly logTerm?: number;
  readonly commit?: number;
  readonly entries?: readonly Entry[];
  readonly reject?: boolean;
  readonly snapshot?: Snapshot;
  readonly transfer?: boolean;
}

export function msg(type: MessageType, from: number, to: number, t: number, fields: MessageFields = {}): Message {
  return message({
    type,
    from: from as NodeId,
    to: to as NodeId,
    term: t as Term,
    index: (fields.index ?? 0) as LogIndex,
    logTerm: (fields.logTerm ?? 0) as Term,
    commit: (fields.commit ?? 0) as LogIndex,
    entries: fields.entries ?? [],
    reject: fields.reject ?? false,
    snapshot: fields.snapshot ?? null,
    transfer: fields.transfer ?? false,
  });
}

/** Carries out node `id`'s Ready and takes the messages it sent out of the cluster's inbox. */
export function sent(c: TestCluster, id: number): Message[] {
  c.processReady(c.node(id));
  const out = c.inbox.filter((m) => m.from === id);
  c.inbox = c.inbox.filter((m) => m.from !== id);
  return out;
}

/** Ticks every node once and stabilizes, `ticks` times. */
export function runTicks(c: TestCluster, ticks: number): void {
  for (let t = 0; t < ticks; t++) {
    c.tickAll(1);
    c.stabilize();
  }
}

/** Ticks and stabilizes until `done`; returns the ticks it took. */
export function tickUntil(c: TestCluster, done: () => boolean, ticksMax = 200): number {
  for (let t = 1; t <= ticksMax; t++) {
    c.tickAll(1);
    c.stabilize();
    if (done()) return t;
  }
  throw new Error(`condition not reached within ${ticksMax} ticks`);
}

/** The terms of a node's persisted log, from its first stored index. */
export function termsOf(node: TestNode): number[] {
  const { storage } = node;
  const first = storage.firstIndex();
  return Array.from({ length: storage.lastIndex() - first + 1 }, (_, i) => Number(storage.term((first + i) as LogIndex)));
}

export function statusOf(c: TestCluster, id: number): Status {
  return c.node(id).raw.status();
}

/** Ticks one node (delivering nothing) until `done`; returns the ticks it took. */
export function tickNodeUntil(raw: RawNode, done: () => boolean, ticksMax = 200): number {
  for (let t = 1; t <= ticksMax; t++) {
    raw.tick();
    if (done()) return t;
  }
  throw new Error(`condition not reached within ${ticksMax} ticks`);
}
