import { crc32c } from '@node-rs/crc32';
import { expect } from 'vitest';
import { CorruptBatchError } from '../../../src/records/index.js';
import type { Compression, CorruptBatchKind, DecodedRecord, RecordHeader, RecordInput } from '../../../src/records/index.js';

export const CODECS: readonly Compression[] = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];

/** Field positions written out from the Kafka spec here, not imported, so tests check the layout independently. */
export const AT = {
  baseOffset: 0,
  batchLength: 8,
  partitionLeaderEpoch: 12,
  magic: 16,
  crc: 17,
  attributes: 21,
  lastOffsetDelta: 23,
  recordsCount: 57,
  records: 61,
} as const;

/**
 * A copy of `batch` with some fields or the records section replaced, and
 * batchLength and CRC recomputed so that only the intended change is seen.
 */
export function reseal(
  batch: Uint8Array,
  change: { payload?: Uint8Array; recordsCount?: number; lastOffsetDelta?: number; attributes?: number } = {},
): Uint8Array {
  const payload = change.payload ?? batch.subarray(AT.records);
  const out = new Uint8Array(AT.records + payload.length);
  out.set(batch.subarray(0, AT.records));
  out.set(payload, AT.records);
  const view = new DataView(out.buffer);
  view.setInt32(AT.batchLength, out.length - 12);
  if (change.recordsCount !== undefined) view.setInt32(AT.recordsCount, change.recordsCount);
  if (change.lastOffsetDelta !== undefined) view.setInt32(AT.lastOffsetDelta, change.lastOffsetDelta);
  if (change.attributes !== undefined) view.setInt16(AT.attributes, change.attributes);
  return recrc(out);
}

/** Recomputes the CRC of `batch` in place (it covers attributes to the end). */
export function recrc(batch: Uint8Array): Uint8Array {
  new DataView(batch.buffer, batch.byteOffset).setUint32(AT.crc, crc32c(batch.subarray(AT.attributes)) >>> 0);
  return batch;
}

export function corruptKindOf(action: () => unknown): CorruptBatchKind {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(CorruptBatchError);
    return (error as CorruptBatchError).kind;
  }
  throw new Error('expected a CorruptBatchError, nothing was thrown');
}

const hex = (bytes: Uint8Array | null): string | null => (bytes === null ? null : Buffer.from(bytes).toString('hex'));
const plainHeaders = (headers: readonly RecordHeader[] | undefined) =>
  (headers ?? []).map((header) => ({ key: header.key, value: hex(header.value) }));

/** Comparable forms of records, so Buffers, views and Uint8Arrays of equal bytes compare equal. */
export function plainRecords(records: readonly (RecordInput | DecodedRecord)[]) {
  return records.map((record) => ({
    key: hex(record.key),
    value: hex(record.value),
    headers: plainHeaders(record.headers),
    timestamp: record.timestamp,
  }));
}

export const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
