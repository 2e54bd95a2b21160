/**
 * The replicated state machine of the simulation: the client payloads applied
 * so far, by index, and a hash chain over every applied entry, so that two
 * states are equal exactly when their chains are. Its snapshot encodes both.
 */
import { assert } from '../../src/raft/assert.js';
import { EMPTY_CONF, decodeConfState } from '../../src/raft/conf.js';
import type { ConfState, Entry, LogIndex, Snapshot } from '../../src/raft/types.js';
import { EntryType } from '../../src/raft/types.js';

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const PAYLOAD_ID_BYTES = 4;
const SNAPSHOT_HEADER_BYTES = 12;
const SNAPSHOT_PAIR_BYTES = 8;

function mixU32(hash: number, value: number): number {
  let h = hash;
  for (let shift = 0; shift < 32; shift += 8) h = Math.imul(h ^ ((value >>> shift) & 0xff), FNV_PRIME) >>> 0;
  return h;
}

/** FNV-1a over an entry's type and data: equal digests stand for equal entries at one (index, term). */
export function entryDigest(entry: Entry): number {
  let h = mixU32(FNV_OFFSET, entry.type);
  for (const byte of entry.data) h = Math.imul(h ^ byte, FNV_PRIME) >>> 0;
  return h;
}

/** A client payload: its id, then filler so that entries differ in size. */
export function encodePayload(id: number, filler: Uint8Array): Uint8Array {
  const data = new Uint8Array(PAYLOAD_ID_BYTES + filler.byteLength);
  new DataView(data.buffer).setUint32(0, id);
  data.set(filler, PAYLOAD_ID_BYTES);
  return data;
}

/** The payload id an entry carries, or undefined for no-ops and membership changes. */
export function payloadIdOf(entry: Entry): number | undefined {
  if (entry.type !== EntryType.Normal || entry.data.byteLength < PAYLOAD_ID_BYTES) return undefined;
  return new DataView(entry.data.buffer, entry.data.byteOffset, PAYLOAD_ID_BYTES).getUint32(0);
}

export class StateMachine {
  appliedIndex = 0 as LogIndex;
  chainHash = FNV_OFFSET;
  /** The membership as of appliedIndex: what compaction records in the snapshot. */
  conf: ConfState = EMPTY_CONF;
  private readonly payloads = new Map<LogIndex, number>();

  /** The state a snapshot describes (an empty machine for the empty snapshot). */
  static fromSnapshot(snapshot: Snapshot): StateMachine {
    const sm = new StateMachine();
    sm.conf = snapshot.metadata.conf;
    if (snapshot.metadata.index === 0) return sm;
    const view = new DataView(snapshot.data.buffer, snapshot.data.byteOffset, snapshot.data.byteLength);
    sm.appliedIndex = view.getUint32(0) as LogIndex;
    sm.chainHash = view.getUint32(4);
    const count = view.getUint32(8);
    assert(snapshot.data.byteLength === SNAPSHOT_HEADER_BYTES + count * SNAPSHOT_PAIR_BYTES, 'snapshot data length');
    assert(sm.appliedIndex === snapshot.metadata.index, `snapshot data at ${sm.appliedIndex}, metadata at ${snapshot.metadata.index}`);
    for (let i = 0; i < count; i++) {
      const offset = SNAPSHOT_HEADER_BYTES + i * SNAPSHOT_PAIR_BYTES;
      sm.payloads.set(view.getUint32(offset) as LogIndex, view.getUint32(offset + 4));
    }
    return sm;
  }

  /** Applies the next entry; the caller has checked that it follows appliedIndex. */
  apply(entry: Entry): void {
    assert(entry.index === this.appliedIndex + 1, `apply ${entry.index} after ${this.appliedIndex}`);
    this.appliedIndex = entry.index;
    this.chainHash = mixU32(mixU32(mixU32(this.chainHash, entry.index), entry.term), entryDigest(entry));
    if (entry.type === EntryType.ConfChange) this.conf = decodeConfState(entry.data);
    const id = payloadIdOf(entry);
    if (id !== undefined) this.payloads.set(entry.index, id);
  }

  payloadAt(index: LogIndex): number | undefined {
    return this.payloads.get(index);
  }

  /** Snapshot data: applied index, chain hash, then every (index, payload id). */
  encode(): Uint8Array {
    const data = new Uint8Array(SNAPSHOT_HEADER_BYTES + this.payloads.size * SNAPSHOT_PAIR_BYTES);
    const view = new DataView(data.buffer);
    view.setUint32(0, this.appliedIndex);
    view.setUint32(4, this.chainHash);
    view.setUint32(8, this.payloads.size);
    let offset = SNAPSHOT_HEADER_BYTES;
    for (const [index, id] of this.payloads) {
      view.setUint32(offset, index);
      view.setUint32(offset + 4, id);
      offset += SNAPSHOT_PAIR_BYTES;
    }
    return data;
  }
}
