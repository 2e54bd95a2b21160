/**
 * The client's side: builds a v2 batch from records, compresses the records
 * section and seals it with the CRC. The broker stores these bytes as they are.
 */
import assert from 'node:assert/strict';
import { writeBatchHeader } from './batch-header.js';
import { ByteWriter, nullableBytesSize, stringSize, varintBytes, varlongBytes } from './byte-writer.js';
import { compressRecords } from './compression.js';
import { INT32_MAX, isInt16, isInt32, isInt64 } from './int-ranges.js';
import { BATCH_HEADER_BYTES, NO_TIMESTAMP, RECORD_BYTES_MIN } from './layout.js';
import type { EncodeBatchOptions, RecordInput } from './types.js';

/** Room for the varints and a few headers of a typical record, so the writer rarely grows. */
const RECORD_OVERHEAD_BYTES_ESTIMATE = RECORD_BYTES_MIN + 32;

/**
 * The first record's timestamp is baseTimestamp, as in Kafka, so deltas may
 * be negative. An empty batch has lastOffsetDelta -1 and timestamps -1.
 */
export function encodeBatch(records: readonly RecordInput[], options: EncodeBatchOptions = {}): Uint8Array {
  const compression = options.compression ?? 'none';
  const baseOffset = options.baseOffset ?? 0n;
  const partitionLeaderEpoch = options.partitionLeaderEpoch ?? -1;
  const producerId = options.producerId ?? -1n;
  const producerEpoch = options.producerEpoch ?? -1;
  const baseSequence = options.baseSequence ?? -1;
  assert(isInt64(baseOffset), `baseOffset ${baseOffset} is not an int64`);
  assert(isInt32(partitionLeaderEpoch), `partitionLeaderEpoch ${partitionLeaderEpoch} is not an int32`);
  assert(isInt64(producerId), `producerId ${producerId} is not an int64`);
  assert(isInt16(producerEpoch), `producerEpoch ${producerEpoch} is not an int16`);
  assert(isInt32(baseSequence), `baseSequence ${baseSequence} is not an int32`);
  assert(records.length <= INT32_MAX, `${records.length} records do not fit one batch`);

  const baseTimestamp = records[0]?.timestamp ?? NO_TIMESTAMP;
  let maxTimestamp = baseTimestamp;
  let estimatedBytes = BATCH_HEADER_BYTES;
  for (const record of records) {
    if (!isInt64(record.timestamp)) assert.fail(`timestamp ${record.timestamp} is not an int64`);
    if (record.timestamp > maxTimestamp) maxTimestamp = record.timestamp;
    estimatedBytes += RECORD_OVERHEAD_BYTES_ESTIMATE + (record.key?.length ?? 0) + (record.value?.length ?? 0);
  }

  const writer = new ByteWriter(estimatedBytes);
  // Uncompressed records go straight after the header: no copy.
  if (compression === 'none') writer.skip(BATCH_HEADER_BYTES);
  records.forEach((record, offsetDelta) => writeRecord(writer, record, offsetDelta, baseTimestamp));
  let batch: Uint8Array;
  if (compression === 'none') {
    batch = writer.finish();
  } else {
    const payload = compressRecords(compression, writer.finish());
    batch = new Uint8Array(BATCH_HEADER_BYTES + payload.length);
    batch.set(payload, BATCH_HEADER_BYTES);
  }
  writeBatchHeader(batch, {
    baseOffset,
    partitionLeaderEpoch,
    compression,
    timestampType: 'create-time',
    isTransactional: false,
    isControl: false,
    lastOffsetDelta: records.length - 1,
    baseTimestamp,
    maxTimestamp,
    producerId,
    producerEpoch,
    baseSequence,
    recordsCount: records.length,
  });
  return batch;
}

function writeRecord(writer: ByteWriter, record: RecordInput, offsetDelta: number, baseTimestamp: bigint): void {
  const timestampDelta = record.timestamp - baseTimestamp;
  if (!isInt64(timestampDelta)) assert.fail(`timestamp ${record.timestamp} is too far from the first record's`);
  const headers = record.headers ?? [];
  // The length comes first, so size the body before writing it.
  let bodyBytes =
    1 +
    varlongBytes(timestampDelta) +
    varintBytes(offsetDelta) +
    nullableBytesSize(record.key) +
    nullableBytesSize(record.value) +
    varintBytes(headers.length);
  for (const header of headers) bodyBytes += stringSize(header.key) + nullableBytesSize(header.value);

  writer.varint(bodyBytes);
  const bodyStart = writer.writtenBytes;
  writer.int8(0); // record attributes: unused in v2
  writer.varlong(timestampDelta);
  writer.varint(offsetDelta);
  writer.nullableBytes(record.key);
  writer.nullableBytes(record.value);
  writer.varint(headers.length);
  for (const header of headers) {
    writer.string(header.key);
    writer.nullableBytes(header.value);
  }
  const writtenBytes = writer.writtenBytes - bodyStart;
  if (writtenBytes !== bodyBytes) assert.fail(`record ${offsetDelta} sized ${bodyBytes} bytes but wrote ${writtenBytes}`);
}
