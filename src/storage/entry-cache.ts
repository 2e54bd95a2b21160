/**
 * Entries Raft can read synchronously: the tail (the newest entries, which
 * followers and the apply loop read), bounded in bytes, and a window loaded
 * from disk for a reader that fell behind the tail. Both count against the
 * node's budget (cache-budget.ts), which may ask for them back.
 */
import { assert } from '../raft/assert.js';
import type { Entry, LogIndex } from '../raft/types.js';
import type { CacheBudget, SheddingCache } from './cache-budget.js';

/** Charged per cached entry on top of its data, for the object and its index. */
export const ENTRY_OVERHEAD_BYTES = 64;

export const entryBytes = (entry: Entry): number => entry.data.byteLength + ENTRY_OVERHEAD_BYTES;

/** Contiguous entries, indexed in O(1). */
class Run {
  constructor(readonly entries: Entry[] = []) {}

  get(index: LogIndex): Entry | undefined {
    const first = this.entries[0];
    return first === undefined ? undefined : this.entries[index - first.index];
  }

  /** Drops the entries at or after `index`. */
  truncateFrom(index: LogIndex): Entry[] {
    const first = this.entries[0];
    return first === undefined ? [] : this.entries.splice(Math.max(0, index - first.index));
  }

  /** Drops the entries before `index`. */
  dropBefore(index: LogIndex): Entry[] {
    const first = this.entries[0];
    return first === undefined || index <= first.index ? [] : this.entries.splice(0, index - first.index);
  }
}

const runBytes = (entries: readonly Entry[]): number => entries.reduce((sum, entry) => sum + entryBytes(entry), 0);

/** Entries up to which the tail is kept in an array of its exact size. */
const SHORT_TAIL = 16;

const EMPTY_DATA = new Uint8Array(0);

/**
 * Entries without data (a leader's no-op each term) share one empty array:
 * each of their own costs about 180 bytes (a view and its buffer), in every group's tail.
 */
function withSharedEmptyData(entry: Entry): Entry {
  return entry.data.byteLength === 0 && entry.data !== EMPTY_DATA ? { term: entry.term, index: entry.index, type: entry.type, data: EMPTY_DATA } : entry;
}

export class EntryCache implements SheddingCache {
  private tail = new Run();
  private tailBytes = 0;
  /** Only while a reader behind the tail has one loaded: most groups never do. */
  private window: Run | undefined;
  private windowBytes = 0;

  constructor(
    private readonly tailBytesMax: number,
    private readonly budget?: CacheBudget,
  ) {}

  /** Bytes cached, as entryBytes() counts them. */
  get bytes(): number {
    return this.tailBytes + this.windowBytes;
  }

  get(index: LogIndex): Entry | undefined {
    return this.tail.get(index) ?? this.window?.get(index);
  }

  /** The first index of the tail, or undefined when the tail is empty. */
  tailStart(): LogIndex | undefined {
    return this.tail.entries[0]?.index;
  }

  /** Appends entries that end the log, dropping what they overwrite, then trims the tail to its bound. */
  append(entries: readonly Entry[]): void {
    const first = entries[0];
    if (first === undefined) return;
    this.truncateFrom(first.index);
    const tailStart = this.tailStart();
    assert(tailStart === undefined || tailStart + this.tail.entries.length === first.index, 'the tail must end the log');
    const added = entries.map(withSharedEmptyData);
    // A short tail (an idle group's) is copied into an array of its exact size: push leaves spare slots in every group.
    if (this.tail.entries.length + added.length <= SHORT_TAIL) this.tail = new Run(this.tail.entries.concat(added));
    else for (const entry of added) this.tail.entries.push(entry);
    this.tailBytes += runBytes(added);
    this.dropOldestTail(this.tailBytes - this.tailBytesMax);
    this.budget?.update(this, this.bytes, true);
  }

  /** Drops cached entries at or after `index` (a truncated suffix). */
  truncateFrom(index: LogIndex): void {
    this.tailBytes -= runBytes(this.tail.truncateFrom(index));
    this.windowBytes -= runBytes(this.window?.truncateFrom(index) ?? []);
    this.budget?.update(this, this.bytes, false);
  }

  /** Drops cached entries before `index` (a compacted prefix). */
  dropBefore(index: LogIndex): void {
    this.tailBytes -= runBytes(this.tail.dropBefore(index));
    this.windowBytes -= runBytes(this.window?.dropBefore(index) ?? []);
    this.budget?.update(this, this.bytes, false);
  }

  /** Replaces the window with contiguous entries read from disk. */
  fillWindow(entries: Entry[]): void {
    assert(
      entries.every((entry, i) => entry.index === entries[0]!.index + i),
      'window entries must be contiguous',
    );
    this.window = new Run(entries);
    this.windowBytes = runBytes(entries);
    this.budget?.update(this, this.bytes, true);
  }

  /**
   * The budget wants `bytes` back: the window goes first (a reader behind
   * the tail, done or not, reloads it), then the oldest tail entries.
   */
  shed(bytes: number): void {
    const fromTail = bytes - this.windowBytes;
    this.window = undefined;
    this.windowBytes = 0;
    this.dropOldestTail(fromTail);
    this.budget?.update(this, this.bytes, false);
  }

  /** Everything goes (the group was deleted). */
  clear(): void {
    this.shed(Number.POSITIVE_INFINITY);
  }

  /** Drops the oldest tail entries until at least `bytes` are freed (or the tail is empty). */
  private dropOldestTail(bytes: number): void {
    let freed = 0;
    let dropped = 0;
    while (freed < bytes && dropped < this.tail.entries.length) freed += entryBytes(this.tail.entries[dropped++]!);
    if (dropped > 0) this.tail.entries.splice(0, dropped);
    this.tailBytes -= freed;
  }
}
