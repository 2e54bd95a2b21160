/**
 * One group's Raft log as the Raft core sees it: a synchronous RaftStorage
 * answered from memory (hard state, snapshot metadata, term runs, membership
 * history, the cached tail), with UNAVAILABLE plus a background load for
 * older entries. Mutations change memory at once — a later read sees an
 * accepted write before it is on disk — and emit the batch operations that
 * persist them; NodeStorage writes those.
 */
import { assert } from '../raft/assert.js';
import { decodeConfState } from '../raft/conf.js';
import type { ConfPoint, InitialState, RaftStorage } from '../raft/storage.js';
import { COMPACTED, UNAVAILABLE } from '../raft/storage.js';
import type { ConfState, Entry, HardState, LogIndex, Snapshot, SnapshotMetadata, Term } from '../raft/types.js';
import { EntryType } from '../raft/types.js';
import type { BatchOp } from './batch-writer.js';
import { delOp as del, putOp as put } from './batch-writer.js';
import type { CacheBudget } from './cache-budget.js';
import { EntryCache } from './entry-cache.js';
import { Kind, groupKey, indexedKey } from './keys.js';
import { OffsetTail } from './offset-tail.js';
import { OffsetOrderError } from './errors.js';
import type { TermRun } from './term-runs.js';
import { TermRuns } from './term-runs.js';
import type { GroupId, OffsetPoint } from './types.js';
import { encodeBytes, encodeConf, encodeEntry, encodeHardState, encodeNumber, encodeSnapshotMetadata } from './values.js';

/** Reads that need the disk; they see every write accepted before they were called. */
export interface GroupReader {
  readLog(log: GroupLog, lo: LogIndex, hi: LogIndex, bytesMax: number): Promise<Entry[] | typeof COMPACTED>;
  readSnapshotData(log: GroupLog): Promise<Uint8Array>;
}

export interface GroupLogOptions {
  readonly tailCacheBytesMax: number;
  /** A load for a reader behind the tail fetches at least this much, so the next read hits. */
  readonly readAheadBytes: number;
  /** The node's bound on cached bytes, shared by its groups; none: only tailCacheBytesMax bounds this log. */
  readonly cacheBudget?: CacheBudget;
}

/** A group's state as open() finds it on disk (or a new group's). */
export interface GroupState {
  readonly hardState: HardState;
  readonly snapshot: SnapshotMetadata;
  /** null while the data is only on disk. */
  readonly snapshotData: Uint8Array | null;
  readonly lastIndex: LogIndex;
  readonly termRuns: readonly TermRun[];
  /** Memberships written by ConfChange entries after the snapshot. */
  readonly confPoints: readonly ConfPoint[];
  /** The newest entries, ending at lastIndex. */
  readonly tail: readonly Entry[];
  readonly offsets: readonly OffsetPoint[];
}

export const NEW_GROUP_STATE: GroupState = {
  hardState: { term: 0 as Term, vote: 0 as HardState['vote'], commit: 0 as LogIndex },
  snapshot: { index: 0 as LogIndex, term: 0 as Term, conf: { voters: [], learners: [] } },
  snapshotData: new Uint8Array(0),
  lastIndex: 0 as LogIndex,
  termRuns: [],
  confPoints: [],
  tail: [],
  offsets: [],
};

export class GroupLog implements RaftStorage {
  private hard: HardState;
  private snapshotMeta: SnapshotMetadata;
  private snapshotData: Uint8Array | null;
  private last: LogIndex;
  private readonly terms: TermRuns;
  private confPoints: ConfPoint[];
  private readonly cache: EntryCache;
  private readonly offsets: OffsetTail;
  /** Bumped whenever stored entries are removed or replaced, so a load that raced with it is dropped. */
  private generation = 0;
  private entriesLoading = false;
  private snapshotLoading = false;
  /** Loads under way; none most of the time, so the set exists only while one runs (a node holds thousands of logs). */
  private loads: Set<Promise<void>> | undefined;
  /** A failed load (corruption, I/O) or deletion: the log must not be read any more. */
  private failure: unknown = null;

  constructor(
    readonly group: GroupId,
    state: GroupState,
    private readonly reader: GroupReader,
    private readonly options: GroupLogOptions,
  ) {
    this.hard = state.hardState;
    this.snapshotMeta = state.snapshot;
    this.snapshotData = state.snapshotData;
    this.last = state.lastIndex;
    this.terms = new TermRuns(state.termRuns);
    this.confPoints = state.confPoints.slice();
    this.cache = new EntryCache(options.tailCacheBytesMax, options.cacheBudget);
    this.cache.append(state.tail);
    this.offsets = new OffsetTail(state.offsets);
  }

  initialState(): InitialState {
    const { index, conf } = this.snapshotMeta;
    return { hardState: this.hard, confHistory: [{ index, conf }, ...this.confPoints] };
  }

  firstIndex(): LogIndex {
    return (this.snapshotMeta.index + 1) as LogIndex;
  }

  lastIndex(): LogIndex {
    return this.last;
  }

  term(index: LogIndex): Term | typeof COMPACTED {
    if (index < this.snapshotMeta.index) return COMPACTED;
    if (index === this.snapshotMeta.index) return this.snapshotMeta.term;
    assert(index <= this.last, `term(${index}) beyond lastIndex ${this.last}`);
    return this.terms.termAt(index);
  }

  entries(lo: LogIndex, hi: LogIndex, bytesMax: number): readonly Entry[] | typeof COMPACTED | typeof UNAVAILABLE {
    this.throwIfFailed();
    if (lo <= this.snapshotMeta.index) return COMPACTED;
    assert(lo <= hi && hi <= this.last + 1, `entries(${lo}, ${hi}) beyond lastIndex ${this.last}`);
    // What memory holds from lo on, even if it stops short: the tail moves on while a load runs,
    // so a reader far behind could otherwise wait for one load to reach the tail forever.
    const entries = this.cachedEntries(lo, hi, bytesMax, { prefix: true });
    if (entries !== undefined) return entries;
    this.loadEntries(lo, bytesMax);
    return UNAVAILABLE;
  }

  snapshot(): Snapshot | typeof UNAVAILABLE {
    this.throwIfFailed();
    if (this.snapshotData !== null) return { metadata: this.snapshotMeta, data: this.snapshotData };
    this.loadSnapshot();
    return UNAVAILABLE;
  }

  hardState(): HardState {
    return this.hard;
  }

  /** Resolves once every load started so far has finished, successfully or not. */
  async settled(): Promise<void> {
    await Promise.all(this.loads ?? []);
  }

  /**
   * Entries in [lo, hi) limited to bytesMax (at least one), if all of them
   * are in memory; with `prefix`, those that are, up to the first missing,
   * if there is at least one.
   */
  cachedEntries(lo: LogIndex, hi: LogIndex, bytesMax: number, options: { readonly prefix?: boolean } = {}): Entry[] | undefined {
    const entries: Entry[] = [];
    let bytes = 0;
    for (let index = lo; index < hi; index++) {
      const entry = this.cache.get(index);
      if (entry === undefined) return options.prefix === true && entries.length > 0 ? entries : undefined;
      bytes += entry.data.byteLength;
      if (bytes > bytesMax && entries.length > 0) break;
      entries.push(entry);
    }
    return entries;
  }

  /** The offset-index floor of `offset` when memory holds it; undefined means look on disk. */
  floorOffset(offset: bigint): OffsetPoint | undefined {
    return this.offsets.floor(offset);
  }

  /** Stored entries from the first new index on are replaced by `entries`. */
  append(entries: readonly Entry[], ops: BatchOp[]): void {
    const first = entries[0];
    if (first === undefined) return;
    assert(first.index > this.snapshotMeta.index, `append at ${first.index} inside the snapshot (${this.snapshotMeta.index})`);
    assert(first.index <= this.last + 1, `append at ${first.index} leaves a gap after ${this.last}`);
    let previousTerm = this.term((first.index - 1) as LogIndex) as Term;
    entries.forEach((entry, i) => {
      assert(entry.index === first.index + i, `entries are not contiguous at ${entry.index}`);
      assert(entry.term >= previousTerm, `entry ${entry.index} has term ${entry.term} after term ${previousTerm}`);
      previousTerm = entry.term;
    });
    // Decoded before anything changes, so a malformed ConfChange leaves the log as it was.
    const confPoints = entries
      .filter((entry) => entry.type === EntryType.ConfChange)
      .map((entry) => ({ index: entry.index, conf: decodeConfState(entry.data) }));

    if (first.index <= this.last) this.truncateFrom(first.index, ops);
    for (const entry of entries) {
      const key = indexedKey(this.group, Kind.log, entry.index);
      ops.push(put(key, encodeEntry(key, entry)));
    }
    for (const run of this.terms.append(entries)) ops.push(this.putTermRun(run));
    for (const point of confPoints) ops.push(this.putConfPoint(point));
    // A new array of the exact size (concat makes one; push and spread leave spare slots, in every log): membership changes are rare.
    if (confPoints.length > 0) this.confPoints = this.confPoints.concat(confPoints);
    this.cache.append(entries);
    this.last = entries.at(-1)!.index;
  }

  setHardState(hardState: HardState, ops: BatchOp[]): void {
    assert(hardState.term >= this.hard.term, `hard state term ${hardState.term} < ${this.hard.term}`);
    assert(hardState.commit >= this.hard.commit, `hard state commit ${hardState.commit} < ${this.hard.commit}`);
    const key = groupKey(this.group, Kind.hard);
    ops.push(put(key, encodeHardState(key, hardState)));
    this.hard = hardState;
    this.offsets.dropThrough(hardState.commit);
  }

  /**
   * Throws OffsetOrderError when the points of entries about to replace the
   * log from `fromIndex` on (after a snapshot at `snapshotIndex`, if the
   * same write installs one) would not follow the points kept below them.
   */
  checkOffsets(fromIndex: LogIndex, points: readonly OffsetPoint[], snapshotIndex?: LogIndex): void {
    const keptBelow = snapshotIndex === undefined ? fromIndex : (Math.min(fromIndex, snapshotIndex + 1) as LogIndex);
    const why = this.offsets.whyNotFollowing(keptBelow, points);
    if (why !== undefined) throw new OffsetOrderError(this.group, why);
  }

  addOffsets(points: readonly OffsetPoint[], ops: BatchOp[]): void {
    for (const point of points) {
      assert(point.index > this.snapshotMeta.index && point.index <= this.last, `offset point for absent entry ${point.index}`);
      const key = indexedKey(this.group, Kind.off, point.baseOffset);
      ops.push(put(key, encodeNumber(key, point.index)));
    }
    this.offsets.add(points);
  }

  /** Installs a snapshot: the log up to its index goes; later entries stay only if they agree with it. */
  installSnapshot(snapshot: Snapshot, ops: BatchOp[]): void {
    const { index, term } = snapshot.metadata;
    assert(index > this.snapshotMeta.index, `snapshot at ${index} is not after the current one (${this.snapshotMeta.index})`);
    const keep = index < this.last && this.terms.termAt(index) === term;
    if (!keep && this.last > index) this.truncateFrom((index + 1) as LogIndex, ops);
    this.dropPrefix(index, ops);
    if (!keep) {
      this.last = index;
      this.generation++;
    }
    this.setSnapshot(snapshot.metadata, snapshot.data, ops);
  }

  /**
   * Records a snapshot of the applied state at `index` and forgets the log
   * up to it (log compaction, retention). Returns false when the current
   * snapshot already covers `index`.
   */
  compact(index: LogIndex, conf: ConfState, data: Uint8Array, ops: BatchOp[]): boolean {
    if (index <= this.snapshotMeta.index) return false;
    assert(index <= this.last, `compact(${index}) beyond lastIndex ${this.last}`);
    const term = this.terms.termAt(index);
    this.dropPrefix(index, ops);
    this.setSnapshot({ index, term, conf }, data, ops);
    return true;
  }

  /** The group was deleted: pending loads are dropped and reads fail. */
  retire(): void {
    this.generation++;
    this.failure = new Error(`group ${this.group} was deleted`);
    this.cache.clear();
  }

  private truncateFrom(index: LogIndex, ops: BatchOp[]): void {
    assert(index > this.hard.commit, `truncating from ${index} would remove committed entries (commit ${this.hard.commit})`);
    for (let i = index; i <= this.last; i++) ops.push(del(indexedKey(this.group, Kind.log, i)));
    for (const run of this.terms.truncateFrom(index)) ops.push(del(indexedKey(this.group, Kind.term, run.start)));
    const kept = this.confPoints.filter((point) => point.index < index);
    for (const point of this.confPoints.slice(kept.length)) ops.push(del(indexedKey(this.group, Kind.conf, point.index)));
    this.confPoints = kept;
    for (const point of this.offsets.truncateFrom(index)) ops.push(del(indexedKey(this.group, Kind.off, point.baseOffset)));
    this.cache.truncateFrom(index);
    this.last = (index - 1) as LogIndex;
    this.generation++;
  }

  /**
   * Forgets everything at or below `index` in memory. The keys below the new
   * first index are deleted after the batch (NodeStorage's prefix clean-up):
   * until then they are ignored, and open() finishes the job after a crash.
   */
  private dropPrefix(index: LogIndex, ops: BatchOp[]): void {
    const first = (index + 1) as LogIndex;
    const restarted = this.terms.dropBefore(first, this.last);
    if (restarted !== null) ops.push(this.putTermRun(restarted));
    this.confPoints = this.confPoints.filter((point) => point.index > index);
    this.cache.dropBefore(first);
    this.offsets.dropThrough(index);
  }

  private setSnapshot(metadata: SnapshotMetadata, data: Uint8Array, ops: BatchOp[]): void {
    const metaKey = groupKey(this.group, Kind.snap);
    const dataKey = groupKey(this.group, Kind.snapData);
    ops.push(put(metaKey, encodeSnapshotMetadata(metaKey, metadata)), put(dataKey, encodeBytes(dataKey, data)));
    this.snapshotMeta = metadata;
    this.snapshotData = data;
  }

  private putTermRun(run: TermRun): BatchOp {
    const key = indexedKey(this.group, Kind.term, run.start);
    return put(key, encodeNumber(key, run.term));
  }

  private putConfPoint(point: ConfPoint): BatchOp {
    const key = indexedKey(this.group, Kind.conf, point.index);
    return put(key, encodeConf(key, point.conf));
  }

  private loadEntries(lo: LogIndex, bytesMax: number): void {
    if (this.entriesLoading) return;
    this.entriesLoading = true;
    const generation = this.generation;
    // Up to the tail, which is already in memory.
    const hi = (this.cache.tailStart() ?? this.last + 1) as LogIndex;
    const load = this.reader.readLog(this, lo, hi, Math.max(bytesMax, this.options.readAheadBytes)).then((entries) => {
      if (entries === COMPACTED || generation !== this.generation) return;
      const first = this.firstIndex();
      this.cache.fillWindow(entries.filter((entry) => entry.index >= first && entry.index <= this.last));
    });
    this.track(load, () => (this.entriesLoading = false));
  }

  private loadSnapshot(): void {
    if (this.snapshotLoading) return;
    this.snapshotLoading = true;
    const metadata = this.snapshotMeta;
    const load = this.reader.readSnapshotData(this).then((data) => {
      // A snapshot installed meanwhile brought its own data.
      if (this.snapshotMeta === metadata) this.snapshotData = data;
    });
    this.track(load, () => (this.snapshotLoading = false));
  }

  private track(load: Promise<void>, done: () => void): void {
    const tracked = load
      .catch((error: unknown) => {
        this.failure ??= error;
      })
      .finally(() => {
        done();
        this.loads?.delete(tracked);
        if (this.loads?.size === 0) this.loads = undefined;
      });
    (this.loads ??= new Set()).add(tracked);
  }

  private throwIfFailed(): void {
    if (this.failure !== null) throw this.failure;
  }
}
