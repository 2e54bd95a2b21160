/**
 * The consumer's fetch loop. Each pass resolves pending seeks (one batched
 * ListOffsets) and sends one long-poll Fetch to each leader that has no
 * fetch outstanding, for its partitions that are assigned, not paused, and
 * have nothing buffered, while the buffer has room. Answers to a request
 * sent before a seek are dropped (the partition's epoch moved on).
 *
 * Failures are retried with backoff: moved leaders are followed (hint or
 * metadata refresh). A scope (a partition, or a node for whole-request
 * failures) that keeps failing for retry.retriesMax attempts reports its
 * error to the reader, then goes on retrying; errors no retry can fix stop
 * the partition until a seek.
 */
import type { FetchPartitionResult__Output } from '../../gen/cairn/v1/FetchPartitionResult.js';
import { CodecUnavailableError, CorruptBatchError } from '../../records/index.js';
import { unboundedAbortController } from '../abort.js';
import { backoffDelayMs } from '../backoff.js';
import type { ClusterClient } from '../cluster-client.js';
import { CoalescingTask } from '../coalescing-task.js';
import { unsupportedCompression } from '../codecs.js';
import { CairnError, fromResultCode } from '../errors.js';
import { listOffsets } from '../list-offsets.js';
import type { OffsetSpec } from '../list-offsets.js';
import type { ResolvedClientOptions } from '../options.js';
import { leaderMayHaveMoved, nodeUnreachable, partitionKey } from '../partition-leaders.js';
import type { PartitionLeaders } from '../partition-leaders.js';
import { StalledLeaderWatch, SUSPECT_AFTER_MS } from '../stalled-leader-watch.js';
import { decodeFetched } from './messages.js';
import type { Message } from './messages.js';
import type { ResolvedConsumerOptions } from './options.js';
import type { PartitionState } from './partition-state.js';

export interface FetcherContext {
  readonly client: ClusterClient;
  readonly leaders: PartitionLeaders;
  readonly options: ResolvedConsumerOptions;
  readonly clientOptions: ResolvedClientOptions;
  /** The assigned partitions; a state not among them any more is stale. */
  readonly partitions: ReadonlyMap<string, PartitionState>;
  readonly bufferedBytes: () => number;
  readonly onMessages: (state: PartitionState, messages: readonly Message[], bytes: number, highWatermark: bigint) => void;
  readonly onError: (scope: string, error: CairnError) => void;
}

export class Fetcher {
  readonly #context: FetcherContext;
  readonly #nodesFetching = new Set<number>();
  /** Consecutive failures per scope. */
  readonly #failures = new Map<string, number>();
  readonly #calls = new Set<Promise<void>>();
  /** Aborted by close(): cancels every outstanding call, each of which listens to it. */
  readonly #closing = unboundedAbortController();
  readonly #stopListening: () => void;
  readonly #passTask = new CoalescingTask(() => this.#pass());
  readonly #stalledLeaders: StalledLeaderWatch;

  constructor(context: FetcherContext) {
    this.#context = context;
    this.#stalledLeaders = new StalledLeaderWatch(context.client, context.leaders, context.clientOptions.requestTimeoutMs);
    this.#stopListening = context.leaders.onRefresh(() => this.schedule());
  }

  /** Runs a pass on the next turn of the event loop; many calls cost one pass. */
  schedule(): void {
    this.#passTask.schedule();
  }

  /** Cancels outstanding calls and waits for them to end. */
  async close(): Promise<void> {
    this.#closing.abort();
    this.#passTask.stop();
    this.#stopListening();
    await Promise.all(this.#calls);
  }

  #pass(): void {
    const nowMs = Date.now();
    let wakeAtMs = Infinity;
    const lookups: PartitionState[] = [];
    const byNode = new Map<number, PartitionState[]>();
    for (const state of this.#context.partitions.values()) {
      if (state.retryAtMs > nowMs && state.stopped === undefined) wakeAtMs = Math.min(wakeAtMs, state.retryAtMs);
      if (state.lookup !== undefined && !state.lookupInFlight && state.stopped === undefined && nowMs >= state.retryAtMs) lookups.push(state);
      if (!state.fetchable(nowMs)) continue;
      const nodeId = this.#context.leaders.leaderOf(state.topic, state.partition);
      if (nodeId === undefined) this.#context.leaders.requestRefresh();
      else if (!this.#nodesFetching.has(nodeId)) byNode.set(nodeId, [...(byNode.get(nodeId) ?? []), state]);
    }
    if (lookups.length > 0) this.#track(this.#resolve(lookups));
    const roomBytes = this.#context.options.bufferBytesMax - this.#context.bufferedBytes();
    // A full buffer waits for the reader, whose taking schedules a pass.
    if (roomBytes > 0) {
      const requestBytesMax = Math.max(1, Math.floor(roomBytes / Math.max(1, byNode.size)));
      for (const [nodeId, states] of byNode) this.#track(this.#fetch(nodeId, states, requestBytesMax));
    }
    if (wakeAtMs < Infinity) this.#passTask.scheduleAt(wakeAtMs);
  }

  #track(call: Promise<void>): void {
    this.#calls.add(call);
    void call.finally(() => this.#calls.delete(call));
  }

  async #fetch(nodeId: number, states: readonly PartitionState[], requestBytesMax: number): Promise<void> {
    const { options, clientOptions } = this.#context;
    const epochs = states.map((state) => state.epoch);
    this.#nodesFetching.add(nodeId);
    for (const state of states) state.fetching = true;
    const partitionBytesMax = Math.min(options.partitionFetchBytesMax, requestBytesMax);
    const request = {
      partitions: states.map((state) => ({ topic: state.topic, partition: state.partition, offset: String(state.fetchOffset), maxBytes: partitionBytesMax })),
      maxWaitMs: options.maxWaitMs,
      minBytes: options.minBytes,
      maxBytes: requestBytesMax,
    };
    // The leader may hold the request for maxWaitMs before answering; one that stops answering is found by asking its replicas.
    const abandoned = new AbortController();
    let moved: CairnError | undefined;
    const unwatch = this.#stalledLeaders.watch(nodeId, states[0]!, options.maxWaitMs + SUSPECT_AFTER_MS, (error) => {
      moved = error;
      abandoned.abort();
    });
    const answer = await this.#context.client
      .call('Fetch', request, {
        to: nodeId,
        timeoutMs: options.maxWaitMs + clientOptions.requestTimeoutMs,
        signal: AbortSignal.any([this.#closing.signal, abandoned.signal]),
        retry: false,
      })
      .then(
        (response) => moved ?? response,
        (error: unknown) => moved ?? (error as CairnError), // call() rejects only with CairnError
      );
    unwatch();
    this.#nodesFetching.delete(nodeId);
    for (const state of states) state.fetching = false;
    this.schedule();
    if (this.#closing.signal.aborted) return;
    const current = states.filter((state, index) => this.#current(state, epochs[index]!));
    if (answer instanceof CairnError) {
      if (nodeUnreachable(answer)) this.#context.leaders.unreachable(nodeId);
      this.#context.leaders.requestRefresh();
      this.#retryLater(`node ${nodeId}`, answer, current);
      return;
    }
    this.#failures.delete(`node ${nodeId}`);
    const results = new Map(answer.partitions.map((result) => [partitionKey(result.topic, result.partition), result]));
    for (const state of current) {
      const result = results.get(partitionKey(state.topic, state.partition));
      if (result === undefined) this.#stop(state, new CairnError('INTERNAL', `${state.name}: the fetch answer left it out`));
      else this.#onResult(state, result, nodeId);
    }
  }

  #onResult(state: PartitionState, result: FetchPartitionResult__Output, nodeId: number): void {
    if (result.errorCode === '') {
      let decoded;
      try {
        decoded = decodeFetched(state.topic, state.partition, result.records, state.fetchOffset!);
      } catch (error) {
        if (error instanceof CodecUnavailableError) {
          this.#stop(state, unsupportedCompression(error, `${state.name} at offset ${state.fetchOffset}`));
          return;
        }
        if (!(error instanceof CorruptBatchError)) throw error;
        this.#stop(state, new CairnError('CORRUPT_BATCH', `${state.name} at offset ${state.fetchOffset}: ${error.message}`, { cause: error }));
        return;
      }
      this.#failures.delete(state.name);
      state.fetchOffset = decoded.nextOffset;
      if (decoded.messages.length > 0) this.#context.onMessages(state, decoded.messages, result.records.length, BigInt(result.highWatermark));
      return;
    }
    const error = fromResultCode(result.errorCode, `${state.name}: ${result.errorMessage || result.errorCode}`, result.leaderHint);
    if (error.code === 'OFFSET_OUT_OF_RANGE') {
      const policy = this.#context.options.autoOffsetReset;
      if (policy === 'none') this.#stop(state, error);
      else state.seek(policy);
      return;
    }
    if (!error.retriable && error.code !== 'UNKNOWN_TOPIC_OR_PARTITION') {
      this.#stop(state, error);
      return;
    }
    const hint = error.code === 'NOT_LEADER' ? error.leaderHint : undefined;
    if (hint !== undefined && hint !== nodeId) this.#context.leaders.follow(state.topic, state.partition, hint);
    else if (leaderMayHaveMoved(error)) this.#context.leaders.requestRefresh();
    this.#retryLater(state.name, error, [state]);
  }

  async #resolve(states: readonly PartitionState[]): Promise<void> {
    const queries = states.map((state) => ({ topic: state.topic, partition: state.partition, spec: state.lookup as OffsetSpec }));
    const epochs = states.map((state) => state.epoch);
    for (const state of states) state.lookupInFlight = true;
    const { client, leaders, clientOptions } = this.#context;
    const answer = await listOffsets({ client, leaders, retry: clientOptions.retry }, queries, this.#closing.signal).catch(
      (error: unknown) => error as CairnError, // listOffsets rejects only with CairnError
    );
    for (const state of states) state.lookupInFlight = false;
    this.schedule();
    if (this.#closing.signal.aborted) return;
    if (answer instanceof CairnError) {
      // listOffsets has retried already: report now, try again after the longest backoff.
      this.#context.onError('offsets', answer);
      const retryAtMs = Date.now() + clientOptions.retry.backoffMaxMs;
      for (const state of states) state.retryAtMs = retryAtMs;
      return;
    }
    states.forEach((state, index) => {
      if (this.#current(state, epochs[index]!)) state.resolved(answer[index]!.offset);
    });
  }

  #current(state: PartitionState, epoch: number): boolean {
    return this.#context.partitions.get(partitionKey(state.topic, state.partition)) === state && state.epoch === epoch;
  }

  #retryLater(scope: string, error: CairnError, states: readonly PartitionState[]): void {
    const failures = (this.#failures.get(scope) ?? 0) + 1;
    const { retry } = this.#context.clientOptions;
    const retryAtMs = Date.now() + backoffDelayMs(failures - 1, retry);
    for (const state of states) state.retryAtMs = retryAtMs;
    if (failures > retry.retriesMax) {
      this.#context.onError(scope, new CairnError(error.code, `${error.message} (failing for ${failures} attempts; still retrying)`, { cause: error, leaderHint: error.leaderHint }));
      this.#failures.delete(scope);
    } else {
      this.#failures.set(scope, failures);
    }
  }

  #stop(state: PartitionState, error: CairnError): void {
    state.stopped = error;
    this.#context.onError(state.name, error);
  }
}
