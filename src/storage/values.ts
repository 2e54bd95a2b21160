/**
 * Value encodings. Every value is `crc:u32 ‖ payload`, the CRC32C taken over
 * key ‖ payload, so a value that turns up under another key fails its check
 * as surely as one whose bytes changed. Integers are big-endian.
 *
 *   v          version:u32
 *   m          state:u8 (1 live, 2 being deleted)
 *   hard       term:u64 vote:u32 commit:u64
 *   snap       index:u64 term:u64 conf (src/raft/conf.ts encoding)
 *   snapdata   data
 *   conf       conf (src/raft/conf.ts encoding)
 *   term       term:u64
 *   log        term:u64 type:u8 data
 *   off        index:u64
 */
import { crc32c } from '@node-rs/crc32';
import { decodeConfState, encodeConfState } from '../raft/conf.js';
import type { ConfState, Entry, HardState, LogIndex, NodeId, SnapshotMetadata, Term } from '../raft/types.js';
import { EntryType } from '../raft/types.js';
import { StorageCorruptionError } from './errors.js';
import { describeKey, indexOfKey } from './keys.js';
import type { GroupId } from './types.js';
import { getU64, setU64 } from './u64.js';

const CRC_BYTES = 4;
const ENTRY_HEADER_BYTES = 9;
const HARD_STATE_BYTES = 20;
const SNAPSHOT_HEADER_BYTES = 16;

export const FORMAT_VERSION = 1;

export const MarkerState = { live: 1, deleting: 2 } as const;
export type MarkerState = (typeof MarkerState)[keyof typeof MarkerState];

function seal(key: Uint8Array, payloadBytes: number, fill: (view: DataView, payload: Uint8Array) => void): Uint8Array {
  // Every byte is written below, so the allocation need not be zeroed.
  const value = Buffer.allocUnsafe(CRC_BYTES + payloadBytes);
  const payload = value.subarray(CRC_BYTES);
  fill(new DataView(value.buffer, value.byteOffset + CRC_BYTES, payloadBytes), payload);
  value.writeUInt32BE(crc32c(payload, crc32c(key)), 0);
  return value;
}

/** A verified payload, or a StorageCorruptionError naming the key. */
class Payload {
  readonly view: DataView;

  constructor(
    private readonly group: GroupId | null,
    private readonly key: Uint8Array,
    readonly bytes: Uint8Array,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  static open(group: GroupId | null, key: Uint8Array, value: Uint8Array): Payload {
    if (value.byteLength < CRC_BYTES) throw corrupt(group, key, `value of ${value.byteLength} bytes has no checksum`);
    const bytes = new Uint8Array(value.buffer, value.byteOffset + CRC_BYTES, value.byteLength - CRC_BYTES);
    const stored = new DataView(value.buffer, value.byteOffset, CRC_BYTES).getUint32(0);
    const actual = crc32c(bytes, crc32c(key));
    if (stored !== actual) throw corrupt(group, key, `CRC32C ${hex(actual)} does not match the stored ${hex(stored)}`);
    return new Payload(group, key, bytes);
  }

  expectBytes(predicate: (bytes: number) => boolean, expected: string): this {
    if (!predicate(this.bytes.byteLength)) throw this.corrupt(`payload of ${this.bytes.byteLength} bytes, expected ${expected}`);
    return this;
  }

  u64(position: number): number {
    const value = getU64(this.view, position);
    if (value === undefined) throw this.corrupt(`u64 at byte ${position} exceeds 2^53`);
    return value;
  }

  conf(position: number): ConfState {
    try {
      return decodeConfState(this.bytes.subarray(position));
    } catch (error) {
      throw this.corrupt(`bad ConfState: ${(error as Error).message}`);
    }
  }

  corrupt(detail: string): StorageCorruptionError {
    return corrupt(this.group, this.key, detail);
  }
}

function corrupt(group: GroupId | null, key: Uint8Array, detail: string): StorageCorruptionError {
  return new StorageCorruptionError(group, describeKey(key), detail);
}

const hex = (n: number): string => `0x${n.toString(16).padStart(8, '0')}`;

export function encodeVersion(key: Uint8Array): Uint8Array {
  return seal(key, 4, (view) => view.setUint32(0, FORMAT_VERSION));
}

export function decodeVersion(key: Uint8Array, value: Uint8Array): number {
  return Payload.open(null, key, value).expectBytes((n) => n === 4, '4').view.getUint32(0);
}

export function encodeMarker(key: Uint8Array, state: MarkerState): Uint8Array {
  return seal(key, 1, (view) => view.setUint8(0, state));
}

export function decodeMarker(group: GroupId, key: Uint8Array, value: Uint8Array): MarkerState {
  const state = Payload.open(group, key, value).expectBytes((n) => n === 1, '1').view.getUint8(0);
  if (state !== MarkerState.live && state !== MarkerState.deleting) throw corrupt(group, key, `unknown marker state ${state}`);
  return state;
}

export function encodeHardState(key: Uint8Array, hardState: HardState): Uint8Array {
  return seal(key, HARD_STATE_BYTES, (view) => {
    setU64(view, 0, hardState.term);
    view.setUint32(8, hardState.vote);
    setU64(view, 12, hardState.commit);
  });
}

export function decodeHardState(group: GroupId, key: Uint8Array, value: Uint8Array): HardState {
  const payload = Payload.open(group, key, value).expectBytes((n) => n === HARD_STATE_BYTES, `${HARD_STATE_BYTES}`);
  return {
    term: payload.u64(0) as Term,
    vote: payload.view.getUint32(8) as NodeId,
    commit: payload.u64(12) as LogIndex,
  };
}

export function encodeSnapshotMetadata(key: Uint8Array, metadata: SnapshotMetadata): Uint8Array {
  const conf = encodeConfState(metadata.conf);
  return seal(key, SNAPSHOT_HEADER_BYTES + conf.byteLength, (view, payload) => {
    setU64(view, 0, metadata.index);
    setU64(view, 8, metadata.term);
    payload.set(conf, SNAPSHOT_HEADER_BYTES);
  });
}

export function decodeSnapshotMetadata(group: GroupId, key: Uint8Array, value: Uint8Array): SnapshotMetadata {
  const payload = Payload.open(group, key, value).expectBytes((n) => n >= SNAPSHOT_HEADER_BYTES, `≥ ${SNAPSHOT_HEADER_BYTES}`);
  return { index: payload.u64(0) as LogIndex, term: payload.u64(8) as Term, conf: payload.conf(SNAPSHOT_HEADER_BYTES) };
}

export function encodeBytes(key: Uint8Array, data: Uint8Array): Uint8Array {
  return seal(key, data.byteLength, (_, payload) => payload.set(data));
}

export function decodeBytes(group: GroupId, key: Uint8Array, value: Uint8Array): Uint8Array {
  return Payload.open(group, key, value).bytes;
}

export function encodeConf(key: Uint8Array, conf: ConfState): Uint8Array {
  return encodeBytes(key, encodeConfState(conf));
}

export function decodeConf(group: GroupId, key: Uint8Array, value: Uint8Array): ConfState {
  return Payload.open(group, key, value).conf(0);
}

/** Term-run values hold a term; offset-index values hold a log index. */
export function encodeNumber(key: Uint8Array, n: number): Uint8Array {
  return seal(key, 8, (view) => setU64(view, 0, n));
}

export function decodeNumber(group: GroupId, key: Uint8Array, value: Uint8Array): number {
  return Payload.open(group, key, value).expectBytes((n) => n === 8, '8').u64(0);
}

export function encodeEntry(key: Uint8Array, entry: Entry): Uint8Array {
  return seal(key, ENTRY_HEADER_BYTES + entry.data.byteLength, (view, payload) => {
    setU64(view, 0, entry.term);
    view.setUint8(8, entry.type);
    payload.set(entry.data, ENTRY_HEADER_BYTES);
  });
}

export function decodeEntry(group: GroupId, key: Uint8Array, value: Uint8Array): Entry {
  const payload = Payload.open(group, key, value).expectBytes((n) => n >= ENTRY_HEADER_BYTES, `≥ ${ENTRY_HEADER_BYTES}`);
  const type = payload.view.getUint8(8);
  if (type !== EntryType.Normal && type !== EntryType.ConfChange) throw payload.corrupt(`unknown entry type ${type}`);
  return {
    term: payload.u64(0) as Term,
    index: indexOfKey(group, key),
    type,
    data: payload.bytes.subarray(ENTRY_HEADER_BYTES),
  };
}
