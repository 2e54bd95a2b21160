/**
 * Bounds of what one client request or stream may make the node do or hold.
 * Each keeps a single request from taking the node's memory or time; the
 * defaults and their reasons are in docs/operations.md ("Request limits").
 */
import type { ServerOptions } from '@grpc/grpc-js';
import { CairnError, echo } from '../protocol/errors.js';
import { assert } from '../metadata/assert.js';
import { MESSAGE_BYTES_MAX, TOPIC_NAME_LENGTH_MAX } from '../metadata/limits.js';

/** The longest a fetch may wait for data. */
export const FETCH_WAIT_MS_MAX = 30_000;
/**
 * A fetch answers at most this many record bytes across all its partitions,
 * whatever max_bytes asks (Kafka's fetch.max.bytes is 50 MiB). One whole batch
 * may exceed a smaller max_bytes, so a consumer always progresses.
 */
export const FETCH_RESPONSE_BYTES_MAX = 32 * 1024 * 1024;
/** Partitions one fetch may name. */
export const FETCH_PARTITIONS_MAX = 4096;
/** Partitions one ListOffsets may name. */
export const LIST_OFFSETS_PARTITIONS_MAX = 4096;
/** Partitions one DeleteRecords may name. */
export const DELETE_RECORDS_PARTITIONS_MAX = 4096;

/** What a Subscribe stream may be granted and not yet have been sent; more credit is capped to it. */
export const SUBSCRIBE_CREDIT_BYTES_MAX = 16 * 1024 * 1024;
/** Bytes read for one push (one whole batch may exceed it). */
export const SUBSCRIBE_PUSH_BYTES_MAX = 1024 * 1024;
/**
 * Pushes handed to gRPC and not yet flushed to the connection. With the push
 * size it bounds what a stream whose client stopped reading holds: one push,
 * stored and serialised (twice the larger of SUBSCRIBE_PUSH_BYTES_MAX and one batch).
 */
export const SUBSCRIBE_PUSHES_IN_FLIGHT_MAX = 1;

/** Produce requests one ProduceStream may have unanswered; the SDK's own bound (inFlightRequestsMax) is at most 1,000. */
export const PRODUCE_STREAM_IN_FLIGHT_MAX = 1024;
/** Concurrent calls (HTTP/2 streams) on one client connection. */
export const CONNECTION_STREAMS_MAX = 1000;

/**
 * The client port's gRPC receive limit: a produce request carrying one batch
 * of a topic's largest allowed max.message.bytes, plus the request's framing
 * and a few more partitions' worth of small batches.
 */
export const CLIENT_MESSAGE_BYTES_MAX = MESSAGE_BYTES_MAX + 1024 * 1024;

/** The client port's gRPC server: the transport limits above. */
export const CLIENT_SERVER_OPTIONS: ServerOptions = {
  'grpc.max_receive_message_length': CLIENT_MESSAGE_BYTES_MAX,
  'grpc.max_concurrent_streams': CONNECTION_STREAMS_MAX,
};

assert(CLIENT_MESSAGE_BYTES_MAX > MESSAGE_BYTES_MAX, 'a batch within any topic limit must pass the transport');
assert(SUBSCRIBE_PUSH_BYTES_MAX <= SUBSCRIBE_CREDIT_BYTES_MAX, 'a push fits in the credit a stream may hold');
// The SDK receives at most 64 MiB; a fetch answers at most its budget or one batch.
assert(FETCH_RESPONSE_BYTES_MAX + MESSAGE_BYTES_MAX < 64 * 1024 * 1024, 'a fetch answer fits the SDK receive limit');

/** Refuses a topic name no topic can have before it is looked up (and echoed). */
export function checkTopicName(topic: string): void {
  if (topic.length > TOPIC_NAME_LENGTH_MAX) {
    throw new CairnError('INVALID_REQUEST', `topic name "${echo(topic)}" is longer than ${TOPIC_NAME_LENGTH_MAX} characters`);
  }
}

/** Refuses a request naming more than `countMax` partitions, or one partition twice. */
export function checkPartitionList(what: string, entries: readonly { readonly topic: string; readonly partition: number }[], countMax: number): void {
  if (entries.length > countMax) throw new CairnError('INVALID_REQUEST', `${what} names ${entries.length} partitions; at most ${countMax} are allowed`);
  const seen = new Set<string>();
  for (const { topic, partition } of entries) {
    checkTopicName(topic);
    const key = `${topic}\u0000${partition}`;
    if (seen.has(key)) throw new CairnError('INVALID_REQUEST', `${what} names ${topic}/${partition} more than once`);
    seen.add(key);
  }
}
