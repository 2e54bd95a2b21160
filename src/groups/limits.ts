/**
 * Bounds of consumer-group state. Every group lives in the memory of its
 * coordinator and is written, record by record, to a batch of the offsets
 * topic; without bounds one client could make a record no batch can hold
 * (and the coordinator could never write its group again), or fill a
 * coordinator's memory. Each bound is refused with a typed, non-retriable
 * error: sending the same request again meets the same bound.
 */
import { CairnError, echo } from '../protocol/errors.js';
import { PARTITIONS_MAX, TOPIC_NAME_LENGTH_MAX } from '../metadata/limits.js';

/** Kafka's own group ids are unbounded; 255 bytes holds any sensible name. */
export const GROUP_ID_BYTES_MAX = 255;
export const MEMBER_ID_BYTES_MAX = 255;
export const INSTANCE_ID_BYTES_MAX = 255;
/** Kafka's offset.metadata.max.bytes is 4 KiB too. */
export const OFFSET_METADATA_BYTES_MAX = 4096;
/** Topics one member may subscribe to: its record lists them all, and its assignment is bounded by them. */
export const SUBSCRIBED_TOPICS_MAX = 500;
export const MEMBERS_PER_GROUP_MAX = 1000;
/** Groups per offsets-topic partition, so per coordinator shard (16 shards by default). */
export const GROUPS_PER_SHARD_MAX = 10_000;
/**
 * One record of the offsets topic (a member with its subscription and
 * assignment, or one committed offset). Half the batch target, so a
 * record always fits in a batch.
 */
export const GROUP_RECORD_BYTES_MAX = 256 * 1024;
/** Bytes of records per batch the coordinator appends: under the offsets topic's 1 MiB max.message.bytes, with room for framing. */
export const GROUP_BATCH_BYTES_TARGET = 768 * 1024;
/** The largest offset a commit may carry: offsets are int64 on the wire when read back. */
export const COMMITTED_OFFSET_MAX = (1n << 63n) - 1n;

const encoder = new TextEncoder();

/** How a message names a client's string: quoted, escaped, and cut if long (`echo`). */
export const quoted = (value: string): string => JSON.stringify(echo(value));

/** An identifier chosen by a client: not empty (unless allowed), no NUL (it separates keys), at most `bytesMax` UTF-8 bytes. */
function checkName(what: string, value: string, bytesMax: number, emptyAllowed: boolean): void {
  if (value === '') {
    if (emptyAllowed) return;
    throw new CairnError('INVALID_REQUEST', `${what} is empty`);
  }
  if (value.includes('\u0000')) throw new CairnError('INVALID_REQUEST', `${what} ${quoted(value)} contains a NUL character`);
  const bytes = encoder.encode(value).byteLength;
  if (bytes > bytesMax) throw new CairnError('INVALID_REQUEST', `${what} ${quoted(value)} is ${bytes} bytes; at most ${bytesMax} are allowed`);
}

export const checkGroupId = (groupId: string): void => checkName('group id', groupId, GROUP_ID_BYTES_MAX, false);
export const checkMemberId = (memberId: string): void => checkName('member id', memberId, MEMBER_ID_BYTES_MAX, true);
export const checkInstanceId = (instanceId: string): void => checkName('group instance id', instanceId, INSTANCE_ID_BYTES_MAX, true);

export function checkSubscription(topics: readonly string[]): void {
  if (topics.length > SUBSCRIBED_TOPICS_MAX) {
    throw new CairnError('INVALID_REQUEST', `subscription names ${topics.length} topics; a member may subscribe to at most ${SUBSCRIBED_TOPICS_MAX}`);
  }
  for (const topic of topics) checkName('subscribed topic', topic, TOPIC_NAME_LENGTH_MAX, false);
}

/**
 * A request's list of partitions (owned, fetched, committed): no longer than
 * the cluster's partition bound, since a longer one names a partition twice
 * or one that does not exist, and only costs the coordinator work.
 */
export function checkPartitionCount(count: number, what: string): void {
  if (count > PARTITIONS_MAX) throw new CairnError('INVALID_REQUEST', `${what} names ${count} partitions; a cluster has at most ${PARTITIONS_MAX}`);
}

export function checkOffsetMetadata(metadata: string, where: string): void {
  const bytes = encoder.encode(metadata).byteLength;
  if (bytes > OFFSET_METADATA_BYTES_MAX) {
    throw new CairnError('OFFSET_METADATA_TOO_LARGE', `${where}: metadata is ${bytes} bytes; at most ${OFFSET_METADATA_BYTES_MAX} are allowed`);
  }
}

/** A committed offset from its wire text (uint64 as a decimal string): 0 to 2⁶³−1, the range it can be read back in. */
export function parseCommittedOffset(text: string, where: string): bigint {
  if (!/^\d{1,20}$/.test(text)) throw new CairnError('INVALID_REQUEST', `${where}: offset ${quoted(text)} is not a non-negative integer`);
  const offset = BigInt(text);
  if (offset > COMMITTED_OFFSET_MAX) {
    throw new CairnError('OFFSET_OUT_OF_RANGE', `${where}: offset ${offset} is above the largest committable offset ${COMMITTED_OFFSET_MAX}`);
  }
  return offset;
}
