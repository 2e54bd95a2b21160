/**
 * What send() accepts, turned into the records the batch encoder takes, with
 * the size the buffer budget and the batch limit count. Bad input is an
 * INVALID_REQUEST naming the message and field.
 */
import type { RecordHeader, RecordInput } from '../../records/index.js';
import { CairnError } from '../errors.js';

export type Bytes = string | Uint8Array;

export interface MessageHeader {
  readonly key: string;
  readonly value: Bytes | null;
}

export interface ProducerMessage {
  /** Records with equal keys go to the same partition. */
  readonly key?: Bytes | null;
  readonly value: Bytes | null;
  /** An object, or a list when a key repeats. */
  readonly headers?: Readonly<Record<string, Bytes>> | readonly MessageHeader[];
  /** Overrides the partitioner. */
  readonly partition?: number;
  /** Milliseconds since the Unix epoch; default now. */
  readonly timestamp?: number | Date;
}

export interface ProducerRecord {
  readonly topic: string;
  readonly messages: readonly ProducerMessage[];
}

/** Varint lengths, attributes, deltas and the header count of one record, rounded up. */
const RECORD_OVERHEAD_BYTES = 32;
/** A header's two varint lengths, rounded up. */
const HEADER_OVERHEAD_BYTES = 10;

export interface PreparedMessage {
  readonly record: RecordInput;
  /** An upper estimate of the record's encoded, uncompressed size. */
  readonly bytes: number;
  readonly partition: number | undefined;
}

function bytesOf(value: unknown, field: string): Uint8Array | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return Buffer.from(value);
  if (value instanceof Uint8Array) return value;
  throw new CairnError('INVALID_REQUEST', `${field}: expected a string, a Uint8Array or null, got ${typeof value}`);
}

function headersOf(headers: ProducerMessage['headers'], field: string): RecordHeader[] {
  if (headers === undefined) return [];
  const entries = Array.isArray(headers)
    ? (headers as readonly MessageHeader[]).map((header) => [header.key, header.value] as const)
    : Object.entries(headers as Readonly<Record<string, Bytes>>);
  return entries.map(([key, value], index) => {
    if (typeof key !== 'string') throw new CairnError('INVALID_REQUEST', `${field}[${index}].key: expected a string`);
    return { key, value: bytesOf(value, `${field}.${key}`) };
  });
}

function timestampOf(timestamp: ProducerMessage['timestamp'], field: string): bigint {
  const ms = timestamp === undefined ? Date.now() : timestamp instanceof Date ? timestamp.getTime() : timestamp;
  if (typeof ms !== 'number' || !Number.isSafeInteger(ms)) throw new CairnError('INVALID_REQUEST', `${field}: expected milliseconds since the epoch or a Date, got ${String(timestamp)}`);
  return BigInt(ms);
}

export function prepareMessage(message: ProducerMessage, index: number): PreparedMessage {
  const field = `messages[${index}]`;
  if (typeof message !== 'object' || message === null) throw new CairnError('INVALID_REQUEST', `${field}: expected an object`);
  if (message.value === undefined) throw new CairnError('INVALID_REQUEST', `${field}.value: required (null for a tombstone)`);
  const partition = message.partition;
  if (partition !== undefined && !(Number.isSafeInteger(partition) && partition >= 0)) {
    throw new CairnError('INVALID_REQUEST', `${field}.partition: expected a non-negative integer, got ${String(partition)}`);
  }
  const record: RecordInput = {
    key: bytesOf(message.key, `${field}.key`),
    value: bytesOf(message.value, `${field}.value`),
    headers: headersOf(message.headers, `${field}.headers`),
    timestamp: timestampOf(message.timestamp, `${field}.timestamp`),
  };
  let bytes = RECORD_OVERHEAD_BYTES + (record.key?.length ?? 0) + (record.value?.length ?? 0);
  for (const header of record.headers ?? []) bytes += HEADER_OVERHEAD_BYTES + Buffer.byteLength(header.key) + (header.value?.length ?? 0);
  return { record, bytes, partition };
}
