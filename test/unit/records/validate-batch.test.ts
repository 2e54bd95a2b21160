import { AssertionError } from 'node:assert';
import { describe, expect, it } from 'vitest';
import { decodeBatch, encodeBatch, splitBatches, stampBatch, validateBatch, withBaseSequence } from '../../../src/records/index.js';
import type { RecordInput } from '../../../src/records/index.js';
import { AT, CODECS, bytes, corruptKindOf, reseal } from './helpers.js';

const records: RecordInput[] = Array.from({ length: 20 }, (_, i) => ({
  key: bytes(`key-${i}`),
  value: bytes(`value ${i} `.repeat(i + 1)),
  headers: [{ key: 'n', value: bytes(String(i)) }],
  timestamp: 1_700_000_000_000n + BigInt(i),
}));
const none = encodeBatch(records);
const zstd = encodeBatch(records, { compression: 'zstd' });
const limits = { batchBytesMax: 1024 * 1024 };

describe('validateBatch', () => {
  it.each(CODECS)('accepts a %s batch from the encoder and reports its header', (compression) => {
    const batch = encodeBatch(records, { compression, producerId: 9n, producerEpoch: 2, baseSequence: 40, partitionLeaderEpoch: 3 });
    expect(validateBatch(batch, limits)).toEqual({
      baseOffset: 0n,
      batchBytes: batch.length,
      partitionLeaderEpoch: 3,
      compression,
      timestampType: 'create-time',
      isTransactional: false,
      isControl: false,
      lastOffsetDelta: 19,
      baseTimestamp: 1_700_000_000_000n,
      maxTimestamp: 1_700_000_000_019n,
      producerId: 9n,
      producerEpoch: 2,
      baseSequence: 40,
      recordsCount: 20,
    });
  });

  it.each(CODECS.filter((c) => c !== 'none'))(
    'never decompresses: a %s batch with a garbage payload under a valid CRC passes, and only the decoder rejects it',
    (compression) => {
      const garbage = reseal(encodeBatch(records, { compression }), { payload: bytes('this is not compressed data at all') });
      expect(validateBatch(garbage, limits)).toMatchObject({ compression, recordsCount: 20 });
      expect(corruptKindOf(() => decodeBatch(garbage))).toBe('bad-compression');
    },
  );

  it('rejects a batch larger than batchBytesMax as too-large, and accepts one of exactly that size', () => {
    expect(corruptKindOf(() => validateBatch(none, { batchBytesMax: none.length - 1 }))).toBe('too-large');
    expect(validateBatch(none, { batchBytesMax: none.length }).batchBytes).toBe(none.length);
  });

  it('rejects bytes after the batch as bad-length: one batch is expected', () => {
    const longer = new Uint8Array(none.length + 1);
    longer.set(none);
    expect(corruptKindOf(() => validateBatch(longer, limits))).toBe('bad-length');
  });

  it('rejects a batchLength shorter than the header as bad-length', () => {
    const short = none.slice();
    new DataView(short.buffer).setInt32(AT.batchLength, 48);
    expect(corruptKindOf(() => validateBatch(short, limits))).toBe('bad-length');
  });

  it('rejects magic 0 and 1 (older message formats) as bad-magic', () => {
    for (const magic of [0, 1]) {
      const old = none.slice();
      old[AT.magic] = magic;
      expect(corruptKindOf(() => validateBatch(old, limits))).toBe('bad-magic');
    }
  });

  it('rejects a lastOffsetDelta that disagrees with recordsCount as bad-count', () => {
    expect(corruptKindOf(() => validateBatch(reseal(none, { lastOffsetDelta: 25 }), limits))).toBe('bad-count');
  });

  it('rejects a negative recordsCount as bad-count', () => {
    expect(corruptKindOf(() => validateBatch(reseal(none, { recordsCount: -2, lastOffsetDelta: -3 }), limits))).toBe('bad-count');
  });

  it('rejects an uncompressed recordsCount the bytes cannot hold as bad-count; for a compressed batch only the decoder can tell', () => {
    const tooMany = { recordsCount: 100_000, lastOffsetDelta: 99_999 };
    expect(corruptKindOf(() => validateBatch(reseal(none, tooMany), limits))).toBe('bad-count');
    const compressed = reseal(zstd, tooMany);
    expect(validateBatch(compressed, limits).recordsCount).toBe(100_000);
    expect(corruptKindOf(() => decodeBatch(compressed))).toBe('bad-count');
  });

  it('rejects the unassigned codec ids 5 to 7 as bad-compression', () => {
    for (const id of [5, 6, 7]) {
      expect(corruptKindOf(() => validateBatch(reseal(none, { attributes: id }), limits))).toBe('bad-compression');
    }
  });

  it('reports the transactional and control bits, leaving policy to the caller', () => {
    expect(validateBatch(reseal(none, { attributes: 0x30 }), limits)).toMatchObject({ isTransactional: true, isControl: true });
  });

  it('gives log-append-time batches the batch maxTimestamp as every record’s timestamp', () => {
    const logAppend = reseal(none, { attributes: 0x08 });
    expect(validateBatch(logAppend, limits).timestampType).toBe('log-append-time');
    expect(new Set(decodeBatch(logAppend).records.map((r) => r.timestamp))).toEqual(new Set([1_700_000_000_019n]));
  });
});

describe('stampBatch', () => {
  it.each(CODECS)(
    'sets baseOffset and partitionLeaderEpoch of a %s batch in place, leaving every other byte and the CRC valid',
    (compression) => {
      const batch = encodeBatch(records, { compression });
      const before = batch.slice();
      stampBatch(batch, 5000n, 12);
      expect(batch.subarray(AT.magic)).toEqual(before.subarray(AT.magic));
      expect(batch.subarray(AT.batchLength, AT.partitionLeaderEpoch)).toEqual(before.subarray(AT.batchLength, AT.partitionLeaderEpoch));
      expect(validateBatch(batch, limits)).toMatchObject({ baseOffset: 5000n, partitionLeaderEpoch: 12 });
      expect(decodeBatch(batch).records.map((r) => r.offset)).toEqual(records.map((_, i) => 5000n + BigInt(i)));
    },
  );

  it('treats stamping bytes that are not a batch, or a negative offset, as a bug (assertion)', () => {
    expect(() => stampBatch(new Uint8Array(10), 0n, 0)).toThrow(AssertionError);
    expect(() => stampBatch(none.slice(), -1n, 0)).toThrow(AssertionError);
  });
});

describe('splitBatches', () => {
  const batches = CODECS.map((compression, i) => encodeBatch(records.slice(0, i + 1), { compression, baseOffset: BigInt(100 * i) }));
  const [first, second, third] = batches as [Uint8Array, Uint8Array, Uint8Array];
  const joined = Buffer.concat(batches);

  it('splits concatenated batches of every codec into views of exactly their bytes with their headers', () => {
    const views = splitBatches(joined);
    expect(views.map((v) => Buffer.from(v.bytes).toString('hex'))).toEqual(batches.map((b) => Buffer.from(b).toString('hex')));
    expect(views.map((v) => v.header)).toEqual(batches.map((b) => validateBatch(b, limits)));
  });

  it('returns no views for an empty buffer', () => {
    expect(splitBatches(new Uint8Array(0))).toEqual([]);
  });

  it('rejects a last batch cut short as truncated', () => {
    for (const extra of [1, 20, 61, first.length - 1]) {
      const cut = Buffer.concat([joined, first.subarray(0, extra)]);
      expect(corruptKindOf(() => splitBatches(cut))).toBe('truncated');
    }
  });

  it('rejects a non-v2 batch in the middle as bad-magic', () => {
    const old = second.slice();
    old[AT.magic] = 1;
    expect(corruptKindOf(() => splitBatches(Buffer.concat([first, old, third])))).toBe('bad-magic');
  });

  it('checks framing only: a damaged payload splits, and decoding that view reports bad-crc', () => {
    const damaged = new Uint8Array(joined);
    const at = first.length + 70; // inside the second batch's records
    damaged[at] = (damaged[at] as number) ^ 0xff;
    const views = splitBatches(damaged);
    expect(views).toHaveLength(batches.length);
    expect(views[1]?.header.baseOffset).toBe(100n);
    expect(corruptKindOf(() => decodeBatch(views[1]?.bytes ?? new Uint8Array(0)))).toBe('bad-crc');
  });
});

describe('withBaseSequence', () => {
  it('gives a copy with the new baseSequence that validates, its records unchanged, the original untouched', () => {
    const batch = encodeBatch(records, { compression: 'zstd', producerId: 9n, producerEpoch: 2, baseSequence: 40 });
    const original = Uint8Array.from(batch);

    const renumbered = withBaseSequence(batch, 17);

    expect(validateBatch(renumbered, limits)).toMatchObject({ producerId: 9n, producerEpoch: 2, baseSequence: 17, recordsCount: 20 });
    expect(decodeBatch(renumbered).records).toEqual(decodeBatch(batch).records);
    expect(batch).toEqual(original);
  });
});
