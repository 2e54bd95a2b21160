/**
 * What the consumer hands out, decoded from the whole batches a fetch
 * returns: records below the position are skipped (the first batch may
 * start before it), and control batches carry no messages.
 */
import { decodeBatch, splitBatches } from '../../records/index.js';
import type { DecodedRecord } from '../../records/index.js';

export interface MessageHeader {
  readonly key: string;
  readonly value: Buffer | null;
}

/**
 * A consumed message. `offset` is a bigint (64-bit on the wire); `timestamp`
 * is milliseconds since the epoch as a number, like Date.now(). Key, value
 * and header values are views into the fetched bytes: copy them to keep them
 * long, since they keep the whole fetched buffer alive.
 */
export interface Message {
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  /** A list, as a key may repeat. */
  readonly headers: readonly MessageHeader[];
  readonly timestamp: number;
}

/** Consecutive messages of one partition. */
export interface MessageBatch {
  readonly topic: string;
  readonly partition: number;
  readonly messages: readonly Message[];
  /** The partition's end of committed log when fetched: the lag is highWatermark − (last offset + 1). */
  readonly highWatermark: bigint;
}

export interface DecodedFetch {
  readonly messages: Message[];
  /** The offset after the last record seen, for the next fetch. */
  readonly nextOffset: bigint;
}

const view = (bytes: Uint8Array | null): Buffer | null => (bytes === null ? null : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));

function toMessage(topic: string, partition: number, record: DecodedRecord): Message {
  return {
    topic,
    partition,
    offset: record.offset,
    key: view(record.key),
    value: view(record.value),
    headers: record.headers.map((header) => ({ key: header.key, value: view(header.value) })),
    timestamp: Number(record.timestamp),
  };
}

/** Throws CorruptBatchError on bytes that are not whole, valid batches. */
export function decodeFetched(topic: string, partition: number, records: Uint8Array, fromOffset: bigint): DecodedFetch {
  const messages: Message[] = [];
  let nextOffset = fromOffset;
  for (const batch of splitBatches(records)) {
    const lastOffset = batch.header.baseOffset + BigInt(batch.header.lastOffsetDelta);
    if (lastOffset < fromOffset) continue;
    if (!batch.header.isControl) {
      for (const record of decodeBatch(batch.bytes).records) {
        if (record.offset >= fromOffset) messages.push(toMessage(topic, partition, record));
      }
    }
    if (lastOffset >= nextOffset) nextOffset = lastOffset + 1n;
  }
  return { messages, nextOffset };
}
