/**
 * Deleting records before an offset (Kafka's DeleteRecords, kafkajs's
 * `admin.deleteTopicRecords`), asked of each partition's leader. A leader
 * that moved (NOT_LEADER, a topic moments old) is looked up again and asked
 * again with backoff, up to retry.retriesMax: asking twice is harmless, since
 * an offset at or below the log start changes nothing.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { backoffDelayMs } from './backoff.js';
import { CairnError, fromResultCode } from './errors.js';
import type { OffsetLookupContext } from './list-offsets.js';
import { partitionKey, partitionName } from './partition-leaders.js';
import type { TopicPartition } from './partition-leaders.js';

export interface DeleteRecordsRequest extends TopicPartition {
  /** Records before this offset are deleted; the high watermark deletes them all. */
  readonly offset: bigint | number;
}

export interface DeletedRecords extends TopicPartition {
  /** The partition's log start (low watermark) after the call: the earliest offset a reader can fetch. */
  readonly lowWatermark: bigint;
}

function checkedOffset({ topic, partition, offset }: DeleteRecordsRequest, index: number): bigint {
  const value = typeof offset === 'number' && Number.isSafeInteger(offset) ? BigInt(offset) : offset;
  if (typeof value !== 'bigint' || value < 0n || value > 2n ** 63n - 1n) {
    throw new CairnError('INVALID_REQUEST', `requests[${index}] (${partitionName(topic, partition)}): offset must be a non-negative integer, got ${String(offset)}`);
  }
  return value;
}

function retriable(error: CairnError): boolean {
  return error.retriable || error.code === 'UNKNOWN_TOPIC_OR_PARTITION';
}

/** Results in the order of `requests`. Rejects only with a CairnError: the first partition that could not be done. */
export async function deleteRecords(context: OffsetLookupContext, requests: readonly DeleteRecordsRequest[]): Promise<DeletedRecords[]> {
  const offsets = requests.map(checkedOffset);
  const seen = new Set<string>();
  for (const { topic, partition } of requests) {
    const key = partitionKey(topic, partition);
    if (seen.has(key)) throw new CairnError('INVALID_REQUEST', `${partitionName(topic, partition)} is named twice`);
    seen.add(key);
  }
  await context.leaders.load();
  return Promise.all(requests.map(({ topic, partition }, index) => deleteBefore(context, topic, partition, offsets[index]!)));
}

async function deleteBefore(context: OffsetLookupContext, topic: string, partition: number, offset: bigint): Promise<DeletedRecords> {
  for (let attempt = 0; ; attempt++) {
    let error: CairnError;
    const nodeId = context.leaders.leaderOf(topic, partition);
    if (nodeId === undefined) {
      const known = context.leaders.partitionsCount(topic) !== undefined;
      error = new CairnError(known ? 'NOT_LEADER' : 'UNKNOWN_TOPIC_OR_PARTITION', `${partitionName(topic, partition)} has no known leader`);
    } else {
      try {
        const request = { partitions: [{ topic, partition, offset: offset.toString() }] };
        const response = await context.client.call('DeleteRecords', request, { to: nodeId, retry: false });
        const result = response.results.find((r) => r.topic === topic && r.partition === partition);
        if (result === undefined) throw new CairnError('INTERNAL', `the DeleteRecords answer left out ${partitionName(topic, partition)}`);
        if (result.errorCode === '') return { topic, partition, lowWatermark: BigInt(result.logStartOffset) };
        error = fromResultCode(result.errorCode, result.errorMessage, result.leaderHint);
        if (error.leaderHint !== undefined) context.leaders.follow(topic, partition, error.leaderHint);
      } catch (caught) {
        error = caught as CairnError;
      }
    }
    if (!retriable(error)) throw error;
    if (attempt >= context.retry.retriesMax) throw new CairnError(error.code, `${error.message} (gave up after ${attempt + 1} attempts)`, { cause: error });
    await sleep(backoffDelayMs(attempt, context.retry));
    await context.leaders.refresh();
  }
}
