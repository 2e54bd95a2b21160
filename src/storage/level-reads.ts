/** Reads from LevelDB that turn its corruption errors into StorageCorruptionErrors naming what was read. */
import type { ClassicLevel } from 'classic-level';
import type { Entry, LogIndex } from '../raft/types.js';
import { StorageCorruptionError, asStorageError } from './errors.js';
import type { KeyRange } from './keys.js';
import { Kind, describeKey, indexedKey, kindRange } from './keys.js';
import type { GroupId } from './types.js';
import { decodeEntry } from './values.js';

export type Db = ClassicLevel<Uint8Array, Uint8Array>;
export type KeyValue = readonly [key: Uint8Array, value: Uint8Array];

/** Entries fetched per native call: large enough to amortise the call, small enough not to hog memory. */
const SCAN_CHUNK_ENTRIES = 256;

export interface ScanOptions {
  readonly reverse?: boolean;
  readonly limit?: number;
}

function describeRange(range: KeyRange): string {
  return `[${describeKey(range.gte)}, ${describeKey(range.lt)})`;
}

/** Key-value pairs in `range`; a LevelDB corruption names the range and the last good key. */
export async function* scan(db: Db, group: GroupId | null, range: KeyRange, options: ScanOptions = {}): AsyncGenerator<KeyValue> {
  const iterator = db.iterator({ gte: range.gte, lt: range.lt, reverse: options.reverse ?? false, limit: options.limit ?? -1 });
  let last: Uint8Array | undefined;
  try {
    for (;;) {
      let chunk: KeyValue[];
      try {
        chunk = (await iterator.nextv(SCAN_CHUNK_ENTRIES)) as KeyValue[];
      } catch (error) {
        const where = last === undefined ? describeRange(range) : `${describeRange(range)} after ${describeKey(last)}`;
        throw asStorageError(error, group, where);
      }
      if (chunk.length === 0) return;
      for (const pair of chunk) {
        last = pair[0];
        yield pair;
      }
    }
  } finally {
    await iterator.close();
  }
}

export async function readValue(db: Db, group: GroupId | null, key: Uint8Array): Promise<Uint8Array | undefined> {
  try {
    return await db.get(key);
  } catch (error) {
    throw asStorageError(error, group, describeKey(key));
  }
}

/**
 * Verified entries with lo ≤ index < hi, in order, until their data exceeds
 * bytesMax: the entry that crosses the bound is included, so a cache filled
 * from this can answer a bytes-limited read exactly (see limitBytes). The
 * first entry may be past lo when the entries before it are not stored (the
 * caller decides whether that is compaction or damage); a gap after it is
 * damage.
 */
export async function readLog(db: Db, group: GroupId, lo: LogIndex, hi: LogIndex, bytesMax: number): Promise<Entry[]> {
  const entries: Entry[] = [];
  let bytes = 0;
  for await (const [key, value] of scan(db, group, kindRange(group, Kind.log, lo, hi))) {
    const entry = decodeEntry(group, key, value);
    const previous = entries.at(-1);
    if (previous !== undefined && entry.index !== previous.index + 1) throw missingEntry(group, previous.index + 1, entry.index);
    entries.push(entry);
    bytes += entry.data.byteLength;
    if (bytes > bytesMax) break;
  }
  return entries;
}

export function missingEntry(group: GroupId, index: number, nextStored: number | undefined): StorageCorruptionError {
  const next = nextStored === undefined ? 'none' : `${nextStored}`;
  return new StorageCorruptionError(group, describeKey(indexedKey(group, Kind.log, index)), `entry missing (next stored entry: ${next})`);
}
