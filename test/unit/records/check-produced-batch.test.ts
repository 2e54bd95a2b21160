import { describe, expect, it } from 'vitest';
import { checkProducedBatch, decodeBatch, encodeBatch, stampLogAppendTime, validateBatch } from '../../../src/records/index.js';
import type { ProducedBatchLimits, RecordInput } from '../../../src/records/index.js';
import { CODECS, bytes, corruptKindOf, reseal } from './helpers.js';

const NOW_MS = 1_700_000_000_000;
const records: RecordInput[] = Array.from({ length: 5 }, (_, i) => ({
  key: bytes(`key-${i}`),
  value: bytes(`value ${i}`),
  timestamp: BigInt(NOW_MS - 10 + i),
}));
const limits: ProducedBatchLimits = {
  batchBytesMax: 1024 * 1024,
  decompressedBytesMax: 1024 * 1024,
  nowMs: NOW_MS,
  timestampBeforeMaxMs: -1,
  timestampAfterMaxMs: 3_600_000,
};
const MAX_TIMESTAMP_AT = 35;
const BASE_TIMESTAMP_AT = 27;

/** A copy of `batch` whose timestamps in the header (and, through baseTimestamp, in every record) are moved. */
function withTimestamps(batch: Uint8Array, base: bigint, max: bigint): Uint8Array {
  const out = Uint8Array.from(batch);
  const view = new DataView(out.buffer);
  view.setBigInt64(BASE_TIMESTAMP_AT, base);
  view.setBigInt64(MAX_TIMESTAMP_AT, max);
  return reseal(out);
}

describe('checkProducedBatch', () => {
  it.each(CODECS)('accepts a %s batch from the encoder, with its timestamps', (compression) => {
    const checked = checkProducedBatch(encodeBatch(records, { compression }), limits);
    expect(checked).toMatchObject({ untimed: false, header: { recordsCount: 5, lastOffsetDelta: 4, compression } });
  });

  it('refuses a batch of zero records (recordsCount 0, lastOffsetDelta -1) as empty', () => {
    const empty = encodeBatch([]);
    expect(validateBatch(empty, limits).recordsCount).toBe(0);
    expect(corruptKindOf(() => checkProducedBatch(empty, limits))).toBe('empty');
  });

  it('refuses garbage zstd claiming 2^31-1 records without decompressing past the bound', () => {
    const claim = { recordsCount: 2 ** 31 - 1, lastOffsetDelta: 2 ** 31 - 2 };
    const garbage = reseal(encodeBatch(records, { compression: 'zstd' }), { ...claim, payload: bytes('not zstd at all') });
    expect(validateBatch(garbage, limits).recordsCount).toBe(2 ** 31 - 1);
    expect(corruptKindOf(() => checkProducedBatch(garbage, limits))).toBe('bad-compression');
  });

  it('refuses valid zstd whose records are fewer than the 2^31-1 the header claims as bad-count', () => {
    const lying = reseal(encodeBatch(records, { compression: 'zstd' }), { recordsCount: 2 ** 31 - 1, lastOffsetDelta: 2 ** 31 - 2 });
    expect(corruptKindOf(() => checkProducedBatch(lying, limits))).toBe('bad-count');
  });

  it('refuses gzip garbage claiming 1,000,000 records', () => {
    const garbage = reseal(encodeBatch(records, { compression: 'gzip' }), {
      recordsCount: 1_000_000,
      lastOffsetDelta: 999_999,
      payload: bytes('\x1f\x8b garbage'),
    });
    expect(corruptKindOf(() => checkProducedBatch(garbage, limits))).toBe('bad-compression');
  });

  it('refuses a compressed batch claiming fewer records than it holds: offsets would overlap the next batch', () => {
    const lying = reseal(encodeBatch(records, { compression: 'lz4' }), { recordsCount: 2, lastOffsetDelta: 1 });
    expect(corruptKindOf(() => checkProducedBatch(lying, limits))).toBe('bad-count');
  });

  it('refuses records that decompress beyond decompressedBytesMax as too-large', () => {
    const big = encodeBatch([{ key: null, value: new Uint8Array(200_000), timestamp: BigInt(NOW_MS) }], { compression: 'gzip' });
    expect(corruptKindOf(() => checkProducedBatch(big, { ...limits, decompressedBytesMax: 100_000 }))).toBe('too-large');
  });

  it.each([
    ['transactional', 0x10],
    ['control', 0x20],
    ['log-append-time', 0x08],
  ])('refuses a batch with the %s attribute bit as unsupported', (_name, bit) => {
    const batch = reseal(encodeBatch(records), { attributes: bit });
    expect(corruptKindOf(() => checkProducedBatch(batch, limits))).toBe('unsupported');
  });

  it('refuses timestamps beyond message.timestamp.after.max.ms of the leader clock, and accepts them at the bound', () => {
    const at = (ms: number) => encodeBatch([{ key: null, value: null, timestamp: BigInt(ms) }]);
    expect(checkProducedBatch(at(NOW_MS + 3_600_000), limits).untimed).toBe(false);
    expect(corruptKindOf(() => checkProducedBatch(at(NOW_MS + 3_600_001), limits))).toBe('bad-timestamp');
    expect(corruptKindOf(() => checkProducedBatch(at(8_000_000_000_000_000), limits))).toBe('bad-timestamp');
  });

  it('refuses timestamps older than message.timestamp.before.max.ms when it is set, and any age when it is -1', () => {
    const old = encodeBatch([{ key: null, value: null, timestamp: 1n }]);
    expect(checkProducedBatch(old, limits).untimed).toBe(false);
    expect(corruptKindOf(() => checkProducedBatch(old, { ...limits, timestampBeforeMaxMs: 86_400_000 }))).toBe('bad-timestamp');
  });

  it('refuses a maxTimestamp that is not the newest record timestamp: retention would trust a lie', () => {
    const batch = encodeBatch(records);
    const farFutureMax = withTimestamps(batch, BigInt(NOW_MS), BigInt(NOW_MS) + 10n ** 12n);
    expect(corruptKindOf(() => checkProducedBatch(farFutureMax, limits))).toBe('bad-timestamp');
  });

  it('refuses negative timestamps other than -1, and batches mixing timed and untimed records', () => {
    expect(corruptKindOf(() => checkProducedBatch(encodeBatch([{ key: null, value: null, timestamp: -5n }]), limits))).toBe('bad-timestamp');
    const mixed = encodeBatch([
      { key: null, value: null, timestamp: -1n },
      { key: null, value: null, timestamp: BigInt(NOW_MS) },
    ]);
    expect(corruptKindOf(() => checkProducedBatch(mixed, limits))).toBe('bad-timestamp');
  });

  it('reports a batch with no timestamps as untimed; stamped with log-append time, every record decodes with the leader time', () => {
    const untimed = encodeBatch(records.map((r) => ({ ...r, timestamp: -1n })), { compression: 'snappy' });
    expect(checkProducedBatch(untimed, limits).untimed).toBe(true);
    stampLogAppendTime(untimed, NOW_MS);
    const decoded = decodeBatch(untimed);
    expect(decoded.header).toMatchObject({ timestampType: 'log-append-time', maxTimestamp: BigInt(NOW_MS) });
    expect(decoded.records.map((r) => r.timestamp)).toEqual(records.map(() => BigInt(NOW_MS)));
  });
});
