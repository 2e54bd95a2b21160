/**
 * The node's storage: one LevelDB under `<dataDir>/db` holding the Raft logs
 * of every group on the node (key layout in keys.ts, values in values.ts).
 * It owns the GroupLogs the Raft cores read, and one write path: whatever is
 * written in a turn, across all groups, goes out as one LevelDB batch (group
 * commit, batch-writer.ts).
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ClassicLevel } from 'classic-level';
import type { Clock } from '../host/clock.js';
import { assert } from '../raft/assert.js';
import { COMPACTED, limitBytes } from '../raft/storage.js';
import type { ConfState, Entry, LogIndex } from '../raft/types.js';
import type { BatchOp, BatchSink } from './batch-writer.js';
import { BatchWriter, putOp as put } from './batch-writer.js';
import { CacheBudget } from './cache-budget.js';
import { timedSink, type BatchTimer } from './timed-sink.js';
import { clearBelow, clearGroup } from './cleanup.js';
import { StorageCorruptionError, asStorageError } from './errors.js';
import { loadGroup, readSnapshotData } from './group-loader.js';
import type { GroupLogOptions, GroupReader } from './group-log.js';
import { GroupLog, NEW_GROUP_STATE } from './group-log.js';
import { Kind, MARKER_RANGE, VERSION_KEY, groupKey, groupOfMarker, kindRange, markerKey, offsetOfKey } from './keys.js';
import type { Db } from './level-reads.js';
import { missingEntry, readLog, readValue, scan } from './level-reads.js';
import type { NodeStorageOptions, ResolvedOptions } from './options.js';
import { resolveOptions } from './options.js';
import type { GroupId, GroupWrite, Offset, OffsetPoint, StorageStats, WriteOptions, WriteSeq } from './types.js';
import { U64_MAX, groupId } from './types.js';
import {
  FORMAT_VERSION,
  MarkerState,
  decodeMarker,
  decodeNumber,
  decodeVersion,
  encodeHardState,
  encodeMarker,
  encodeVersion,
} from './values.js';

const EVERY_KEY = { gte: Uint8Array.of(0), lt: Uint8Array.of(0xff) };

/** What a simulation substitutes: the database (a simulated disk beneath the real storage code) and the flush timer's clock. */
export interface StorageSeams {
  /** Makes the (unopened) database at `location`; by default, a classic-level LevelDB there. */
  readonly makeDb?: (location: string) => Promise<Db>;
  readonly clock?: Clock;
  /** Told how long each LevelDB batch took, and whether it carried an fsync (for metrics). */
  readonly onBatchWritten?: BatchTimer;
}

async function levelDb(location: string): Promise<Db> {
  await mkdir(location, { recursive: true });
  return new ClassicLevel<Uint8Array, Uint8Array>(location, { keyEncoding: 'view', valueEncoding: 'view' });
}

export class NodeStorage {
  private readonly logs = new Map<GroupId, GroupLog>();
  private readonly writer: BatchWriter;
  private readonly reader: GroupReader;
  /** What every GroupLog is made with: among it, the cache budget they share. */
  private readonly logOptions: GroupLogOptions;
  private closing: Promise<void> | null = null;
  /**
   * Range deletions (deleted groups, and the log prefixes compaction leaves) run here, one at a time,
   * outside the write queue, each once what made its keys garbage is in LevelDB: a large range takes
   * its time to clear (1 to 2 s per GB here), and in the queue it would hold every other group's
   * writes, and so every Raft turn and heartbeat of the node, for all of it.
   */
  private deletions: Promise<void> = Promise.resolve();
  /** Deleted groups whose keys are being cleared, until they are: a group created again waits for its clearing. */
  private readonly clearing = new Map<GroupId, Promise<void>>();

  private constructor(
    private readonly db: Db,
    private readonly options: ResolvedOptions,
    clock: Clock | undefined,
    onBatchWritten?: BatchTimer,
  ) {
    // Rewriting the version key is the no-op a flush with nothing queued carries its sync on.
    const sink = onBatchWritten === undefined ? bindingSink(db) : timedSink(bindingSink(db), onBatchWritten);
    this.writer = new BatchWriter(sink, options.flushIntervalMs, put(VERSION_KEY, encodeVersion(VERSION_KEY)), clock);
    this.logOptions = {
      tailCacheBytesMax: options.tailCacheBytesMax,
      readAheadBytes: options.readAheadBytes,
      cacheBudget: new CacheBudget(options.cacheBytesTotalMax),
    };
    this.reader = {
      readLog: (log, lo, hi, bytesMax) => this.readStoredLog(log, lo, hi, bytesMax),
      readSnapshotData: async (log) => {
        await this.applied();
        return readSnapshotData(db, log.group);
      },
    };
  }

  /** Opens (or creates) the database, loads and verifies every group, and finishes clean-ups a crash interrupted. */
  static async open(options: NodeStorageOptions, seams: StorageSeams = {}): Promise<NodeStorage> {
    const resolved = resolveOptions(options);
    const location = join(resolved.dataDir, 'db');
    const db = await (seams.makeDb ?? levelDb)(location);
    try {
      await db.open();
    } catch (error) {
      throw asStorageError(error, null, `LevelDB at ${location}`);
    }
    const storage = new NodeStorage(db, resolved, seams.clock, seams.onBatchWritten);
    try {
      await storage.load();
      return storage;
    } catch (error) {
      await db.close();
      throw error;
    }
  }

  groups(): GroupId[] {
    return [...this.logs.keys()];
  }

  group(group: GroupId): GroupLog | undefined {
    return this.logs.get(group);
  }

  /** The group's log: the stored one, or a new empty one (see createGroup). */
  openGroup(group: GroupId, options: WriteOptions = {}): Promise<GroupLog> {
    const log = this.logs.get(group);
    return log === undefined ? this.createGroup(group, options) : Promise.resolve(log);
  }

  /**
   * The log exists from this call on (a group deleted and not yet cleared: once it is); the promise
   * resolves once its creation is written (durably unless sync: false).
   */
  createGroup(group: GroupId, options: WriteOptions = {}): Promise<GroupLog> {
    groupId(group);
    assert(!this.logs.has(group), `group ${group} already exists`);
    const clearing = this.clearing.get(group);
    if (clearing !== undefined) return clearing.then(() => this.createGroup(group, options));
    this.writer.throwIfFailed();
    const log = new GroupLog(group, NEW_GROUP_STATE, this.reader, this.logOptions);
    this.logs.set(group, log);
    const marker = markerKey(group);
    const hard = groupKey(group, Kind.hard);
    const ops = [put(marker, encodeMarker(marker, MarkerState.live)), put(hard, encodeHardState(hard, NEW_GROUP_STATE.hardState))];
    return this.commit(ops, options, []).then(() => log);
  }

  /** The log is gone from this call on; the promise resolves once its keys are deleted. */
  deleteGroup(group: GroupId): Promise<void> {
    const log = this.log(group);
    this.writer.throwIfFailed();
    this.logs.delete(group);
    log.retire();
    const marker = markerKey(group);
    // Durably marked first, so a crash during the range deletion resumes it at open(). Nothing writes to
    // the group after this call, so its keys can be cleared in parallel with the write queue.
    const marked = this.commit([put(marker, encodeMarker(marker, MarkerState.deleting))], {}, []);
    const cleared = this.afterDeletions(() => marked.then(() => clearGroup(this.db, group)));
    const settled = cleared.finally(() => {
      if (this.clearing.get(group) === settled) this.clearing.delete(group);
    });
    this.clearing.set(group, settled);
    return settled;
  }

  /** Runs `task` once every deletion queued before it has finished; a failure stops the writer, and the next write reports it. */
  private afterDeletions(task: () => Promise<void>): Promise<void> {
    const run = this.deletions.then(task);
    this.deletions = run.catch((error: unknown) => this.stopWriter(error));
    return run;
  }

  /** Stops the writer with `error`, as a failed task in its queue does. */
  private async stopWriter(error: unknown): Promise<void> {
    try {
      await this.writer.enqueueTask(() => Promise.reject(error));
    } catch {
      // Stopped, by this error or an earlier one.
    }
  }

  /**
   * Persists one turn's writes, for any number of groups, in one batch.
   * Memory reflects them as soon as this returns; the promise resolves once
   * they are fsynced (or, with sync: false, in LevelDB — see whenDurable).
   */
  write(writes: readonly GroupWrite[], options: WriteOptions = {}): Promise<WriteSeq> {
    this.writer.throwIfFailed();
    // Before anything changes: a group whose offsets do not follow is refused alone, and the rest can be written.
    for (const write of writes) {
      const first = write.entries?.[0];
      if (first !== undefined && write.offsets !== undefined && write.offsets.length > 0) {
        this.log(write.group).checkOffsets(first.index, write.offsets, write.snapshot?.metadata.index);
      }
    }
    const ops: BatchOp[] = [];
    const compacted: GroupLog[] = [];
    for (const write of writes) {
      const log = this.log(write.group);
      if (write.snapshot !== undefined) {
        log.installSnapshot(write.snapshot, ops);
        compacted.push(log);
      }
      if (write.entries !== undefined) log.append(write.entries, ops);
      // Points before the hard state: a commit in the same write then trims them at once (a single-node group commits as it appends).
      if (write.offsets !== undefined) log.addOffsets(write.offsets, ops);
      if (write.hardState !== undefined) log.setHardState(write.hardState, ops);
    }
    return this.commit(ops, options, compacted);
  }

  /**
   * Records a snapshot of the applied state at `index` and deletes the log up
   * to it (Raft log compaction, retention). A no-op when the current snapshot
   * already covers `index`.
   */
  compact(group: GroupId, index: LogIndex, conf: ConfState, data: Uint8Array, options: WriteOptions = {}): Promise<void> {
    this.writer.throwIfFailed();
    const log = this.log(group);
    const ops: BatchOp[] = [];
    if (!log.compact(index, conf, data, ops)) return Promise.resolve();
    return this.commit(ops, options, [log]).then(() => {});
  }

  /**
   * Entries from `fromIndex` (up to `endIndex` exclusive, or the last entry),
   * at least one and otherwise at most `bytesMax` of data; every one read from
   * disk is CRC-checked. COMPACTED when fromIndex is below the first index.
   */
  async readEntries(group: GroupId, fromIndex: LogIndex, bytesMax: number, endIndex?: LogIndex): Promise<readonly Entry[] | typeof COMPACTED> {
    const log = this.log(group);
    if (fromIndex < log.firstIndex()) return COMPACTED;
    const hi = Math.min(endIndex ?? Number.MAX_SAFE_INTEGER, log.lastIndex() + 1) as LogIndex;
    if (fromIndex >= hi) return [];
    const entries = log.cachedEntries(fromIndex, hi, bytesMax) ?? (await this.readStoredLog(log, fromIndex, hi, bytesMax));
    return entries === COMPACTED ? entries : limitBytes(entries, bytesMax);
  }

  /**
   * The offset-index point with the greatest base offset ≤ `offset` (the
   * entry holding that offset, if it is stored): null when no stored entry
   * starts at or below it (retention removed it, or nothing is indexed yet).
   */
  async indexForOffset(group: GroupId, offset: bigint): Promise<OffsetPoint | null> {
    assert(offset >= 0n && offset <= U64_MAX, `offset ${offset} is not a u64`);
    const log = this.log(group);
    const point = log.floorOffset(offset) ?? (await this.floorOffsetOnDisk(log, offset));
    return point !== undefined && point.index >= log.firstIndex() ? point : null;
  }

  get durableSeq(): WriteSeq {
    return this.writer.durableSeq;
  }

  /** Resolves once write `seq` (and every write before it) is fsynced. */
  whenDurable(seq: WriteSeq): Promise<void> {
    return this.writer.whenDurable(seq);
  }

  /** Fsyncs everything written so far now, instead of waiting for the flush interval. */
  flush(): Promise<void> {
    return this.writer.flush();
  }

  stats(): StorageStats {
    return this.writer.statistics();
  }

  /** Finishes queued work, makes every write durable and closes the database. */
  close(): Promise<void> {
    // A deletion still clearing keys finishes first: the database must outlive it. (A crash instead resumes it at open.)
    this.closing ??= this.deletions.then(() => this.writer.close()).finally(() => this.db.close());
    return this.closing;
  }

  private log(group: GroupId): GroupLog {
    const log = this.logs.get(group);
    assert(log !== undefined, `unknown group ${group}`);
    return log;
  }

  private commit(ops: BatchOp[], options: WriteOptions, compacted: readonly GroupLog[]): Promise<WriteSeq> {
    const sync = options.sync ?? true;
    const seq = this.writer.accept(ops, sync, options.flushWithinMs);
    for (const log of compacted) this.clearPrefix(log.group, log.firstIndex(), seq);
    return (sync ? this.writer.whenDurable(seq) : this.writer.whenApplied(seq)).then(() => seq);
  }

  /**
   * Clears the group's keys below `first` once write `after` (the one that compacted) is in LevelDB,
   * so the deletions follow it in LevelDB's log: a crash never keeps them and loses the compaction.
   * Keys below a group's first index are ignored until then, and open() clears them if a crash came first.
   */
  private clearPrefix(group: GroupId, first: LogIndex, after: WriteSeq): void {
    this.afterDeletions(() => this.writer.whenApplied(after).then(() => clearBelow(this.db, group, first))).catch(() => {});
  }

  /** Resolves once the disk holds every write accepted so far, so a read sees what memory sees. */
  private applied(): Promise<void> {
    return this.writer.whenApplied(this.writer.acceptedSeq);
  }

  private async readStoredLog(log: GroupLog, lo: LogIndex, hi: LogIndex, bytesMax: number): Promise<Entry[] | typeof COMPACTED> {
    await this.applied();
    const entries = await readLog(this.db, log.group, lo, hi, bytesMax);
    // Compaction or deletion of the group while reading: those entries are no longer stored.
    if (lo < log.firstIndex() || this.logs.get(log.group) !== log) return COMPACTED;
    if (entries[0]?.index !== lo && lo <= log.lastIndex()) throw missingEntry(log.group, lo, entries[0]?.index);
    return entries;
  }

  private async floorOffsetOnDisk(log: GroupLog, offset: bigint): Promise<OffsetPoint | undefined> {
    await this.applied();
    const range = kindRange(log.group, Kind.off, 0n, offset === U64_MAX ? undefined : offset + 1n);
    for await (const [key, value] of scan(this.db, log.group, range, { reverse: true, limit: 1 })) {
      const index = decodeNumber(log.group, key, value) as LogIndex;
      return { baseOffset: offsetOfKey(key) as Offset, index };
    }
    return undefined;
  }

  private async load(): Promise<void> {
    await this.checkVersion();
    const markers: { group: GroupId; state: MarkerState }[] = [];
    for await (const [key, value] of scan(this.db, null, MARKER_RANGE)) {
      const group = groupOfMarker(key);
      markers.push({ group, state: decodeMarker(group, key, value) });
    }
    for (const { group, state } of markers) {
      if (state === MarkerState.deleting) {
        await this.writer.enqueueTask(() => clearGroup(this.db, group));
        continue;
      }
      const loaded = await loadGroup(this.db, group, this.options);
      const log = new GroupLog(group, loaded.state, this.reader, this.logOptions);
      this.logs.set(group, log);
      if (loaded.prefixGarbage) this.clearPrefix(group, log.firstIndex(), this.writer.acceptedSeq);
    }
  }

  private async checkVersion(): Promise<void> {
    const value = await readValue(this.db, null, VERSION_KEY);
    if (value !== undefined) {
      const version = decodeVersion(VERSION_KEY, value);
      if (version !== FORMAT_VERSION) throw new Error(`storage format version ${version} is not supported (expected ${FORMAT_VERSION})`);
      return;
    }
    for await (const [key] of scan(this.db, null, EVERY_KEY, { limit: 1 })) {
      throw new StorageCorruptionError(null, 'v', `missing, yet the database holds keys (first: ${Buffer.from(key).toString('hex')})`);
    }
    await this.commit([put(VERSION_KEY, encodeVersion(VERSION_KEY))], {}, []);
  }
}

/**
 * Hands each batch straight to classic-level's own entry point (`_batch`,
 * the method abstract-level calls once it has checked and encoded a batch).
 * The writer's operations are already `{ type, key, value }` with Uint8Array
 * keys and values, so abstract-level's per-operation copying, encoding and
 * hook checks would buy nothing, and they cost a third of a write's time on
 * the event loop. What they would guard against, a write to a closed
 * database, cannot happen: close() stops the writer before the database.
 */
function bindingSink(db: Db): BatchSink {
  const level = db as unknown as { _batch(ops: BatchOp[], options: { sync: boolean }): Promise<void> };
  return { batch: (ops, options) => level._batch(ops, options) };
}
