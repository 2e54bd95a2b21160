import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBatch, encodeBatch, validateBatch } from '../../../src/records/index.js';
import type { Compression, EncodeBatchOptions, RecordInput } from '../../../src/records/index.js';
import { CODECS, plainRecords } from './helpers.js';

const NOW_MS = 1_700_000_000_000n;

const nullableBytes = (maxLength: number) =>
  fc.oneof(fc.constant(null), fc.constant(new Uint8Array(0)), fc.uint8Array({ maxLength }));

// Mostly realistic times, sometimes the extremes of int64 (deltas must still fit an int64).
const timestamp = fc.oneof(
  { weight: 4, arbitrary: fc.bigInt({ min: NOW_MS - 100_000n, max: NOW_MS + 100_000n }) },
  { weight: 1, arbitrary: fc.bigInt({ min: -(2n ** 62n), max: 2n ** 62n - 1n }) },
);

const header = fc.record({
  // Lone surrogates have no UTF-8 form, so keys are whole code points.
  key: fc.oneof(fc.string({ unit: 'grapheme', maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 8 })),
  value: fc.oneof(
    { weight: 5, arbitrary: nullableBytes(32) },
    { weight: 1, arbitrary: fc.uint8Array({ minLength: 4_000, maxLength: 20_000 }) },
  ),
});

const record: fc.Arbitrary<RecordInput> = fc.record({
  key: nullableBytes(64),
  value: nullableBytes(512),
  headers: fc.array(header, { maxLength: 4 }),
  timestamp,
});

const smallRecord: fc.Arbitrary<RecordInput> = fc.record({
  key: fc.oneof(fc.constant(null), fc.uint8Array({ maxLength: 8 })),
  value: fc.uint8Array({ maxLength: 24 }),
  timestamp: fc.bigInt({ min: NOW_MS, max: NOW_MS + 60_000n }),
});

const options = (compression: Compression): fc.Arbitrary<EncodeBatchOptions> =>
  fc.record({
    compression: fc.constant(compression),
    producerId: fc.bigInt({ min: -1n, max: 2n ** 63n - 1n }),
    producerEpoch: fc.integer({ min: -1, max: 2 ** 15 - 1 }),
    baseSequence: fc.integer({ min: -1, max: 2 ** 31 - 1 }),
    partitionLeaderEpoch: fc.integer({ min: -1, max: 2 ** 31 - 1 }),
    baseOffset: fc.bigInt({ min: 0n, max: 2n ** 62n }),
  });

function checkRoundTrip(records: readonly RecordInput[], opts: EncodeBatchOptions): void {
  const batch = encodeBatch(records, opts);
  const validated = validateBatch(batch, { batchBytesMax: batch.length });
  const decoded = decodeBatch(batch);
  expect(decoded.header).toEqual(validated);
  expect(validated).toMatchObject({
    baseOffset: opts.baseOffset,
    batchBytes: batch.length,
    partitionLeaderEpoch: opts.partitionLeaderEpoch,
    compression: opts.compression,
    producerId: opts.producerId,
    producerEpoch: opts.producerEpoch,
    baseSequence: opts.baseSequence,
    recordsCount: records.length,
    lastOffsetDelta: records.length - 1,
  });
  if (records.length > 0) {
    expect(validated.baseTimestamp).toBe(records[0]?.timestamp);
    expect(validated.maxTimestamp).toBe(records.reduce((max, r) => (r.timestamp > max ? r.timestamp : max), -(2n ** 63n)));
  }
  expect(plainRecords(decoded.records)).toEqual(plainRecords(records));
  decoded.records.forEach((r, i) => expect(r.offset).toBe((opts.baseOffset ?? 0n) + BigInt(i)));
}

describe.each(CODECS)('encode → validate → decode with %s compression', (compression) => {
  it('returns every record unchanged with offsets baseOffset + i, for 0 to 50 random records', () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 50 }), options(compression), checkRoundTrip),
      { numRuns: 40 },
    );
  });

  it('returns 10,000 records unchanged', () => {
    fc.assert(
      fc.property(fc.array(smallRecord, { minLength: 10_000, maxLength: 10_000 }), options(compression), checkRoundTrip),
      { numRuns: 1 },
    );
  });

  it('returns an empty batch as empty, with lastOffsetDelta -1 and no timestamp', () => {
    const batch = encodeBatch([], { compression });
    expect(decodeBatch(batch)).toMatchObject({
      header: { recordsCount: 0, lastOffsetDelta: -1, baseTimestamp: -1n, maxTimestamp: -1n },
      records: [],
    });
  });
});
