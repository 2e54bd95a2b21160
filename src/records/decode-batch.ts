/**
 * The consumer's side: checks the whole batch (framing, CRC, counts),
 * decompresses within a byte bound and decodes every record with its
 * absolute offset and timestamp. Any inconsistency is a CorruptBatchError;
 * no partial result is returned.
 */
import assert from 'node:assert/strict';
import { constants } from 'node:buffer';
import { ByteReader } from './byte-reader.js';
import { decompressRecords } from './compression.js';
import { CorruptBatchError } from './errors.js';
import { BATCH_HEADER_BYTES, HEADER_BYTES_MIN, RECORD_BODY_BYTES_MIN, RECORD_BYTES_MIN } from './layout.js';
import type { BatchHeader, DecodedBatch, DecodedRecord, RecordHeader } from './types.js';
import { checkBatch } from './validate-batch.js';

export const DECOMPRESSED_BYTES_MAX_DEFAULT = 64 * 1024 * 1024;

export interface DecodeBatchOptions {
  /** Largest records section accepted after decompression; default DECOMPRESSED_BYTES_MAX_DEFAULT. */
  readonly decompressedBytesMax?: number;
}

/** `bytes` must be exactly one batch, as validateBatch or splitBatches give it. */
export function decodeBatch(bytes: Uint8Array, options: DecodeBatchOptions = {}): DecodedBatch {
  const decompressedBytesMax = options.decompressedBytesMax ?? DECOMPRESSED_BYTES_MAX_DEFAULT;
  assert(
    Number.isInteger(decompressedBytesMax) && decompressedBytesMax > 0 && decompressedBytesMax <= constants.MAX_LENGTH,
    `decompressedBytesMax ${decompressedBytesMax} must be a positive integer no larger than a Buffer can be`,
  );
  const header = checkBatch(bytes);
  return { header, records: decodeRecords(header, bytes, decompressedBytesMax) };
}

/**
 * The records of a batch whose framing and CRC are already checked (the
 * header came from checkBatch or validateBatch): decompressed within
 * decompressedBytesMax and decoded, their count and offset deltas checked.
 */
export function decodeRecords(header: BatchHeader, bytes: Uint8Array, decompressedBytesMax: number): DecodedRecord[] {
  const payload = bytes.subarray(BATCH_HEADER_BYTES);
  const recordsBytes =
    header.compression === 'none' ? payload : decompressRecords(header.compression, payload, decompressedBytesMax);
  return readRecords(header, recordsBytes);
}

function readRecords(header: BatchHeader, recordsBytes: Uint8Array): DecodedRecord[] {
  // Bounds the loop by the bytes before trusting the count.
  if (header.recordsCount > recordsBytes.length / RECORD_BYTES_MIN) {
    throw new CorruptBatchError('bad-count', `${header.recordsCount} records cannot fit in ${recordsBytes.length} bytes`);
  }
  const reader = new ByteReader(recordsBytes, 'bad-length', 'records');
  const records: DecodedRecord[] = [];
  for (let index = 0; index < header.recordsCount; index++) records.push(readRecord(reader, header, index));
  if (reader.remainingBytes !== 0) {
    throw reader.corrupt('bad-count', `${reader.remainingBytes} bytes follow the last of ${header.recordsCount} records`);
  }
  return records;
}

function readRecord(reader: ByteReader, batch: BatchHeader, index: number): DecodedRecord {
  const bodyBytes = reader.varint();
  if (bodyBytes < RECORD_BODY_BYTES_MIN) throw reader.corrupt('bad-length', `record ${index} length ${bodyBytes}`);
  const body = reader.sub(bodyBytes, `record ${index}`);
  body.int8(); // attributes: unused in v2
  const timestampDelta = body.varlong();
  const offsetDelta = body.varint();
  // validateBatch made lastOffsetDelta = recordsCount - 1, so deltas must be 0, 1, 2, ...
  if (offsetDelta !== index) throw body.corrupt('bad-record', `offsetDelta ${offsetDelta}, expected ${index}`);
  const key = body.nullableBytes('key');
  const value = body.nullableBytes('value');
  const headersCount = body.varint();
  if (headersCount < 0 || headersCount > body.remainingBytes / HEADER_BYTES_MIN) {
    throw body.corrupt('bad-count', `${headersCount} headers in ${body.remainingBytes} bytes`);
  }
  const headers: RecordHeader[] = [];
  for (let i = 0; i < headersCount; i++) {
    headers.push({ key: body.string(`header ${i} key`), value: body.nullableBytes(`header ${i} value`) });
  }
  if (body.remainingBytes !== 0) throw body.corrupt('bad-length', `${body.remainingBytes} bytes follow the last header`);
  return {
    offset: batch.baseOffset + BigInt(offsetDelta),
    // With log-append time the broker's time, in maxTimestamp, stands for every record.
    timestamp: batch.timestampType === 'log-append-time' ? batch.maxTimestamp : batch.baseTimestamp + timestampDelta,
    key,
    value,
    headers,
  };
}
