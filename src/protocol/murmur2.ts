/**
 * Kafka's murmur2 (org.apache.kafka.common.utils.Utils.murmur2), bit for
 * bit, so a key lands on the partition a Java, librdkafka or kafkajs
 * (JavaCompatiblePartitioner) producer would choose. Bytes are unsigned, as
 * Kafka masks them with 0xff; Math.imul keeps Java's 32-bit wrap-around.
 */
const SEED = 0x9747b28c;
const M = 0x5bd1e995;
const R = 24;

/** The signed 32-bit hash, as Java returns it. */
export function murmur2(data: Uint8Array): number {
  const length = data.length;
  let h = SEED ^ length;
  const blocksEnd = length - (length % 4);
  for (let i = 0; i < blocksEnd; i += 4) {
    let k = data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24);
    k = Math.imul(k, M);
    k ^= k >>> R;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
  }
  // Java's switch falls through from case 3 to case 1.
  const tail = length % 4;
  if (tail > 0) {
    if (tail === 3) h ^= data[blocksEnd + 2]! << 16;
    if (tail >= 2) h ^= data[blocksEnd + 1]! << 8;
    h ^= data[blocksEnd]!;
    h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/** Kafka's `Utils.toPositive(murmur2(key)) % partitions`: the sign bit is masked, not negated. */
export function murmur2Partition(key: Uint8Array, partitionsCount: number): number {
  return (murmur2(key) & 0x7fffffff) % partitionsCount;
}
