/**
 * Reading and writing the fixed 61-byte batch header. Reading checks the
 * framing (size, magic, batchLength) and that the codec id is known; the CRC
 * and the consistency of the counts are the validator's.
 */
import { crc32c } from './crc32c.js';
import { CorruptBatchError } from './errors.js';
import {
  ATTRIBUTES_AT,
  BASE_OFFSET_AT,
  BASE_SEQUENCE_AT,
  BASE_TIMESTAMP_AT,
  BATCH_HEADER_BYTES,
  BATCH_LENGTH_AT,
  COMPRESSION_BY_ID,
  COMPRESSION_MASK,
  CONTROL_BIT,
  CRC_AT,
  LAST_OFFSET_DELTA_AT,
  LOG_OVERHEAD_BYTES,
  MAGIC,
  MAGIC_AT,
  MAX_TIMESTAMP_AT,
  PARTITION_LEADER_EPOCH_AT,
  PRODUCER_EPOCH_AT,
  PRODUCER_ID_AT,
  RECORDS_COUNT_AT,
  TIMESTAMP_TYPE_BIT,
  TRANSACTIONAL_BIT,
  dataView,
} from './layout.js';
import type { BatchHeader } from './types.js';

/**
 * The framing of the batch at the start of `bytes`: magic and batchLength,
 * the fields that say how many bytes the batch spans. `bytes` may go on past
 * the batch. `context` names the batch in error messages.
 */
export function readBatchBytes(bytes: Uint8Array, context = 'batch'): number {
  if (bytes.length <= MAGIC_AT) throw truncatedHeader(bytes, context);
  const view = dataView(bytes);
  const magic = view.getInt8(MAGIC_AT);
  if (magic !== MAGIC) throw new CorruptBatchError('bad-magic', `${context}: magic is ${magic}, only ${MAGIC} is supported`);
  if (bytes.length < BATCH_HEADER_BYTES) throw truncatedHeader(bytes, context);
  const batchLength = view.getInt32(BATCH_LENGTH_AT);
  if (batchLength < BATCH_HEADER_BYTES - LOG_OVERHEAD_BYTES) {
    throw new CorruptBatchError('bad-length', `${context}: batchLength ${batchLength} is shorter than the header`);
  }
  return batchLength + LOG_OVERHEAD_BYTES;
}

/** The whole header; callers that trust it check the CRC first, since it covers the fields read here. */
export function readBatchHeader(bytes: Uint8Array, context = 'batch'): BatchHeader {
  const batchBytes = readBatchBytes(bytes, context);
  const view = dataView(bytes);
  const attributes = view.getInt16(ATTRIBUTES_AT);
  const compression = COMPRESSION_BY_ID[attributes & COMPRESSION_MASK];
  if (compression === undefined) {
    throw new CorruptBatchError('bad-compression', `${context}: unknown compression codec id ${attributes & COMPRESSION_MASK}`);
  }
  return {
    baseOffset: view.getBigInt64(BASE_OFFSET_AT),
    batchBytes,
    partitionLeaderEpoch: view.getInt32(PARTITION_LEADER_EPOCH_AT),
    compression,
    timestampType: attributes & TIMESTAMP_TYPE_BIT ? 'log-append-time' : 'create-time',
    isTransactional: (attributes & TRANSACTIONAL_BIT) !== 0,
    isControl: (attributes & CONTROL_BIT) !== 0,
    lastOffsetDelta: view.getInt32(LAST_OFFSET_DELTA_AT),
    baseTimestamp: view.getBigInt64(BASE_TIMESTAMP_AT),
    maxTimestamp: view.getBigInt64(MAX_TIMESTAMP_AT),
    producerId: view.getBigInt64(PRODUCER_ID_AT),
    producerEpoch: view.getInt16(PRODUCER_EPOCH_AT),
    baseSequence: view.getInt32(BASE_SEQUENCE_AT),
    recordsCount: view.getInt32(RECORDS_COUNT_AT),
  };
}

/**
 * Fills the header of `batch`, whose records section is already in place,
 * and computes the CRC last since it covers the header fields after it.
 */
export function writeBatchHeader(batch: Uint8Array, header: Omit<BatchHeader, 'batchBytes'>): void {
  const view = dataView(batch);
  const attributes =
    COMPRESSION_BY_ID.indexOf(header.compression) |
    (header.timestampType === 'log-append-time' ? TIMESTAMP_TYPE_BIT : 0) |
    (header.isTransactional ? TRANSACTIONAL_BIT : 0) |
    (header.isControl ? CONTROL_BIT : 0);
  view.setBigInt64(BASE_OFFSET_AT, header.baseOffset);
  view.setInt32(BATCH_LENGTH_AT, batch.length - LOG_OVERHEAD_BYTES);
  view.setInt32(PARTITION_LEADER_EPOCH_AT, header.partitionLeaderEpoch);
  view.setInt8(MAGIC_AT, MAGIC);
  view.setInt16(ATTRIBUTES_AT, attributes);
  view.setInt32(LAST_OFFSET_DELTA_AT, header.lastOffsetDelta);
  view.setBigInt64(BASE_TIMESTAMP_AT, header.baseTimestamp);
  view.setBigInt64(MAX_TIMESTAMP_AT, header.maxTimestamp);
  view.setBigInt64(PRODUCER_ID_AT, header.producerId);
  view.setInt16(PRODUCER_EPOCH_AT, header.producerEpoch);
  view.setInt32(BASE_SEQUENCE_AT, header.baseSequence);
  view.setInt32(RECORDS_COUNT_AT, header.recordsCount);
  view.setUint32(CRC_AT, computeCrc(batch));
}

/**
 * A copy of an encoded batch with another baseSequence, and the CRC that
 * covers it recomputed: what a producer resends when an earlier batch was
 * refused without its sequence counting.
 */
export function withBaseSequence(batch: Uint8Array, baseSequence: number): Uint8Array {
  const copy = Uint8Array.from(batch);
  const view = dataView(copy);
  view.setInt32(BASE_SEQUENCE_AT, baseSequence);
  view.setUint32(CRC_AT, computeCrc(copy));
  return copy;
}

/** CRC32C of everything from attributes to the end of the batch. */
export function computeCrc(batch: Uint8Array): number {
  return crc32c(batch.subarray(ATTRIBUTES_AT));
}

export function storedCrc(batch: Uint8Array): number {
  return dataView(batch).getUint32(CRC_AT);
}

function truncatedHeader(bytes: Uint8Array, context: string): CorruptBatchError {
  return new CorruptBatchError('truncated', `${context}: ${bytes.length} bytes cannot hold the ${BATCH_HEADER_BYTES}-byte header`);
}
