/**
 * The broker's check of a produced batch: everything that can be known
 * without decompressing, so the leader can accept, stamp and replicate the
 * client's bytes as they are (DESIGN.md §3). Record-level corruption inside a
 * CRC-valid batch can only come from a faulty producer; the consumer's
 * decoder catches it.
 */
import assert from 'node:assert/strict';
import { computeCrc, readBatchBytes, readBatchHeader, storedCrc } from './batch-header.js';
import { CorruptBatchError } from './errors.js';
import { BATCH_HEADER_BYTES, RECORD_BYTES_MIN } from './layout.js';
import type { BatchHeader } from './types.js';

export interface ValidateBatchLimits {
  /** Largest batch accepted, in bytes on the wire. */
  readonly batchBytesMax: number;
}

/**
 * Checks that `bytes` is exactly one well-formed v2 batch: size limit, magic,
 * batchLength equal to the buffer, CRC, recordsCount and lastOffsetDelta
 * consistent, codec known. Never decompresses. Throws CorruptBatchError.
 */
export function validateBatch(bytes: Uint8Array, limits: ValidateBatchLimits): BatchHeader {
  assert(Number.isInteger(limits.batchBytesMax) && limits.batchBytesMax > 0, 'batchBytesMax must be a positive integer');
  // Before hashing: an oversized batch should cost nothing.
  if (bytes.length > limits.batchBytesMax) {
    throw new CorruptBatchError('too-large', `batch of ${bytes.length} bytes exceeds batchBytesMax ${limits.batchBytesMax}`);
  }
  return checkBatch(bytes);
}

/** validateBatch without the size limit; the decoder's first step. */
export function checkBatch(bytes: Uint8Array): BatchHeader {
  const batchBytes = readBatchBytes(bytes);
  if (batchBytes > bytes.length) {
    throw new CorruptBatchError('truncated', `batchLength says ${batchBytes} bytes, the buffer has ${bytes.length}`);
  }
  if (batchBytes < bytes.length) {
    throw new CorruptBatchError(
      'bad-length',
      `batchLength says ${batchBytes} bytes, the buffer has ${bytes.length}: one batch expected`,
    );
  }
  // Before reading any field the CRC covers.
  const stored = storedCrc(bytes);
  const computed = computeCrc(bytes);
  if (stored !== computed) {
    throw new CorruptBatchError('bad-crc', `stored CRC32C 0x${stored.toString(16)}, computed 0x${computed.toString(16)}`);
  }
  const header = readBatchHeader(bytes);
  if (header.recordsCount < 0) throw new CorruptBatchError('bad-count', `recordsCount ${header.recordsCount}`);
  // Offsets are assigned as baseOffset .. baseOffset + lastOffsetDelta, so a gap or overlap would corrupt the log.
  if (header.lastOffsetDelta !== header.recordsCount - 1) {
    throw new CorruptBatchError(
      'bad-count',
      `lastOffsetDelta ${header.lastOffsetDelta} disagrees with recordsCount ${header.recordsCount}`,
    );
  }
  const payloadBytes = bytes.length - BATCH_HEADER_BYTES;
  if (header.compression === 'none' && header.recordsCount > payloadBytes / RECORD_BYTES_MIN) {
    throw new CorruptBatchError('bad-count', `${header.recordsCount} records cannot fit in ${payloadBytes} bytes`);
  }
  return header;
}
