/**
 * Kafka's RecordBatch v2 format, shared by the client SDK (encode, decode)
 * and the broker (validate, stamp, split). No server code lives here.
 */
export { CodecUnavailableError, CorruptBatchError } from './errors.js';
export type { CorruptBatchKind } from './errors.js';
export type {
  BatchHeader,
  BatchView,
  Compression,
  DecodedBatch,
  DecodedRecord,
  EncodeBatchOptions,
  RecordHeader,
  RecordInput,
  TimestampType,
} from './types.js';
export { BATCH_HEADER_BYTES } from './layout.js';
export { encodeBatch } from './encode-batch.js';
export { validateBatch } from './validate-batch.js';
export type { ValidateBatchLimits } from './validate-batch.js';
export { stampBatch, stampLogAppendTime } from './stamp-batch.js';
export { checkProducedBatch } from './check-produced-batch.js';
export type { ProducedBatch, ProducedBatchLimits } from './check-produced-batch.js';
export { splitBatches } from './split-batches.js';
export { loadCodec } from './compression.js';
export { CRC32C_IMPLEMENTATION, crc32c, crc32cPortable } from './crc32c.js';
export { readBatchHeader, withBaseSequence } from './batch-header.js';
export { DECOMPRESSED_BYTES_MAX_DEFAULT, decodeBatch } from './decode-batch.js';
export type { DecodeBatchOptions } from './decode-batch.js';
