/** Public vocabulary of the storage layer: branded ids, writes, offset-index points. */
import { assert } from '../raft/assert.js';
import type { Entry, HardState, LogIndex, Snapshot } from '../raft/types.js';

/** A Raft group (one partition, or the metadata group); a u32 on disk. */
export type GroupId = number & { readonly __brand: 'GroupId' };
/** A partition offset; a u64 on disk. */
export type Offset = bigint & { readonly __brand: 'Offset' };
/** Position of an accepted write in this node's write order; durability is reported as a WriteSeq. */
export type WriteSeq = number & { readonly __brand: 'WriteSeq' };

export const U32_MAX = 0xffff_ffff;
export const U64_MAX = (1n << 64n) - 1n;

export function groupId(n: number): GroupId {
  assert(Number.isInteger(n) && n >= 0 && n <= U32_MAX, `group id ${n} is not a u32`);
  return n as GroupId;
}

export function offset(n: bigint): Offset {
  assert(n >= 0n && n <= U64_MAX, `offset ${n} is not a u64`);
  return n as Offset;
}

/** The entry at `index` holds the records from `baseOffset` on (the partition's offset index). */
export interface OffsetPoint {
  readonly baseOffset: Offset;
  readonly index: LogIndex;
}

/**
 * What one group persists in one turn, applied in this order: the snapshot,
 * the entries (overwriting any stored suffix from the first new index), the
 * hard state, then the offset-index points (which may name the new entries).
 * The storage keeps references to `entries` and `snapshot.data`: callers
 * must not mutate them afterwards.
 */
export interface GroupWrite {
  readonly group: GroupId;
  readonly snapshot?: Snapshot;
  readonly entries?: readonly Entry[];
  readonly hardState?: HardState;
  readonly offsets?: readonly OffsetPoint[];
}

export interface WriteOptions {
  /**
   * true (the default): the promise resolves once the write is fsynced.
   * false (write caching): it resolves once LevelDB has the write; an fsync
   * follows within flushIntervalMs (see NodeStorage.whenDurable).
   */
  readonly sync?: boolean;
  /** With sync false: the fsync follows within this many ms instead (a topic's write.caching.flush.ms); never later than flushIntervalMs. */
  readonly flushWithinMs?: number;
}

export interface StorageStats {
  /** LevelDB batches written; all writes accepted in one turn share one. */
  readonly batchesWritten: number;
  /** Of those, the ones written with sync (each is one fsync of LevelDB's log). */
  readonly syncsWritten: number;
  /** Key and value bytes in those batches. */
  readonly bytesWritten: number;
}
