/**
 * Fetch with long-poll under one byte budget for the whole request.
 *
 * The answer holds at most the request's max_bytes (capped node-wide) of
 * record bytes across all its partitions, except that the first partition
 * with data may return one whole batch larger than that, so a consumer
 * always progresses (Kafka's fetch.max.bytes rule). A partition's own
 * max_bytes may likewise be exceeded by its first batch, but only within
 * what is left of the request's budget.
 *
 * A long poll registers once per partition on the partition's shared change
 * feed and registers again only where it fired; on a wake it reads only the
 * woken partitions, from where their last read ended, so waiting costs
 * nothing per iteration that did not change. It stops as soon as the client
 * cancels, and leaves no wait behind.
 */
import type { FetchPartitionResult } from '../gen/cairn/v1/FetchPartitionResult.js';
import type { FetchRequest__Output } from '../gen/cairn/v1/FetchRequest.js';
import type { PartitionReader } from '../partition/partition-reader.js';
import type { PartitionStm } from '../partition/partition-stm.js';
import { changeFeedOf } from './change-feed.js';
import { explainReadFailure, failure } from './partition-failure.js';
import { checkPartitionList, FETCH_PARTITIONS_MAX, FETCH_RESPONSE_BYTES_MAX, FETCH_WAIT_MS_MAX } from './request-limits.js';

export interface FetchedPartition {
  readonly reader: Pick<PartitionReader, 'read'>;
  readonly stm: Pick<PartitionStm, 'waitForChange' | 'highWatermark'>;
}

/** What fetch needs of the node's partitions (PartitionRegistry has it). */
export interface FetchPartitions {
  untilElectionSettles(topic: string, partition: number, waitMs: number): Promise<void>;
  /** Throws a CairnError (NOT_LEADER, UNKNOWN_TOPIC_OR_PARTITION) where this node cannot serve reads. */
  readyLeaderOfPartition(topic: string, partition: number): FetchedPartition;
}

export interface FetchOptions {
  /** How long to wait for an election on this node to settle before answering NOT_LEADER. */
  readonly electionWaitMs: number;
  /** Aborted when the client cancels: the fetch answers at once with what it has. */
  readonly signal?: AbortSignal;
}

type Requested = FetchRequest__Output['partitions'][number];

/** One requested partition across the iterations of a long poll. */
class PartitionFetch {
  readonly chunks: Uint8Array[] = [];
  bytes = 0;
  nextOffset: bigint;
  highWatermark = 0n;
  logStartOffset = 0n;
  error: ReturnType<typeof failure> | undefined;
  hosted: FetchedPartition | undefined;
  /** Unregisters this poll from the partition's change feed; set while registered and not yet woken. */
  stopWaiting: (() => void) | undefined;
  changed = false;

  constructor(readonly requested: Requested) {
    this.nextOffset = BigInt(requested.offset);
  }

  result(): FetchPartitionResult {
    const { topic, partition } = this.requested;
    if (this.error !== undefined) return { topic, partition, ...this.error };
    return {
      topic,
      partition,
      errorCode: '',
      highWatermark: this.highWatermark.toString(),
      logStartOffset: this.logStartOffset.toString(),
      records: this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks),
    };
  }
}

/** Refuses a malformed request (INVALID_REQUEST) before any read; per-partition failures are reported in the results. */
export async function fetchRecords(partitions: FetchPartitions, request: FetchRequest__Output, options: FetchOptions): Promise<{ partitions: FetchPartitionResult[] }> {
  checkPartitionList('fetch', request.partitions, FETCH_PARTITIONS_MAX);
  const deadline = Date.now() + Math.min(request.maxWaitMs, FETCH_WAIT_MS_MAX);
  const budgetBytes = Math.min(request.maxBytes || FETCH_RESPONSE_BYTES_MAX, FETCH_RESPONSE_BYTES_MAX);
  const minBytes = Math.max(request.minBytes, 1);
  const states = request.partitions.map((requested) => new PartitionFetch(requested));
  let totalBytes = 0;
  let wake: (() => void) | undefined;
  const wakeNow = (): void => wake?.();
  options.signal?.addEventListener('abort', wakeNow);
  // Its own flag: a timer may fire a millisecond before Date.now() reaches the deadline.
  let timedOut = false;
  const deadlineTimer = setTimeout(() => {
    timedOut = true;
    wakeNow();
  }, Math.max(0, deadline - Date.now()));

  const read = async (state: PartitionFetch): Promise<void> => {
    const { topic, partition, maxBytes } = state.requested;
    try {
      const hosted = partitions.readyLeaderOfPartition(topic, partition);
      state.hosted = hosted;
      const leftBytes = budgetBytes - totalBytes;
      const partitionLeftBytes = Math.max(0, (maxBytes || budgetBytes) - state.bytes);
      const bytesMax = Math.min(partitionLeftBytes, leftBytes);
      // Only the first partition with data may go over the budget, by one batch.
      const firstBatchBytesMax = totalBytes === 0 ? Number.POSITIVE_INFINITY : state.bytes > 0 ? bytesMax : leftBytes;
      const got = await hosted.reader.read(state.nextOffset, bytesMax, firstBatchBytesMax);
      if (got.records.byteLength > 0) state.chunks.push(got.records);
      state.bytes += got.records.byteLength;
      totalBytes += got.records.byteLength;
      state.nextOffset = got.nextOffset;
      state.highWatermark = got.highWatermark;
      state.logStartOffset = got.logStartOffset;
    } catch (error) {
      state.error = failure(explainReadFailure(error, () => partitions.readyLeaderOfPartition(topic, partition)));
    }
  };

  try {
    await Promise.all(
      states.map((state) =>
        partitions.untilElectionSettles(state.requested.topic, state.requested.partition, options.electionWaitMs).catch((error: unknown) => {
          state.error = failure(error);
        }),
      ),
    );
    for (const state of states) if (state.error === undefined) await read(state);
    for (;;) {
      const done =
        states.some((state) => state.error !== undefined) ||
        totalBytes >= Math.min(minBytes, budgetBytes) ||
        timedOut ||
        Date.now() >= deadline ||
        options.signal?.aborted === true;
      if (done) break;
      const woken = new Promise<void>((resolve) => (wake = resolve));
      for (const state of states) {
        if (state.stopWaiting !== undefined || state.hosted === undefined) continue;
        // Records committed while the last read ran: read again rather than wait for the next commit.
        if (state.hosted.stm.highWatermark !== state.highWatermark) {
          state.changed = true;
          continue;
        }
        state.stopWaiting = changeFeedOf(state.hosted.stm).next(() => {
          state.stopWaiting = undefined;
          state.changed = true;
          wake?.();
        });
      }
      // A wait may have fired while the last reads ran, before `wake` was this turn's.
      if (!states.some((state) => state.changed)) await woken;
      for (const state of states) {
        if (!state.changed) continue;
        state.changed = false;
        if (!options.signal?.aborted) await read(state);
      }
    }
  } finally {
    wake = undefined;
    clearTimeout(deadlineTimer);
    options.signal?.removeEventListener('abort', wakeNow);
    for (const state of states) state.stopWaiting?.();
  }
  return { partitions: states.map((state) => state.result()) };
}
