import { compressSync, uncompressSync } from 'snappy';
import { describe, expect, it } from 'vitest';
import { decodeBatch, encodeBatch } from '../../../src/records/index.js';
import type { Compression, RecordInput } from '../../../src/records/index.js';
import { AT, CODECS, corruptKindOf, plainRecords, reseal } from './helpers.js';

// About 200 KB of records section, compressible, several snappy blocks.
const records: RecordInput[] = Array.from({ length: 8 }, (_, i) => ({
  key: null,
  value: new Uint8Array(25_000).fill(i),
  timestamp: BigInt(i),
}));
const recordsSection = encodeBatch(records).subarray(AT.records);
const payloadOf = (compression: Compression) => encodeBatch(records, { compression }).subarray(AT.records);
const hexStart = (payload: Uint8Array, count: number) => Buffer.from(payload.subarray(0, count)).toString('hex');

describe('codec framing, as Kafka clients write it', () => {
  it('snappy uses snappy-java’s xerial framing: 16-byte header, then length-prefixed raw blocks of at most 32 KiB input', () => {
    const payload = Buffer.from(payloadOf('snappy'));
    expect(hexStart(payload, 16)).toBe('82534e415050590000000001' + '00000001');
    const blocks: Buffer[] = [];
    for (let at = 16; at < payload.length; ) {
      const blockBytes = payload.readUInt32BE(at);
      blocks.push(uncompressSync(payload.subarray(at + 4, at + 4 + blockBytes), { asBuffer: true }) as Buffer);
      at += 4 + blockBytes;
    }
    expect(blocks).toHaveLength(Math.ceil(recordsSection.length / 32_768));
    expect(blocks.every((block) => block.length <= 32_768)).toBe(true);
    expect(Buffer.concat(blocks).equals(recordsSection)).toBe(true);
  });

  it('snappy also decodes a bare raw block, as snappy-java reads what some other clients write', () => {
    const raw = reseal(encodeBatch(records), { payload: compressSync(recordsSection), attributes: 2 });
    expect(plainRecords(decodeBatch(raw).records)).toEqual(plainRecords(records));
  });

  it('lz4 is an LZ4 frame (magic 184D2204) of version 01 with independent blocks, which Kafka’s Java reader requires', () => {
    const payload = payloadOf('lz4');
    expect(hexStart(payload, 4)).toBe('04224d18');
    const flags = payload[4] as number;
    expect(flags >> 6).toBe(0b01);
    expect(flags & 0x20).toBe(0x20);
  });

  it('gzip is a gzip member and zstd a zstd frame', () => {
    expect(hexStart(payloadOf('gzip'), 2)).toBe('1f8b');
    expect(hexStart(payloadOf('zstd'), 4)).toBe('28b52ffd');
  });
});

describe('decompressedBytesMax', () => {
  it.each(CODECS.filter((c) => c !== 'none'))(
    'accepts %s records of exactly the limit and rejects one byte more as too-large',
    (compression) => {
      const batch = encodeBatch(records, { compression });
      expect(decodeBatch(batch, { decompressedBytesMax: recordsSection.length }).records).toHaveLength(records.length);
      expect(corruptKindOf(() => decodeBatch(batch, { decompressedBytesMax: recordsSection.length - 1 }))).toBe('too-large');
    },
  );

  it('streams zstd output only up to the limit when a frame declares no content size', () => {
    const frameOf256KiB = Buffer.from(
      '28b52ffd' + // magic
        '00' + // no content size, not single segment
        '30' + // window 64 KiB
        '02000861'.repeat(3) + // three RLE blocks of 65536 × 'a'
        '03000861', // the last one
      'hex',
    );
    const bomb = reseal(encodeBatch(records, { compression: 'zstd' }), { payload: frameOf256KiB });
    expect(corruptKindOf(() => decodeBatch(bomb, { decompressedBytesMax: 65_536 }))).toBe('too-large');
  });

  it('refuses a zstd frame declaring 1 TiB (a window beyond zstd’s limit) as bad-compression, without allocating it', () => {
    const frameDeclaring1TiB = Buffer.from(
      '28b52ffd' + // magic
        'e0' + // 8-byte content size, single segment: the window is the content size
        '0000000000010000' + // 2^40, little-endian
        '03001061', // last block, RLE, 131072 × 'a'
      'hex',
    );
    const bomb = reseal(encodeBatch(records, { compression: 'zstd' }), { payload: frameDeclaring1TiB });
    expect(corruptKindOf(() => decodeBatch(bomb))).toBe('bad-compression');
  });

  it('rejects a snappy block declaring 4 GiB as too-large before decompressing it', () => {
    const snappyBomb = reseal(encodeBatch(records, { compression: 'snappy' }), { payload: Buffer.from('ffffffff0f00', 'hex') });
    expect(corruptKindOf(() => decodeBatch(snappyBomb))).toBe('too-large');
  });

  it('rejects a zstd payload that ends inside a frame as bad-compression', () => {
    const payload = payloadOf('zstd');
    const cut = reseal(encodeBatch(records, { compression: 'zstd' }), { payload: payload.subarray(0, payload.length - 3) });
    expect(corruptKindOf(() => decodeBatch(cut))).toBe('bad-compression');
  });
});
