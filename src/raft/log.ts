/**
 * The replicated log as one node sees it (§5.3): the stable part read from
 * RaftStorage, followed by an unstable tail (and possibly a snapshot) that
 * has been accepted but not yet handed to the caller to persist.
 *
 * It also tracks the membership history of the log: configurations take
 * effect on append (thesis §4.1), so truncating a ConfChange entry must bring
 * back the configuration before it.
 */
import { assert } from './assert.js';
import { EMPTY_CONF } from './conf.js';
import type { ConfPoint, RaftStorage } from './storage.js';
import { COMPACTED, UNAVAILABLE, confPointsOf, limitBytes } from './storage.js';
import type { ConfState, Entry, LogIndex, Snapshot, Term } from './types.js';

export type EntriesResult = readonly Entry[] | typeof COMPACTED | typeof UNAVAILABLE;

export class RaftLog {
  /** Highest index known committed (§5.3). */
  committed: LogIndex;
  /** Highest index handed to the caller to apply and acknowledged through advance(). */
  applied: LogIndex;

  /** Index of unstableEntries[0]; entries before it are in storage (or the unstable snapshot). */
  private unstableOffset: LogIndex;
  private unstableEntries: Entry[] = [];
  private unstableSnapshot: Snapshot | null = null;
  /** Membership points in index order; the first covers everything before the log. */
  private confHistory: ConfPoint[];

  constructor(
    private readonly storage: RaftStorage,
    applied: LogIndex,
  ) {
    const state = storage.initialState();
    assert(state.confHistory.length > 0, 'storage gave an empty membership history');
    this.confHistory = [...state.confHistory];
    this.unstableOffset = (storage.lastIndex() + 1) as LogIndex;
    // A compacted prefix was applied, so committed, even if the hard state saying so was not yet written.
    this.committed = Math.max(state.hardState.commit, storage.firstIndex() - 1) as LogIndex;
    assert(this.committed <= this.lastIndex(), `stored commit ${this.committed} is beyond lastIndex ${this.lastIndex()}`);
    this.applied = Math.max(applied, this.firstIndex() - 1) as LogIndex;
    assert(this.applied <= this.committed || this.committed === 0, `applied ${applied} is beyond commit ${this.committed}`);
    if (this.applied > this.committed) this.committed = this.applied;
  }

  firstIndex(): LogIndex {
    if (this.unstableSnapshot !== null) return (this.unstableSnapshot.metadata.index + 1) as LogIndex;
    return this.storage.firstIndex();
  }

  lastIndex(): LogIndex {
    if (this.unstableEntries.length > 0) return (this.unstableOffset + this.unstableEntries.length - 1) as LogIndex;
    if (this.unstableSnapshot !== null) return this.unstableSnapshot.metadata.index;
    return this.storage.lastIndex();
  }

  lastTerm(): Term {
    const t = this.term(this.lastIndex());
    assert(t !== undefined, `no term for lastIndex ${this.lastIndex()}`);
    return t;
  }

  /** The term of the entry at `index`, or undefined if it is compacted away or beyond the log. */
  term(index: LogIndex): Term | undefined {
    if (index < this.firstIndex() - 1 || index > this.lastIndex()) return undefined;
    if (index >= this.unstableOffset) return this.unstableEntries[index - this.unstableOffset]!.term;
    const snap = this.unstableSnapshot;
    if (snap !== null && index === snap.metadata.index) return snap.metadata.term;
    const t = this.storage.term(index);
    return t === COMPACTED ? undefined : t;
  }

  matchTerm(index: LogIndex, t: Term): boolean {
    return this.term(index) === t;
  }

  /** The membership in force: the last ConfChange in the log, or the snapshot's. */
  conf(): ConfState {
    return this.confHistory[this.confHistory.length - 1]?.conf ?? EMPTY_CONF;
  }

  /** The membership before the last change, or the current one if the history holds no earlier one. */
  previousConf(): ConfState {
    return this.confHistory[this.confHistory.length - 2]?.conf ?? this.conf();
  }

  /** Index of the last ConfChange entry (or the snapshot carrying the current membership). */
  lastConfIndex(): LogIndex {
    return this.confHistory[this.confHistory.length - 1]!.index;
  }

  /**
   * The follower side of AppendEntries (§5.3): if the entry at `prevIndex`
   * has `prevTerm`, append `entries` (dropping a conflicting suffix) and
   * advance commit to what the leader says, within what this message proves
   * we match. Returns the last index the message covers, or undefined on a
   * mismatch.
   */
  maybeAppend(prevIndex: LogIndex, prevTerm: Term, leaderCommit: LogIndex, entries: readonly Entry[]): LogIndex | undefined {
    if (!this.matchTerm(prevIndex, prevTerm)) return undefined;
    const lastNewIndex = (prevIndex + entries.length) as LogIndex;
    const conflict = this.findConflict(entries);
    if (conflict !== 0) {
      assert(conflict > this.committed, `entry ${conflict} conflicts with a committed entry (commit ${this.committed})`);
      this.append(entries.slice(conflict - entries[0]!.index));
    }
    this.commitTo(Math.min(leaderCommit, lastNewIndex) as LogIndex);
    return lastNewIndex;
  }

  /**
   * The index of the first entry that is not already in the log with the
   * same term (a conflict, or simply new), or 0 when all are present.
   */
  findConflict(entries: readonly Entry[]): LogIndex {
    for (const entry of entries) {
      if (!this.matchTerm(entry.index, entry.term)) return entry.index;
    }
    return 0 as LogIndex;
  }

  /**
   * The largest index ≤ `index` whose term is ≤ `t`, with that term: the
   * last place two logs can still agree, given that one of them has term `t`
   * at `index` (etcd's fast backtracking, thesis §5.3 note).
   */
  findConflictByTerm(index: LogIndex, t: Term): { index: LogIndex; term: Term } {
    let i = index;
    for (;;) {
      const ti = this.term(i);
      if (ti === undefined) return { index: i, term: 0 as Term };
      if (ti <= t) return { index: i, term: ti };
      i = (i - 1) as LogIndex;
    }
  }

  /** Appends after dropping anything at or beyond the first new index. */
  append(entries: readonly Entry[]): void {
    const first = entries[0];
    if (first === undefined) return;
    assert(first.index > this.committed, `append at ${first.index} would overwrite committed ${this.committed}`);
    assert(first.index <= this.lastIndex() + 1, `append at ${first.index} leaves a gap after ${this.lastIndex()}`);
    if (first.index === this.unstableOffset + this.unstableEntries.length) {
      this.unstableEntries.push(...entries);
    } else if (first.index <= this.unstableOffset) {
      // The new entries replace part of the stable log; storage drops the old suffix when they are persisted.
      this.unstableOffset = first.index;
      this.unstableEntries = [...entries];
    } else {
      this.unstableEntries = [...this.unstableEntries.slice(0, first.index - this.unstableOffset), ...entries];
    }
    this.confHistory = this.confHistory.filter((point, i) => i === 0 || point.index < first.index);
    const points = confPointsOf(entries);
    if (points.length > 0) {
      this.trimConfHistory();
      this.confHistory.push(...points);
    }
  }

  /** Entries in [lo, hi) up to about `bytesMax` bytes, from storage and the unstable tail. */
  slice(lo: LogIndex, hi: LogIndex, bytesMax: number): EntriesResult {
    if (lo < this.firstIndex()) return COMPACTED;
    assert(hi <= this.lastIndex() + 1, `slice(${lo}, ${hi}) beyond lastIndex ${this.lastIndex()}`);
    if (lo >= hi) return [];
    let stable: readonly Entry[] = [];
    if (lo < this.unstableOffset) {
      const got = this.storage.entries(lo, Math.min(hi, this.unstableOffset) as LogIndex, bytesMax);
      if (got === COMPACTED || got === UNAVAILABLE) return got;
      stable = got;
      if (stable.length < Math.min(hi, this.unstableOffset) - lo) return stable; // byte limit reached
    }
    if (hi <= this.unstableOffset) return stable;
    const from = Math.max(lo, this.unstableOffset) - this.unstableOffset;
    const unstable = this.unstableEntries.slice(from, hi - this.unstableOffset);
    return limitBytes([...stable, ...unstable], bytesMax);
  }

  /** Entries from `lo` to the end of the log, up to about `bytesMax` bytes. */
  entriesFrom(lo: LogIndex, bytesMax: number): EntriesResult {
    return this.slice(lo, (this.lastIndex() + 1) as LogIndex, bytesMax);
  }

  commitTo(index: LogIndex): void {
    if (index <= this.committed) return;
    assert(index <= this.lastIndex(), `commit ${index} is beyond lastIndex ${this.lastIndex()}`);
    this.committed = index;
  }

  appliedTo(index: LogIndex): void {
    assert(index <= this.committed && index >= this.applied, `applied ${index} outside [${this.applied}, ${this.committed}]`);
    this.applied = index;
  }

  /** Installs a snapshot from the leader (§7): the log is replaced by it. */
  restore(snapshot: Snapshot): void {
    const { index, conf } = snapshot.metadata;
    this.committed = index;
    this.unstableOffset = (index + 1) as LogIndex;
    this.unstableEntries = [];
    this.unstableSnapshot = snapshot;
    this.confHistory = [{ index, conf }];
  }

  /** The snapshot, if any, that the caller must persist and restore next. */
  pendingSnapshot(): Snapshot | null {
    return this.unstableSnapshot;
  }

  /** The snapshot a leader sends to a follower that is behind the log start. */
  snapshotForFollower(): Snapshot | typeof UNAVAILABLE {
    return this.unstableSnapshot ?? this.storage.snapshot();
  }

  /** The last index the caller has made durable (everything before the unstable tail). */
  stableIndex(): LogIndex {
    return this.unstableEntries.length > 0 ? ((this.unstableOffset - 1) as LogIndex) : this.lastIndex();
  }

  unstable(): readonly Entry[] {
    return this.unstableEntries;
  }

  /** The caller persisted entries up to (index, term); drop them from the unstable tail if they are still the same. */
  stableTo(index: LogIndex, t: Term): void {
    if (index < this.unstableOffset || !this.matchTerm(index, t)) return;
    if (this.unstableSnapshot !== null) return; // entries after a pending snapshot become stable only with it
    this.unstableEntries = this.unstableEntries.slice(index + 1 - this.unstableOffset);
    this.unstableOffset = (index + 1) as LogIndex;
  }

  stableSnapshotTo(index: LogIndex): void {
    if (this.unstableSnapshot !== null && this.unstableSnapshot.metadata.index === index) this.unstableSnapshot = null;
  }

  /** Forgets membership points that compaction has folded into the snapshot, keeping the one in force there. */
  private trimConfHistory(): void {
    const base = this.firstIndex() - 1;
    while (this.confHistory.length > 1 && this.confHistory[1]!.index <= base) this.confHistory.shift();
  }

  /** Committed entries not yet applied, up to about `bytesMax` bytes (they may still be unstable: see Ready). */
  nextCommitted(bytesMax: number): readonly Entry[] {
    const lo = Math.max(this.applied + 1, this.firstIndex()) as LogIndex;
    if (lo > this.committed) return [];
    const got = this.slice(lo, (this.committed + 1) as LogIndex, bytesMax);
    return got === COMPACTED || got === UNAVAILABLE ? [] : got;
  }

  hasNextCommitted(): boolean {
    return this.committed > Math.max(this.applied, this.firstIndex() - 1);
  }
}
