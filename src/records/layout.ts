/**
 * Kafka's RecordBatch v2 (magic 2) layout, as the protocol documentation's
 * "Record Batch" section gives it. Integers in the header are big-endian;
 * the CRC32C covers everything from attributes to the end of the batch, so
 * baseOffset, batchLength, partitionLeaderEpoch and magic are not covered.
 */
import type { Compression } from './types.js';

// Byte positions of the header fields.
export const BASE_OFFSET_AT = 0; // int64
export const BATCH_LENGTH_AT = 8; // int32
export const PARTITION_LEADER_EPOCH_AT = 12; // int32
export const MAGIC_AT = 16; // int8
export const CRC_AT = 17; // uint32
export const ATTRIBUTES_AT = 21; // int16
export const LAST_OFFSET_DELTA_AT = 23; // int32
export const BASE_TIMESTAMP_AT = 27; // int64
export const MAX_TIMESTAMP_AT = 35; // int64
export const PRODUCER_ID_AT = 43; // int64
export const PRODUCER_EPOCH_AT = 51; // int16
export const BASE_SEQUENCE_AT = 53; // int32
export const RECORDS_COUNT_AT = 57; // int32
export const RECORDS_AT = 61;

export const BATCH_HEADER_BYTES = RECORDS_AT;
/** baseOffset and batchLength: the bytes batchLength does not count. */
export const LOG_OVERHEAD_BYTES = 12;
export const MAGIC = 2;

export const COMPRESSION_MASK = 0x07;
export const TIMESTAMP_TYPE_BIT = 0x08;
export const TRANSACTIONAL_BIT = 0x10;
export const CONTROL_BIT = 0x20;

/** Indexed by the codec id in the low 3 bits of attributes; ids 5–7 are unassigned. */
export const COMPRESSION_BY_ID = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const satisfies readonly Compression[];

/**
 * Smallest record: attributes, then one-byte varints for timestampDelta,
 * offsetDelta, key length, value length and headers count.
 */
export const RECORD_BODY_BYTES_MIN = 6;
/** The body plus its one-byte length varint. */
export const RECORD_BYTES_MIN = RECORD_BODY_BYTES_MIN + 1;
/** Smallest header: empty key and null value, one varint each. */
export const HEADER_BYTES_MIN = 2;

/** NO_TIMESTAMP in Kafka: what an empty batch carries. */
export const NO_TIMESTAMP = -1n;

export function dataView(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
