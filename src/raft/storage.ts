/**
 * The Raft core reads stable state through RaftStorage and never writes it:
 * writes reach storage through Ready, carried out by the caller (etcd's
 * Storage contract). Reads are synchronous because the core is; a storage
 * whose backing store is asynchronous keeps what the core reads often (terms,
 * the log tail) in memory and answers UNAVAILABLE for the rest while it loads
 * it, and the core simply tries again on a later step.
 */
import { assert } from './assert.js';
import type { ConfState, Entry, HardState, LogIndex, Snapshot, Term } from './types.js';
import { EntryType } from './types.js';
import { decodeConfState, encodeConfState } from './conf.js';

/** The entry was discarded by compaction; the reader must fall back to the snapshot. */
export const COMPACTED = 'compacted' as const;
/** The entry exists but is not in memory yet; try again later. */
export const UNAVAILABLE = 'unavailable' as const;

/** A membership in force from `index` on: the snapshot's, or one written by a ConfChange entry. */
export interface ConfPoint {
  readonly index: LogIndex;
  readonly conf: ConfState;
}

export interface InitialState {
  readonly hardState: HardState;
  /**
   * The snapshot's membership followed by every ConfChange entry stored after
   * it, in index order. Never empty: with no snapshot the first point is
   * `{ index: 0, conf: { voters: [], learners: [] } }`.
   */
  readonly confHistory: readonly ConfPoint[];
}

export interface RaftStorage {
  initialState(): InitialState;
  /** Index of the first entry still stored: snapshot index + 1. */
  firstIndex(): LogIndex;
  /** Index of the last stored entry, or the snapshot index when none follows it. */
  lastIndex(): LogIndex;
  /** Term of the entry at `index`, for firstIndex()-1 ≤ index ≤ lastIndex(). */
  term(index: LogIndex): Term | typeof COMPACTED;
  /**
   * Entries in [lo, hi), lo ≥ firstIndex(), hi ≤ lastIndex()+1, stopping once
   * their data exceeds `bytesMax` but always returning at least one entry.
   * It may stop sooner (at what it has in memory, say): the caller takes a
   * short answer as a byte limit reached, and asks again from where it ended.
   */
  entries(lo: LogIndex, hi: LogIndex, bytesMax: number): readonly Entry[] | typeof COMPACTED | typeof UNAVAILABLE;
  /** The most recent snapshot. */
  snapshot(): Snapshot | typeof UNAVAILABLE;
}

const EMPTY_SNAPSHOT: Snapshot = {
  metadata: { index: 0 as LogIndex, term: 0 as Term, conf: { voters: [], learners: [] } },
  data: new Uint8Array(0),
};

/**
 * The state every initial member of a new group starts from: one committed
 * ConfChange entry at index 1, term 1, naming the founding voters. Members
 * added later start empty and receive it (or a snapshot) from the leader.
 */
export function bootstrapState(conf: ConfState): { entries: Entry[]; hardState: HardState } {
  return {
    entries: [{ term: 1 as Term, index: 1 as LogIndex, type: EntryType.ConfChange, data: encodeConfState(conf) }],
    hardState: { term: 1 as Term, vote: 0 as HardState['vote'], commit: 1 as LogIndex },
  };
}

/** Walks entries and collects the ConfPoints they carry. */
export function confPointsOf(entries: readonly Entry[]): ConfPoint[] {
  const points: ConfPoint[] = [];
  for (const entry of entries) {
    if (entry.type === EntryType.ConfChange) points.push({ index: entry.index, conf: decodeConfState(entry.data) });
  }
  return points;
}

/**
 * A complete in-memory RaftStorage, for tests and the simulator. Its
 * mutators are what a caller does with a Ready; the simulator calls them only
 * for state it considers durable.
 */
export class MemoryStorage implements RaftStorage {
  private hardState: HardState = { term: 0 as Term, vote: 0 as HardState['vote'], commit: 0 as LogIndex };
  private snap: Snapshot = EMPTY_SNAPSHOT;
  /** entries[i] has index snap.metadata.index + 1 + i. */
  private log: Entry[] = [];

  /** Makes this empty storage an initial member of a group with the given voters. */
  bootstrap(conf: ConfState): void {
    assert(this.lastIndex() === 0, 'bootstrap of a non-empty storage');
    const { entries, hardState } = bootstrapState(conf);
    this.append(entries);
    this.setHardState(hardState);
  }

  /** A copy that shares no mutable state, as a crashed node's disk survives it. */
  clone(): MemoryStorage {
    const copy = new MemoryStorage();
    copy.hardState = this.hardState;
    copy.snap = this.snap;
    copy.log = this.log.slice();
    return copy;
  }

  initialState(): InitialState {
    return {
      hardState: this.hardState,
      confHistory: [{ index: this.snap.metadata.index, conf: this.snap.metadata.conf }, ...confPointsOf(this.log)],
    };
  }

  firstIndex(): LogIndex {
    return (this.snap.metadata.index + 1) as LogIndex;
  }

  lastIndex(): LogIndex {
    return (this.snap.metadata.index + this.log.length) as LogIndex;
  }

  term(index: LogIndex): Term | typeof COMPACTED {
    const offset = this.snap.metadata.index;
    if (index < offset) return COMPACTED;
    if (index === offset) return this.snap.metadata.term;
    const entry = this.log[index - offset - 1];
    assert(entry !== undefined, `term(${index}) beyond lastIndex ${this.lastIndex()}`);
    return entry.term;
  }

  entries(lo: LogIndex, hi: LogIndex, bytesMax: number): readonly Entry[] | typeof COMPACTED | typeof UNAVAILABLE {
    const offset = this.snap.metadata.index;
    if (lo <= offset) return COMPACTED;
    assert(hi <= this.lastIndex() + 1, `entries(${lo}, ${hi}) beyond lastIndex ${this.lastIndex()}`);
    return limitBytes(this.log.slice(lo - offset - 1, hi - offset - 1), bytesMax);
  }

  snapshot(): Snapshot {
    return this.snap;
  }

  hard(): HardState {
    return this.hardState;
  }

  setHardState(hardState: HardState): void {
    this.hardState = hardState;
  }

  /** Appends entries, first deleting any stored entry at or after the first new index. */
  append(entries: readonly Entry[]): void {
    const first = entries[0];
    if (first === undefined) return;
    const offset = this.snap.metadata.index;
    assert(first.index > offset, `append at ${first.index} inside the snapshot (${offset})`);
    assert(first.index <= this.lastIndex() + 1, `append at ${first.index} leaves a gap after ${this.lastIndex()}`);
    this.log.length = first.index - offset - 1;
    this.log.push(...entries);
  }

  /** Replaces everything with the snapshot, keeping entries after it only if they agree with it. */
  applySnapshot(snapshot: Snapshot): void {
    const { index, term } = snapshot.metadata;
    const offset = this.snap.metadata.index;
    const kept = index < this.lastIndex() && this.term(index) === term ? this.log.slice(index - offset) : [];
    this.snap = snapshot;
    this.log = kept;
  }

  /** Records a snapshot of the state machine at `index` (≤ applied) and drops the entries it covers. */
  compact(index: LogIndex, conf: ConfState, data: Uint8Array): void {
    const offset = this.snap.metadata.index;
    if (index <= offset) return;
    assert(index <= this.lastIndex(), `compact(${index}) beyond lastIndex ${this.lastIndex()}`);
    const t = this.term(index);
    assert(t !== COMPACTED, 'unreachable');
    this.snap = { metadata: { index, term: t, conf }, data };
    this.log = this.log.slice(index - offset);
  }
}

/** Keeps a prefix of `entries` whose data fits `bytesMax`, but never fewer than one entry. */
export function limitBytes<T extends Entry>(entries: T[], bytesMax: number): T[] {
  let bytes = 0;
  for (let i = 0; i < entries.length; i++) {
    bytes += entries[i]!.data.byteLength;
    if (bytes > bytesMax && i > 0) return entries.slice(0, i);
  }
  return entries;
}
