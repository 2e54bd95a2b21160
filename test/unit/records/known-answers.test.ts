import { crc32c } from '@node-rs/crc32';
import { describe, expect, it } from 'vitest';
import { ByteReader } from '../../../src/records/byte-reader.js';
import { ByteWriter, varintBytes, varlongBytes } from '../../../src/records/byte-writer.js';
import { decodeBatch, encodeBatch } from '../../../src/records/index.js';
import { bytes, corruptKindOf } from './helpers.js';

describe('CRC32C (Castagnoli), the checksum of v2 batches', () => {
  // "123456789" is the standard check value; the 32-byte vectors are RFC 3720 §B.4.
  it.each([
    ['"123456789"', bytes('123456789'), 0xe3069283],
    ['32 zero bytes', new Uint8Array(32), 0x8a9136aa],
    ['32 bytes of 0xff', new Uint8Array(32).fill(0xff), 0x62a8ab43],
    ['bytes 0..31 ascending', Uint8Array.from({ length: 32 }, (_, i) => i), 0x46dd794e],
    ['bytes 31..0 descending', Uint8Array.from({ length: 32 }, (_, i) => 31 - i), 0x113fdb5c],
  ])('of %s is the published value', (_name, input, expected) => {
    expect(crc32c(input) >>> 0).toBe(expected);
  });
});

describe('zigzag varints (protobuf sint32/sint64, Kafka varint/varlong)', () => {
  // Zigzag maps 0, -1, 1, -2, 2 … to 0, 1, 2, 3, 4 …; then base-128, low group first (protobuf encoding docs).
  const varints: [number, string][] = [
    [0, '00'],
    [-1, '01'],
    [1, '02'],
    [-2, '03'],
    [63, '7e'],
    [-64, '7f'],
    [64, '8001'],
    [75, '9601'], // zigzag 150, the protobuf docs' 96 01
    [150, 'ac02'], // zigzag 300, the protobuf docs' ac 02
    [2147483647, 'feffffff0f'],
    [-2147483648, 'ffffffff0f'],
  ];
  it.each(varints)('varint %d encodes as %s and decodes back', (value, expected) => {
    const writer = new ByteWriter(0);
    writer.varint(value);
    expect(Buffer.from(writer.finish()).toString('hex')).toBe(expected);
    expect(varintBytes(value)).toBe(expected.length / 2);
    const reader = new ByteReader(Buffer.from(expected, 'hex'), 'truncated', 'test');
    expect(reader.varint()).toBe(value);
    expect(reader.remainingBytes).toBe(0);
  });

  const varlongs: [bigint, string][] = [
    [0n, '00'],
    [-1n, '01'],
    [1n, '02'],
    [2147483648n, '8080808010'],
    [-2147483649n, '8180808010'],
    [1_700_000_000_000n, '80a0abfef962'],
    [9223372036854775807n, 'feffffffffffffffff01'],
    [-9223372036854775808n, 'ffffffffffffffffff01'],
  ];
  it.each(varlongs)('varlong %d encodes as %s and decodes back', (value, expected) => {
    const writer = new ByteWriter(0);
    writer.varlong(value);
    expect(Buffer.from(writer.finish()).toString('hex')).toBe(expected);
    expect(varlongBytes(value)).toBe(expected.length / 2);
    const reader = new ByteReader(Buffer.from(expected, 'hex'), 'truncated', 'test');
    expect(reader.varlong()).toBe(value);
    expect(reader.remainingBytes).toBe(0);
  });

  it.each([
    ['a varint with a sixth byte', 'ffffffff8f01', 'varint'],
    ['a varint whose fifth byte overflows 32 bits', 'ffffffff1f', 'varint'],
    ['a varlong with an eleventh byte', 'ffffffffffffffffff8101', 'varlong'],
    ['a varlong whose tenth byte overflows 64 bits', 'ffffffffffffffffff02', 'varlong'],
  ] as const)('rejects %s as bad-varint', (_name, input, type) => {
    const reader = new ByteReader(Buffer.from(input, 'hex'), 'truncated', 'test');
    expect(corruptKindOf(() => (type === 'varint' ? reader.varint() : reader.varlong()))).toBe('bad-varint');
  });

  it('reports a varint cut short with the reader’s overrun kind', () => {
    expect(corruptKindOf(() => new ByteReader(Buffer.from('ff', 'hex'), 'truncated', 'test').varint())).toBe('truncated');
    expect(corruptKindOf(() => new ByteReader(Buffer.from('8080', 'hex'), 'bad-length', 'test').varlong())).toBe('bad-length');
  });
});

describe('batch layout', () => {
  // Two records written out by hand from the spec: every field, in order, big-endian.
  const timestamp = 1_700_000_000_000n; // 0x0000018bcfe56800
  const expectedWithoutCrc = [
    '0000000000000000', // baseOffset 0
    '00000045', // batchLength: 81 bytes in all minus the 12 of baseOffset and batchLength
    'ffffffff', // partitionLeaderEpoch -1
    '02', // magic
    '00000000', // crc, filled in below
    '0000', // attributes: no compression, create time, not transactional, not control
    '00000001', // lastOffsetDelta
    '0000018bcfe56800', // baseTimestamp: the first record's
    '0000018bcfe56800', // maxTimestamp
    '00000000000004d2', // producerId 1234
    '0005', // producerEpoch
    '00000007', // baseSequence
    '00000002', // records count
    // record 0
    '18', // length 12
    '00', // attributes
    '00', // timestampDelta 0
    '00', // offsetDelta 0
    '02', '6b', // key "k"
    '02', '76', // value "v"
    '02', // 1 header
    '02', '68', // header key "h"
    '02', '78', // header value "x"
    // record 1
    '0c', // length 6
    '00', // attributes
    '01', // timestampDelta -1
    '02', // offsetDelta 1
    '01', // key null
    '00', // value empty
    '00', // 0 headers
  ].join('');

  const expected = Buffer.from(expectedWithoutCrc, 'hex');
  expected.writeUInt32BE(crc32c(expected.subarray(21)) >>> 0, 17);

  const records = [
    { key: bytes('k'), value: bytes('v'), headers: [{ key: 'h', value: bytes('x') }], timestamp },
    { key: null, value: new Uint8Array(0), timestamp: timestamp - 1n },
  ];

  it('an encoded batch matches the hand-built bytes exactly', () => {
    const batch = encodeBatch(records, { producerId: 1234n, producerEpoch: 5, baseSequence: 7 });
    expect(Buffer.from(batch).toString('hex')).toBe(expected.toString('hex'));
  });

  it('the hand-built bytes decode to the records with absolute offsets and timestamps', () => {
    const { header, records: decoded } = decodeBatch(expected);
    expect(header).toMatchObject({ recordsCount: 2, lastOffsetDelta: 1, producerId: 1234n, producerEpoch: 5, baseSequence: 7 });
    expect(decoded.map((r) => [r.offset, r.timestamp, r.key && Buffer.from(r.key).toString()])).toEqual([
      [0n, timestamp, 'k'],
      [1n, timestamp - 1n, null],
    ]);
    expect(decoded[1]?.value?.length).toBe(0);
  });
});
