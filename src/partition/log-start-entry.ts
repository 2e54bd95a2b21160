/**
 * The partition log's one entry that is not record batches: "the log starts
 * at offset X from here on" (Kafka's DeleteRecords). Proposed through the
 * partition's Raft group, it is applied by every replica at the same log
 * position, so they all drop the same records.
 *
 * Its bytes can never be read as a record batch: a batch starts with its
 * base offset, an int64 the leader stamps non-negative, while this entry
 * starts with 0xFF (a negative int64) and is far shorter than a batch
 * header.
 */
const MAGIC = [0xff, 0x4c, 0x53, 0x01] as const; // 0xFF, "LS", version 1
const BYTES = MAGIC.length + 8;

/** The entry moving the log start to `offset`. */
export function encodeLogStartEntry(offset: bigint): Uint8Array {
  const bytes = new Uint8Array(BYTES);
  bytes.set(MAGIC);
  new DataView(bytes.buffer).setBigInt64(MAGIC.length, offset);
  return bytes;
}

/** The offset a log-start entry moves the log start to; undefined for any other entry. */
export function decodeLogStartEntry(data: Uint8Array): bigint | undefined {
  if (data.byteLength !== BYTES || MAGIC.some((byte, i) => data[i] !== byte)) return undefined;
  return new DataView(data.buffer, data.byteOffset, data.byteLength).getBigInt64(MAGIC.length);
}
