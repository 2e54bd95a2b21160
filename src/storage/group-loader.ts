/**
 * Loads a group's state at open() and verifies it. Always verified: the hard
 * state, snapshot metadata, every term run and conf point, the offset-index
 * points held in memory, the tail entries cached, and that the log's first
 * and last entries are where the snapshot and term runs say. With
 * verifyOnOpen 'full' (the default) every stored entry is also read once in
 * key order: its CRC, its index (no gaps — LevelDB drops a damaged record of
 * its own log silently, which shows up as a gap), its term against the term
 * runs and its type against the conf points. 'tail' skips that scan for
 * nodes whose restart time matters more; reads then find damage when they
 * touch it, since every read verifies every value it returns.
 */
import type { ConfPoint } from '../raft/storage.js';
import type { Entry, LogIndex, Term } from '../raft/types.js';
import { EntryType } from '../raft/types.js';
import { entryBytes } from './entry-cache.js';
import { StorageCorruptionError } from './errors.js';
import type { GroupState } from './group-log.js';
import { NEW_GROUP_STATE } from './group-log.js';
import type { IndexedKind, KeyRange } from './keys.js';
import { Kind, describeKey, groupKey, indexOfKey, indexedKey, kindRange, offsetOfKey } from './keys.js';
import type { Db, KeyValue } from './level-reads.js';
import { missingEntry, readValue, scan } from './level-reads.js';
import type { TermRun } from './term-runs.js';
import { TermRuns } from './term-runs.js';
import type { GroupId, Offset, OffsetPoint } from './types.js';
import {
  decodeBytes,
  decodeConf,
  decodeEntry,
  decodeHardState,
  decodeNumber,
  decodeSnapshotMetadata,
} from './values.js';

export type VerifyMode = 'full' | 'tail';

export interface LoadOptions {
  readonly tailCacheBytesMax: number;
  readonly verifyOnOpen: VerifyMode;
}

export interface LoadedGroup {
  readonly state: GroupState;
  /** Keys below the first index survive from a compaction whose clean-up a crash cut short. */
  readonly prefixGarbage: boolean;
}

/** What an entry must agree with besides its own CRC. */
interface LogShape {
  readonly group: GroupId;
  readonly first: LogIndex;
  readonly last: LogIndex;
  readonly terms: TermRuns;
  readonly confIndexes: ReadonlySet<number>;
}

export async function loadGroup(db: Db, group: GroupId, options: LoadOptions): Promise<LoadedGroup> {
  const hardKey = groupKey(group, Kind.hard);
  const hardValue = await readValue(db, group, hardKey);
  if (hardValue === undefined) throw new StorageCorruptionError(group, describeKey(hardKey), 'missing for a live group');
  const hardState = decodeHardState(group, hardKey, hardValue);
  const snapKey = groupKey(group, Kind.snap);
  const snapValue = await readValue(db, group, snapKey);
  const snapshot = snapValue === undefined ? NEW_GROUP_STATE.snapshot : decodeSnapshotMetadata(group, snapKey, snapValue);
  const first = (snapshot.index + 1) as LogIndex;

  const runs = await readIndexed(db, group, Kind.term, first, (key, value) => ({
    start: indexOfKey(group, key),
    term: decodeNumber(group, key, value) as Term,
  }));
  const confs = await readIndexed(db, group, Kind.conf, first, (key, value): ConfPoint => ({
    index: indexOfKey(group, key),
    conf: decodeConf(group, key, value),
  }));
  const lastStored = await edgeLogIndex(db, group, 0, true);
  const last = Math.max(lastStored ?? 0, snapshot.index) as LogIndex;
  const shape: LogShape = {
    group,
    first,
    last,
    terms: new TermRuns(runs.kept.map((run) => run.item)),
    confIndexes: new Set(confs.kept.map((point) => point.item.index)),
  };
  checkTermRuns(shape, runs.kept.map((run) => run.item));
  const lastConf = confs.kept.at(-1);
  if (lastConf !== undefined && lastConf.item.index > last) {
    throw new StorageCorruptionError(group, describeKey(lastConf.key), `conf point after the last entry ${last}`);
  }

  const logGarbage = options.verifyOnOpen === 'full' ? await verifyLog(db, shape) : await checkLogStart(db, shape);
  const offsets = await readOffsetTail(db, shape, hardState.commit);
  const firstOffset = await edge(db, group, kindRange(group, Kind.off), false);
  const offsetGarbage = firstOffset !== undefined && decodeNumber(group, ...firstOffset) < first;
  const snapshotData =
    snapshot.index === 0 ? NEW_GROUP_STATE.snapshotData : options.verifyOnOpen === 'full' ? await readSnapshotData(db, group) : null;
  return {
    state: {
      hardState,
      snapshot,
      snapshotData,
      lastIndex: last,
      termRuns: shape.terms.all(),
      confPoints: confs.kept.map((point) => point.item),
      tail: await readTail(db, shape, options.tailCacheBytesMax),
      offsets,
    },
    prefixGarbage: runs.garbage || confs.garbage || logGarbage || offsetGarbage,
  };
}

export async function readSnapshotData(db: Db, group: GroupId): Promise<Uint8Array> {
  const key = groupKey(group, Kind.snapData);
  const value = await readValue(db, group, key);
  if (value === undefined) throw new StorageCorruptionError(group, describeKey(key), 'missing for a stored snapshot');
  return decodeBytes(group, key, value);
}

/** Every key of a small kind (term runs, conf points), split into those at or after `first` and garbage before it. */
async function readIndexed<T>(
  db: Db,
  group: GroupId,
  kind: IndexedKind,
  first: LogIndex,
  decode: (key: Uint8Array, value: Uint8Array) => T,
): Promise<{ kept: { key: Uint8Array; item: T }[]; garbage: boolean }> {
  const kept: { key: Uint8Array; item: T }[] = [];
  let garbage = false;
  for await (const [key, value] of scan(db, group, kindRange(group, kind))) {
    if (indexOfKey(group, key) < first) garbage = true;
    else kept.push({ key, item: decode(key, value) });
  }
  return { kept, garbage };
}

/** The first (or, reverse, the last) key-value in a range. */
async function edge(db: Db, group: GroupId, range: KeyRange, reverse: boolean): Promise<KeyValue | undefined> {
  for await (const pair of scan(db, group, range, { reverse, limit: 1 })) return pair;
  return undefined;
}

async function edgeLogIndex(db: Db, group: GroupId, from: number, reverse: boolean): Promise<number | undefined> {
  const pair = await edge(db, group, kindRange(group, Kind.log, from), reverse);
  return pair === undefined ? undefined : indexOfKey(group, pair[0]);
}

/** Runs must start exactly at the first entry and none may start after the last one. */
function checkTermRuns(shape: LogShape, runs: readonly TermRun[]): void {
  const { group, first, last } = shape;
  if (last >= first && runs[0]?.start !== first) {
    throw new StorageCorruptionError(group, describeKey(indexedKey(group, Kind.term, first)), 'missing: no term run starts at the first entry');
  }
  const lastRun = runs.at(-1);
  if (lastRun !== undefined && lastRun.start > last) {
    throw new StorageCorruptionError(group, describeKey(indexedKey(group, Kind.term, lastRun.start)), `starts after the last entry ${last}`);
  }
}

function checkEntry(shape: LogShape, key: Uint8Array, entry: Entry): void {
  const term = shape.terms.termAt(entry.index);
  if (entry.term !== term) throw new StorageCorruptionError(shape.group, describeKey(key), `term ${entry.term}, but its term run says ${term}`);
  if ((entry.type === EntryType.ConfChange) !== shape.confIndexes.has(entry.index)) {
    throw new StorageCorruptionError(shape.group, describeKey(key), `entry type ${entry.type} disagrees with the conf points`);
  }
}

/** Reads every stored entry once; returns whether entries below the first index remain. */
async function verifyLog(db: Db, shape: LogShape): Promise<boolean> {
  let garbage = false;
  let expected = shape.first;
  for await (const [key, value] of scan(db, shape.group, kindRange(shape.group, Kind.log, 0, shape.last + 1))) {
    const index = indexOfKey(shape.group, key);
    if (index < shape.first) {
      garbage = true;
      continue;
    }
    if (index !== expected) throw missingEntry(shape.group, expected, index);
    checkEntry(shape, key, decodeEntry(shape.group, key, value));
    expected++;
  }
  if (expected <= shape.last) throw missingEntry(shape.group, expected, undefined);
  return garbage;
}

/** Without the full scan: the first entry must be stored; returns whether entries below it remain. */
async function checkLogStart(db: Db, shape: LogShape): Promise<boolean> {
  const firstStored = await edgeLogIndex(db, shape.group, 0, false);
  const garbage = firstStored !== undefined && firstStored < shape.first;
  if (shape.last >= shape.first) {
    const atFirst = garbage ? await edgeLogIndex(db, shape.group, shape.first, false) : firstStored;
    if (atFirst !== shape.first) throw missingEntry(shape.group, shape.first, atFirst);
  }
  return garbage;
}

/** The newest entries that fit the tail cache, verified, in index order. */
async function readTail(db: Db, shape: LogShape, bytesMax: number): Promise<Entry[]> {
  const tail: Entry[] = [];
  let bytes = 0;
  const range = kindRange(shape.group, Kind.log, shape.first, shape.last + 1);
  for await (const [key, value] of scan(db, shape.group, range, { reverse: true })) {
    const entry = decodeEntry(shape.group, key, value);
    const expected = shape.last - tail.length;
    if (entry.index !== expected) throw missingEntry(shape.group, expected, entry.index);
    bytes += entryBytes(entry);
    if (bytes > bytesMax) break;
    checkEntry(shape, key, entry);
    tail.push(entry);
  }
  return tail.reverse();
}

/** The offset-index points of entries above the commit, plus the greatest one at or below it. */
async function readOffsetTail(db: Db, shape: LogShape, commit: LogIndex): Promise<OffsetPoint[]> {
  const points: OffsetPoint[] = [];
  for await (const [key, value] of scan(db, shape.group, kindRange(shape.group, Kind.off), { reverse: true })) {
    const point = { baseOffset: offsetOfKey(key) as Offset, index: decodeNumber(shape.group, key, value) as LogIndex };
    const after = points.at(-1);
    if (point.index > shape.last || (after !== undefined && point.index >= after.index)) {
      throw new StorageCorruptionError(shape.group, describeKey(key), `maps to entry ${point.index}, out of order or beyond ${shape.last}`);
    }
    points.push(point);
    if (point.index <= commit) break;
  }
  return points.reverse();
}
