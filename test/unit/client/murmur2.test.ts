import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { murmur2, murmur2Partition } from '../../../src/protocol/murmur2.js';

/** Kafka's Utils.murmur2 transcribed with BigInt arithmetic mod 2^32: a naive twin of the Math.imul version. */
function naiveMurmur2(data: Uint8Array): number {
  const mask = 0xffff_ffffn;
  const m = 0x5bd1e995n;
  const mul = (a: bigint, b: bigint): bigint => (a * b) & mask;
  let h = (0x9747b28cn ^ BigInt(data.length)) & mask;
  const length4 = Math.floor(data.length / 4);
  for (let i = 0; i < length4; i++) {
    let k = BigInt(data[4 * i]!) | (BigInt(data[4 * i + 1]!) << 8n) | (BigInt(data[4 * i + 2]!) << 16n) | (BigInt(data[4 * i + 3]!) << 24n);
    k = mul(k, m);
    k ^= k >> 24n;
    k = mul(k, m);
    h = mul(h, m) ^ k;
  }
  const rest = data.length % 4;
  const at = data.length - rest;
  if (rest === 3) h ^= BigInt(data[at + 2]!) << 16n;
  if (rest >= 2) h ^= BigInt(data[at + 1]!) << 8n;
  if (rest >= 1) h = mul(h ^ BigInt(data[at]!), m);
  h ^= h >> 13n;
  h = mul(h, m);
  h ^= h >> 15n;
  return Number(BigInt.asIntN(32, h));
}

describe('murmur2', () => {
  // Kafka's UtilsTest.testMurmur2, librdkafka's rdmurmur2 tests and Akka's Murmur2Spec (all against Kafka's Java code).
  it.each<[string, number]>([
    ['21', -973932308],
    ['foobar', -790332482],
    ['a-little-bit-long-string', -985981536],
    ['a-little-bit-longer-string', -1486304829],
    ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
    ['abc', 479470107],
    ['kafka', -798503068],
    ['giberish123456789', -1890243828],
    ['', 275646681],
    ['1', -1993445489],
    ['12', 126087238],
    ['123', -267702483],
    ['1234', -1614185708],
    ['12345', -1188365604],
  ])('hashes %j to %i as Kafka does', (key, hash) => {
    expect(murmur2(Buffer.from(key))).toBe(hash);
  });

  it('matches the naive transcription on any bytes, including bytes above 0x7f', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => murmur2(bytes) === naiveMurmur2(bytes)));
  });

  it('maps keys to partitions with the sign bit masked, as Utils.toPositive', () => {
    // murmur2('21') is negative: -973932308 & 0x7fffffff = 1173551340.
    expect(murmur2Partition(Buffer.from('21'), 7)).toBe(1173551340 % 7);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 32 }), fc.integer({ min: 1, max: 1000 }), (key, count) => {
        const partition = murmur2Partition(key, count);
        return Number.isInteger(partition) && partition >= 0 && partition < count;
      }),
    );
  });
});
