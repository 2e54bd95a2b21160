/**
 * Offset lookups (ListOffsets) routed to each partition's leader, for the
 * admin API and the consumer's seeks and resets. Retriable per-partition
 * errors (a moved leader, a topic moments old) refresh metadata and retry
 * with backoff up to retry.retriesMax; other errors fail the lookup.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { ListOffsetsPartition } from '../gen/cairn/v1/ListOffsetsPartition.js';
import { backoffDelayMs } from './backoff.js';
import type { ClusterClient } from './cluster-client.js';
import { CairnError, fromResultCode } from './errors.js';
import type { RetryOptions } from './options.js';
import { partitionKey, partitionName } from './partition-leaders.js';
import type { PartitionLeaders, TopicPartition } from './partition-leaders.js';

/** The first offset, the next offset to be written, or the first offset whose record timestamp (ms) is at or after `timestamp`. */
export type OffsetSpec = 'earliest' | 'latest' | { readonly timestamp: number };

export interface OffsetQuery extends TopicPartition {
  readonly spec: OffsetSpec;
}

export interface PartitionOffset extends TopicPartition {
  /** For a timestamp after every record: the high watermark. */
  readonly offset: bigint;
}

export interface OffsetLookupContext {
  readonly client: ClusterClient;
  readonly leaders: PartitionLeaders;
  readonly retry: RetryOptions;
}

function wireQuery(query: OffsetQuery, index: number): ListOffsetsPartition {
  const { topic, partition, spec } = query;
  if (spec === 'earliest' || spec === 'latest') return { topic, partition, spec: spec.toUpperCase() };
  if (typeof spec === 'object' && spec !== null && Number.isSafeInteger(spec.timestamp)) {
    return { topic, partition, spec: 'TIMESTAMP', timestampMs: String(spec.timestamp) };
  }
  throw new CairnError('INVALID_REQUEST', `queries[${index}].spec: expected 'earliest', 'latest' or { timestamp: ms }`);
}

function retriable(error: CairnError): boolean {
  return error.retriable || error.code === 'UNKNOWN_TOPIC_OR_PARTITION';
}

/** Results in the order of `queries`. Rejects only with a CairnError. */
export async function listOffsets(context: OffsetLookupContext, queries: readonly OffsetQuery[], signal?: AbortSignal): Promise<PartitionOffset[]> {
  const wire = queries.map(wireQuery);
  const indexByKey = new Map<string, number>();
  queries.forEach(({ topic, partition }, index) => {
    const key = partitionKey(topic, partition);
    if (indexByKey.has(key)) throw new CairnError('INVALID_REQUEST', `${partitionName(topic, partition)} is asked for twice`);
    indexByKey.set(key, index);
  });
  const offsets = new Array<bigint | undefined>(queries.length);
  await context.leaders.load();
  let pending = queries.map((_, index) => index);
  for (let attempt = 0; ; attempt++) {
    const failures = await lookUp(context, queries, wire, pending, indexByKey, offsets, signal);
    if (failures.size === 0) break;
    const errors = [...failures.values()];
    const fatal = errors.find((error) => !retriable(error));
    if (fatal !== undefined) throw fatal;
    if (attempt >= context.retry.retriesMax) {
      const last = errors[0]!;
      throw new CairnError(last.code, `${last.message} (gave up after ${attempt + 1} attempts)`, { cause: last });
    }
    try {
      await sleep(backoffDelayMs(attempt, context.retry), undefined, { signal });
    } catch (error) {
      throw new CairnError('CLIENT_CLOSED', undefined, { cause: error });
    }
    await context.leaders.refresh();
    pending = [...failures.keys()];
  }
  return queries.map(({ topic, partition }, index) => ({ topic, partition, offset: offsets[index]! }));
}

/** One attempt for the `pending` queries; fills `offsets` and returns the failures by query index. */
async function lookUp(
  context: OffsetLookupContext,
  queries: readonly OffsetQuery[],
  wire: readonly ListOffsetsPartition[],
  pending: readonly number[],
  indexByKey: ReadonlyMap<string, number>,
  offsets: (bigint | undefined)[],
  signal: AbortSignal | undefined,
): Promise<Map<number, CairnError>> {
  const failures = new Map<number, CairnError>();
  const byNode = new Map<number, number[]>();
  for (const index of pending) {
    const { topic, partition } = queries[index]!;
    const nodeId = context.leaders.leaderOf(topic, partition);
    if (nodeId === undefined) {
      const known = context.leaders.partitionsCount(topic) !== undefined;
      failures.set(index, new CairnError(known ? 'NOT_LEADER' : 'UNKNOWN_TOPIC_OR_PARTITION', `${partitionName(topic, partition)} has no known leader`));
    } else {
      byNode.set(nodeId, [...(byNode.get(nodeId) ?? []), index]);
    }
  }
  await Promise.all(
    [...byNode].map(async ([nodeId, indexes]) => {
      try {
        const partitions = indexes.map((index) => wire[index]!);
        const response = await context.client.call('ListOffsets', { partitions }, { to: nodeId, retry: false, signal });
        for (const result of response.results) {
          const index = indexByKey.get(partitionKey(result.topic, result.partition));
          if (index === undefined) continue;
          if (result.errorCode === '') {
            offsets[index] = BigInt(result.offset);
          } else {
            const error = fromResultCode(result.errorCode, result.errorMessage, result.leaderHint);
            if (error.leaderHint !== undefined) context.leaders.follow(result.topic, result.partition, error.leaderHint);
            failures.set(index, error);
          }
        }
        for (const index of indexes) {
          if (offsets[index] !== undefined || failures.has(index)) continue;
          const { topic, partition } = queries[index]!;
          failures.set(index, new CairnError('INTERNAL', `the ListOffsets answer left out ${partitionName(topic, partition)}`));
        }
      } catch (caught) {
        for (const index of indexes) failures.set(index, caught as CairnError);
      }
    }),
  );
  return failures;
}
