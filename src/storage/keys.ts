/**
 * Key layout of the node's one LevelDB. Integers are unsigned big-endian, so
 * LevelDB's bytewise order is numeric order: a group's keys of one kind form
 * one contiguous range, and "the last entry" or "the greatest base offset ≤ x"
 * is a single reverse seek.
 *
 *   'v'                                  format version
 *   'm' group:u32                        group marker: live, or being deleted
 *   'g' group:u32 'h'                    hard state
 *   'g' group:u32 's'                    snapshot metadata (index, term, conf)
 *   'g' group:u32 'd'                    snapshot data
 *   'g' group:u32 'c' index:u64          ConfState written by the ConfChange entry at index
 *   'g' group:u32 't' start:u64          term of the entries from start to the next run
 *   'g' group:u32 'l' index:u64          log entry
 *   'g' group:u32 'o' baseOffset:u64     index of the entry whose first record is baseOffset
 *
 * Markers live outside the 'g' space so listing groups reads only markers.
 * Errors name keys as `g|7|log|42`, `g|7|hard`, `m|7`.
 */
import type { LogIndex } from '../raft/types.js';
import { StorageCorruptionError } from './errors.js';
import type { GroupId } from './types.js';
import { getU64, setU64 } from './u64.js';

const VERSION = 0x76; // 'v'
const MARKER = 0x6d; // 'm'
const GROUP = 0x67; // 'g'

export const Kind = {
  hard: 0x68, // 'h'
  snap: 0x73, // 's'
  snapData: 0x64, // 'd'
  conf: 0x63, // 'c'
  term: 0x74, // 't'
  log: 0x6c, // 'l'
  off: 0x6f, // 'o'
} as const;
export type Kind = (typeof Kind)[keyof typeof Kind];
export type IndexedKind = typeof Kind.conf | typeof Kind.term | typeof Kind.log | typeof Kind.off;

const KIND_NAMES = new Map<number, string>([
  [Kind.hard, 'hard'],
  [Kind.snap, 'snap'],
  [Kind.snapData, 'snapdata'],
  [Kind.conf, 'conf'],
  [Kind.term, 'term'],
  [Kind.log, 'log'],
  [Kind.off, 'off'],
]);

/** 'g' + group + kind. */
const PREFIX_BYTES = 6;
const INDEXED_KEY_BYTES = PREFIX_BYTES + 8;

export interface KeyRange {
  readonly gte: Uint8Array;
  readonly lt: Uint8Array;
}

export const VERSION_KEY = Uint8Array.of(VERSION);

export function markerKey(group: GroupId): Uint8Array {
  const key = new Uint8Array(5);
  key[0] = MARKER;
  new DataView(key.buffer).setUint32(1, group);
  return key;
}

export const MARKER_RANGE: KeyRange = { gte: Uint8Array.of(MARKER), lt: Uint8Array.of(MARKER + 1) };

export function groupOfMarker(key: Uint8Array): GroupId {
  return new DataView(key.buffer, key.byteOffset, key.byteLength).getUint32(1) as GroupId;
}

function prefix(group: GroupId, kind: number, length: number): Uint8Array {
  const key = new Uint8Array(length);
  key[0] = GROUP;
  new DataView(key.buffer).setUint32(1, group);
  key[5] = kind;
  return key;
}

export function groupKey(group: GroupId, kind: typeof Kind.hard | typeof Kind.snap | typeof Kind.snapData): Uint8Array {
  return prefix(group, kind, PREFIX_BYTES);
}

/** Log, term-run and conf keys take an index; offset-index keys take a base offset. */
export function indexedKey(group: GroupId, kind: IndexedKind, n: number | bigint): Uint8Array {
  const key = prefix(group, kind, INDEXED_KEY_BYTES);
  const view = new DataView(key.buffer);
  if (typeof n === 'bigint') view.setBigUint64(PREFIX_BYTES, n);
  else setU64(view, PREFIX_BYTES, n);
  return key;
}

/** Keys of one kind with from ≤ n < to (to omitted: to the end of the kind). */
export function kindRange(group: GroupId, kind: IndexedKind, from: number | bigint = 0, to?: number | bigint): KeyRange {
  return {
    gte: indexedKey(group, kind, from),
    lt: to === undefined ? prefix(group, kind + 1, PREFIX_BYTES) : indexedKey(group, kind, to),
  };
}

/** Every key of a group except its marker. */
export function groupRange(group: GroupId): KeyRange {
  const lt = prefix(group, 0xff, PREFIX_BYTES);
  return { gte: lt.subarray(0, 5), lt };
}

/** The index in a log, term-run or conf key. */
export function indexOfKey(group: GroupId, key: Uint8Array): LogIndex {
  const index = key.byteLength === INDEXED_KEY_BYTES ? getU64(new DataView(key.buffer, key.byteOffset, key.byteLength), PREFIX_BYTES) : undefined;
  if (index === undefined) throw new StorageCorruptionError(group, describeKey(key), 'malformed key');
  return index as LogIndex;
}

export function offsetOfKey(key: Uint8Array): bigint {
  return new DataView(key.buffer, key.byteOffset, key.byteLength).getBigUint64(PREFIX_BYTES);
}

/** `g|7|log|42`, for error messages. */
export function describeKey(key: Uint8Array): string {
  const view = new DataView(key.buffer, key.byteOffset, key.byteLength);
  if (key.byteLength === 1 && key[0] === VERSION) return 'v';
  if (key.byteLength === 5 && key[0] === MARKER) return `m|${view.getUint32(1)}`;
  if (key[0] !== GROUP || key.byteLength < PREFIX_BYTES) return `raw|${Buffer.from(key).toString('hex')}`;
  const head = `g|${view.getUint32(1)}|${KIND_NAMES.get(key[5]!) ?? `0x${key[5]!.toString(16)}`}`;
  if (key.byteLength === PREFIX_BYTES) return head;
  return key.byteLength === INDEXED_KEY_BYTES ? `${head}|${view.getBigUint64(PREFIX_BYTES)}` : `${head}|?`;
}
