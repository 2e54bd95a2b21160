import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LogIndex, NodeId, Term } from '../../../src/raft/types.js';
import { EntryType } from '../../../src/raft/types.js';
import { StorageCorruptionError } from '../../../src/storage/errors.js';
import { Kind, groupKey, indexedKey } from '../../../src/storage/keys.js';
import type { GroupId } from '../../../src/storage/types.js';
import {
  decodeEntry,
  decodeHardState,
  decodeSnapshotMetadata,
  encodeEntry,
  encodeHardState,
  encodeSnapshotMetadata,
} from '../../../src/storage/values.js';

const G = 3 as GroupId;

describe('value encodings', () => {
  it('round-trip entries, hard states and snapshot metadata', () => {
    const key = indexedKey(G, Kind.log, 9);
    const entry = { index: 9 as LogIndex, term: 2 ** 40 as Term, type: EntryType.ConfChange, data: Uint8Array.of(1, 2, 3) };
    expect(decodeEntry(G, key, encodeEntry(key, entry))).toEqual(entry);
    const hardKey = groupKey(G, Kind.hard);
    const hardState = { term: 5 as Term, vote: 0xffff_ffff as NodeId, commit: Number.MAX_SAFE_INTEGER as LogIndex };
    expect(decodeHardState(G, hardKey, encodeHardState(hardKey, hardState))).toEqual(hardState);
    const snapKey = groupKey(G, Kind.snap);
    const metadata = { index: 7 as LogIndex, term: 3 as Term, conf: { voters: [1, 2] as NodeId[], learners: [9] as NodeId[] } };
    expect(decodeSnapshotMetadata(G, snapKey, encodeSnapshotMetadata(snapKey, metadata))).toEqual(metadata);
  });

  it('detect any single flipped bit of a value', () => {
    const key = indexedKey(G, Kind.log, 1);
    const value = encodeEntry(key, { index: 1 as LogIndex, term: 1 as Term, type: EntryType.Normal, data: new Uint8Array(100).fill(7) });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: value.byteLength * 8 - 1 }), (bit) => {
        // A copy: Buffer#slice is a view, and flipping the shared bytes twice would undo the damage.
        const damaged = Uint8Array.from(value);
        damaged[bit >> 3]! ^= 1 << (bit & 7);
        expect(() => decodeEntry(G, key, damaged)).toThrow(StorageCorruptionError);
      }),
    );
  });

  it('detect a valid value stored under another key', () => {
    const value = encodeEntry(indexedKey(G, Kind.log, 1), { index: 1 as LogIndex, term: 1 as Term, type: EntryType.Normal, data: new Uint8Array(4) });
    expect(() => decodeEntry(G, indexedKey(G, Kind.log, 2), value)).toThrow(/g\|3\|log\|2: CRC32C/);
    expect(() => decodeEntry(G, indexedKey(4 as GroupId, Kind.log, 1), value)).toThrow(StorageCorruptionError);
  });

  it('report a truncated value rather than read past it', () => {
    const key = groupKey(G, Kind.hard);
    expect(() => decodeHardState(G, key, Uint8Array.of(1, 2))).toThrow(/no checksum/);
  });
});
