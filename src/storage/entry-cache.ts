/**
 * Entries Raft can read synchronously: the tail (the newest entries, which
 * followers and the apply loop read), bounded in bytes, and a window loaded
 * from disk for a reader that fell behind the tail.
 */
import { assert } from '../raft/assert.js';
import type { Entry, LogIndex } from '../raft/types.js';

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

export class EntryCache {
  private tail = new Run();
  private tailBytes = 0;
  private window = new Run();

  constructor(private readonly tailBytesMax: number) {}

  get(index: LogIndex): Entry | undefined {
    return this.tail.get(index) ?? this.window.get(index);
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
    for (const entry of entries) {
      this.tail.entries.push(entry);
      this.tailBytes += entryBytes(entry);
    }
    let evicted = 0;
    while (this.tailBytes > this.tailBytesMax) this.tailBytes -= entryBytes(this.tail.entries[evicted++]!);
    this.tail.entries.splice(0, evicted);
  }

  /** Drops cached entries at or after `index` (a truncated suffix). */
  truncateFrom(index: LogIndex): void {
    for (const entry of this.tail.truncateFrom(index)) this.tailBytes -= entryBytes(entry);
    this.window.truncateFrom(index);
  }

  /** Drops cached entries before `index` (a compacted prefix). */
  dropBefore(index: LogIndex): void {
    for (const entry of this.tail.dropBefore(index)) this.tailBytes -= entryBytes(entry);
    this.window.dropBefore(index);
  }

  /** Replaces the window with contiguous entries read from disk. */
  fillWindow(entries: Entry[]): void {
    assert(
      entries.every((entry, i) => entry.index === entries[0]!.index + i),
      'window entries must be contiguous',
    );
    this.window = new Run(entries);
  }
}
