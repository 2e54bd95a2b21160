import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CorruptBatchError, decodeBatch, encodeBatch, validateBatch } from '../../../src/records/index.js';
import type { RecordInput } from '../../../src/records/index.js';
import { AT, CODECS, bytes, corruptKindOf, plainRecords, reseal } from './helpers.js';

const records: RecordInput[] = [
  { key: bytes('key-1'), value: bytes('value one'), headers: [{ key: 'trace', value: bytes('abc') }], timestamp: 1_700_000_000_000n },
  { key: null, value: bytes('value two, a little longer'), headers: [], timestamp: 1_700_000_000_250n },
  { key: bytes('ключ'), value: null, headers: [{ key: 'ünïcode', value: null }], timestamp: 1_699_999_999_990n },
];
const BASE_OFFSET = 1000n;
const EPOCH = 7;

describe.each(CODECS)('a small %s batch, damaged', (compression) => {
  const batch = encodeBatch(records, {
    compression,
    baseOffset: BASE_OFFSET,
    partitionLeaderEpoch: EPOCH,
    producerId: 42n,
    producerEpoch: 1,
    baseSequence: 0,
  });
  const original = decodeBatch(batch);

  it('cut at every length fails as truncated, in the validator and the decoder', () => {
    for (let length = 0; length < batch.length; length++) {
      const cut = batch.slice(0, length);
      expect(corruptKindOf(() => decodeBatch(cut)), `cut to ${length}`).toBe('truncated');
      expect(corruptKindOf(() => validateBatch(cut, { batchBytesMax: batch.length })), `cut to ${length}`).toBe('truncated');
    }
  });

  it('with any one byte changed fails with a typed error, except in the fields outside the CRC, which decode with only that field changed', () => {
    // Every value for the uncompressed batch; every single-bit flip and 0xff for the others, to keep the run short.
    const masks =
      compression === 'none' ? Array.from({ length: 255 }, (_, i) => i + 1) : [0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80, 0xff];
    for (let at = 0; at < batch.length; at++) {
      for (const mask of masks) {
        const flipped = batch.slice();
        flipped[at] = (flipped[at] as number) ^ mask;
        const where = `byte ${at} ^ 0x${mask.toString(16)}`;
        if (at < AT.batchLength) {
          const decoded = decodeBatch(flipped);
          const baseOffset = new DataView(flipped.buffer).getBigInt64(AT.baseOffset);
          expect(decoded.header, where).toEqual({ ...original.header, baseOffset });
          expect(decoded.records, where).toEqual(original.records.map((r, i) => ({ ...r, offset: baseOffset + BigInt(i) })));
        } else if (at >= AT.partitionLeaderEpoch && at < AT.magic) {
          const decoded = decodeBatch(flipped);
          const partitionLeaderEpoch = new DataView(flipped.buffer).getInt32(AT.partitionLeaderEpoch);
          expect(decoded.header, where).toEqual({ ...original.header, partitionLeaderEpoch });
          expect(decoded.records, where).toEqual(original.records);
        } else if (at < AT.partitionLeaderEpoch) {
          expect(['truncated', 'bad-length'], where).toContain(corruptKindOf(() => decodeBatch(flipped)));
        } else if (at === AT.magic) {
          expect(corruptKindOf(() => decodeBatch(flipped)), where).toBe('bad-magic');
        } else {
          expect(corruptKindOf(() => decodeBatch(flipped)), where).toBe('bad-crc');
          expect(corruptKindOf(() => validateBatch(flipped, { batchBytesMax: batch.length })), where).toBe('bad-crc');
        }
      }
    }
  });

  it('altered under a recomputed CRC either decodes or fails with a typed error, never another exception', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: AT.attributes, max: batch.length - 1 }), fc.integer({ min: 1, max: 255 })), {
          minLength: 1,
          maxLength: 4,
        }),
        (changes) => {
          const altered = batch.slice();
          for (const [at, mask] of changes) altered[at] = (altered[at] as number) ^ mask;
          try {
            const decoded = decodeBatch(reseal(altered));
            expect(decoded.records.length).toBe(decoded.header.recordsCount);
          } catch (error) {
            expect(error).toBeInstanceOf(CorruptBatchError);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('records inside a CRC-valid batch that contradict themselves', () => {
  const empty = encodeBatch([]);
  const withRecords = (hex: string, recordsCount = 1) =>
    reseal(empty, { payload: Buffer.from(hex, 'hex'), recordsCount, lastOffsetDelta: recordsCount - 1 });

  it('decodes a hand-written well-formed record (the baseline for the cases below)', () => {
    const batch = withRecords('0e' + '00' + '00' + '00' + '02' + '6b' + '01' + '00');
    expect(plainRecords(decodeBatch(batch).records)).toEqual(plainRecords([{ key: bytes('k'), value: null, timestamp: -1n }]));
  });

  it.each([
    ['a record length beyond the records section', 'bad-length', '7e' + '00000000' + '01' + '00'],
    ['a record length below the smallest record', 'bad-length', '0a' + '00000001010000'],
    ['a record longer than its fields', 'bad-length', '10' + '00' + '00' + '00' + '01' + '01' + '00' + '00'],
    ['a key length beyond the record', 'bad-length', '0e' + '00' + '00' + '00' + '7e' + '6b' + '00'],
    ['a key length below -1', 'bad-length', '0c' + '00' + '00' + '00' + '03' + '01' + '00'],
    ['an offsetDelta that is not the record’s index', 'bad-record', '0c' + '00' + '00' + '02' + '01' + '01' + '00'],
    ['a negative headers count', 'bad-count', '0c' + '00' + '00' + '00' + '01' + '01' + '01'],
    ['more headers than bytes', 'bad-count', '0c' + '00' + '00' + '00' + '01' + '01' + '7e'],
    ['a negative header key length', 'bad-length', '10' + '00' + '00' + '00' + '01' + '01' + '02' + '01' + '01'],
    ['a header key that is not UTF-8', 'bad-record', '12' + '00' + '00' + '00' + '01' + '01' + '02' + '02' + 'ff' + '01'],
    ['a timestampDelta varlong of eleven bytes', 'bad-varint', '20' + '00' + 'ffffffffffffffffffff01' + '00' + '01' + '01' + '00'],
    ['an offsetDelta varint of six bytes', 'bad-varint', '16' + '00' + '00' + '808080808000' + '01' + '01' + '00'],
  ])('rejects %s as %s', (_name, kind, hex) => {
    expect(corruptKindOf(() => decodeBatch(withRecords(hex)))).toBe(kind);
  });

  it('rejects bytes left over after the last record as bad-count', () => {
    expect(corruptKindOf(() => decodeBatch(withRecords('0c' + '00' + '00' + '00' + '01' + '01' + '00' + '00')))).toBe('bad-count');
  });

  it('rejects a last record cut short by the end of the records section as bad-length', () => {
    const whole = '0c' + '000000010100';
    const cutShort = '0e' + '000002010100'; // declares 7 body bytes, has 6
    expect(corruptKindOf(() => decodeBatch(withRecords(whole + cutShort, 2)))).toBe('bad-length');
  });
});
