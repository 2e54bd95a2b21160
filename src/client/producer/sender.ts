/**
 * Moves sealed batches to partition leaders over one ProduceStream per
 * node, and settles them from the answers.
 *
 * - A drain pass builds at most one request per node, holding at most one
 *   batch per partition, and sends it while the node has fewer than
 *   inFlightRequestsMax requests unanswered. Drains run on the next turn of
 *   the event loop after anything changes, so many events cost one pass.
 * - Retriable errors hold the partition (PartitionPipeline) and retry after
 *   a jittered backoff, at once when a NOT_LEADER names another leader
 *   (but not twice in a row).
 *   Leadership, unknown-partition and connection errors refresh metadata;
 *   a node that could not be reached is gone around (PartitionLeaders).
 * - A request unanswered for SUSPECT_AFTER_MS has the partition's other
 *   replicas asked who leads (StalledLeaderWatch); if another node does, the
 *   stream is abandoned and its batches retried there, long before the
 *   request timeout.
 * - An idempotent producer whose batch failed for good has a gap in that
 *   partition's sequences. If the leader refused the batch for its bytes,
 *   the later batches close the gap and are resent. Otherwise it stops
 *   sending new batches, lets every unresolved batch settle, then takes a
 *   new producer id so sequences restart at 0 (the SDK never gets stuck on
 *   OUT_OF_ORDER_SEQUENCE).
 * - A partition that forgot the producer (UNKNOWN_PRODUCER_STATE for its
 *   first unresolved batch: silent longer than the topic's
 *   producer.id.expiration.ms) wrote none of the batches it refused so: they
 *   wait, in order, for a new producer id, and are sent again under it from
 *   sequence 0. Nothing acknowledged is sent again, nothing refused is lost.
 *   (A batch whose earlier attempt was written and not acknowledged would
 *   have kept the producer known, unless retried for longer than the
 *   expiration: deliveryTimeoutMs is far below its one-day default.)
 */
import { BATCH_HEADER_BYTES, encodeBatch, withBaseSequence } from '../../records/index.js';
import type { InitProducerResponse__Output } from '../../gen/cairn/v1/InitProducerResponse.js';
import type { ProduceResponse__Output } from '../../gen/cairn/v1/ProduceResponse.js';
import { backoffDelayMs } from '../backoff.js';
import type { ClusterClient } from '../cluster-client.js';
import { CoalescingTask } from '../coalescing-task.js';
import { CairnError, fromResultCode } from '../errors.js';
import type { ErrorCode } from '../errors.js';
import type { ResolvedClientOptions } from '../options.js';
import { leaderMayHaveMoved, nodeUnreachable, partitionKey } from '../partition-leaders.js';
import type { PartitionLeaders } from '../partition-leaders.js';
import { StalledLeaderWatch, SUSPECT_AFTER_MS } from '../stalled-leader-watch.js';
import { BATCH_BYTES_LIMIT } from './options.js';
import type { ResolvedProducerOptions } from './options.js';
import type { Partitioner } from './partitioner.js';
import { PartitionPipeline, SEQUENCE_MODULUS } from './partition-pipeline.js';
import { ProduceStream } from './produce-stream.js';
import { batchesSent } from './batch-events.js';
import type { ProducerBatch } from './producer-batch.js';

export interface SenderContext {
  readonly client: ClusterClient;
  readonly leaders: PartitionLeaders;
  readonly partitioner: Partitioner;
  readonly options: ResolvedProducerOptions;
  readonly clientOptions: ResolvedClientOptions;
  /** A batch split off another (the leader refused it as too large): its bytes count in the buffer until it settles. */
  readonly onSplit: (batch: ProducerBatch) => void;
}

interface ProducerIdentity {
  readonly producerId: bigint;
  readonly producerEpoch: number;
}

interface Outgoing {
  readonly nodeId: number;
  readonly stream: ProduceStream;
  readonly entries: { readonly pipeline: PartitionPipeline; readonly batch: ProducerBatch }[];
  bytes: number;
}

/** Batches carry the epoch as an int16. */
const PRODUCER_EPOCH_MAX = 0x7fff;
/** Answers by which the leader refused a batch for its bytes, before its sequence counted. */
const REFUSED_FOR_ITS_BYTES: ReadonlySet<ErrorCode> = new Set(['BATCH_TOO_LARGE', 'CORRUPT_BATCH', 'INVALID_RECORD', 'INVALID_TIMESTAMP']);

export class Sender {
  readonly #context: SenderContext;
  readonly #pipelines = new Map<string, PartitionPipeline>();
  /** Pipelines that may have something to send. */
  readonly #active = new Set<PartitionPipeline>();
  readonly #streams = new Map<number, ProduceStream>();
  #requestsInFlight = 0;
  #identity: ProducerIdentity | undefined;
  #identityPending = false;
  #identityFailures = 0;
  #identityRetryAtMs = 0;
  /** A batch with a sequence failed: new batches wait for a new producer id. */
  #resetPending = false;
  /** The last error not tied to one batch (metadata, producer id), reported when batches expire. */
  #lastError: CairnError | undefined;
  readonly #drainTask = new CoalescingTask(() => this.#drain());
  readonly #stalledLeaders: StalledLeaderWatch;
  /** Topic → a batch size its leader accepts, learnt from batches it refused as too large (max.message.bytes). */
  readonly #learntBatchBytesMax = new Map<string, number>();
  readonly #refreshTimer: NodeJS.Timeout;
  readonly #stopListening: () => void;

  constructor(context: SenderContext) {
    this.#context = context;
    this.#stalledLeaders = new StalledLeaderWatch(context.client, context.leaders, context.clientOptions.requestTimeoutMs);
    this.#refreshTimer = setInterval(() => context.leaders.requestRefresh(), context.options.metadataMaxAgeMs).unref();
    this.#stopListening = context.leaders.onRefresh((error) => {
      if (error !== undefined) this.#lastError = error;
      else this.#failTopicsGone();
      // New leaders, or a partition that still has none: look again.
      this.#drainTask.schedule();
    });
  }

  /** A batch got its first record: its delivery clock runs from now. */
  track(batch: ProducerBatch): void {
    const timer = setTimeout(() => this.#expire(batch), batch.deadlineMs - Date.now());
    batch.whenSettled(() => clearTimeout(timer));
  }

  /** Whether the partition has no batch queued, in flight or waiting to be resent. */
  partitionIdle(topic: string, partition: number): boolean {
    return this.#pipelines.get(partitionKey(topic, partition))?.busy !== true;
  }

  /** A batch is complete and may be sent. */
  enqueue(batch: ProducerBatch): void {
    const key = partitionKey(batch.topic, batch.partition);
    let pipeline = this.#pipelines.get(key);
    if (pipeline === undefined) {
      pipeline = new PartitionPipeline(batch.topic, batch.partition);
      this.#pipelines.set(key, pipeline);
    }
    pipeline.enqueue(batch);
    this.#active.add(pipeline);
    const partitionsCount = this.#context.leaders.partitionsCount(batch.topic);
    if (partitionsCount !== undefined) this.#context.partitioner.batchSealed(batch.topic, batch.partition, partitionsCount);
    this.#drainTask.schedule();
  }

  /** How large the producer's batches of a topic may be: batchBytesMax, or half of the smallest its leader refused. */
  batchBytesMaxOf(topic: string): number {
    return Math.min(this.#context.options.batchBytesMax, this.#learntBatchBytesMax.get(topic) ?? Infinity);
  }

  /** Every batch sealed and not yet settled. */
  unsettled(): ProducerBatch[] {
    const batches: ProducerBatch[] = [];
    for (const pipeline of this.#pipelines.values()) {
      for (const batch of [...pipeline.queued(), ...pipeline.unacked]) if (!batch.settled) batches.push(batch);
    }
    return batches;
  }

  /** Stops sending and ends the streams; call after the batches have settled (flush). */
  async close(): Promise<void> {
    this.#drainTask.stop();
    clearInterval(this.#refreshTimer);
    this.#stopListening();
    await Promise.all([...this.#streams.values()].map((stream) => stream.close()));
    this.#streams.clear();
  }

  #drain(): void {
    const nowMs = Date.now();
    if (this.#context.options.idempotent && !this.#identityReady(nowMs)) return;
    const freshAllowed = !this.#resetPending;
    let wakeAtMs = Infinity;
    // Each pass takes at least one batch or ends the loop.
    for (;;) {
      const requests = new Map<number, Outgoing>();
      for (const pipeline of this.#active) {
        const batch = pipeline.peek(nowMs, freshAllowed);
        if (batch === undefined) {
          if (pipeline.idle) this.#active.delete(pipeline);
          else if (pipeline.retryAtMs > nowMs) wakeAtMs = Math.min(wakeAtMs, pipeline.retryAtMs);
          continue;
        }
        const request = this.#requestFor(pipeline, requests);
        const batchBytes = batch.bytes?.length ?? batch.estimatedBytes;
        if (request === undefined || (request.bytes > 0 && request.bytes + batchBytes > BATCH_BYTES_LIMIT)) continue;
        this.#take(pipeline, batch);
        request.entries.push({ pipeline, batch });
        request.bytes += batch.bytes!.length;
      }
      if (requests.size === 0) break;
      for (const request of requests.values()) this.#send(request);
    }
    if (wakeAtMs < Infinity) this.#drainTask.scheduleAt(wakeAtMs);
  }

  /** The request being built for the partition's leader, if the leader is known and has room. */
  #requestFor(pipeline: PartitionPipeline, requests: Map<number, Outgoing>): Outgoing | undefined {
    const nodeId = this.#context.leaders.leaderOf(pipeline.topic, pipeline.partition);
    if (nodeId === undefined) {
      this.#context.leaders.requestRefresh();
      return undefined;
    }
    const existing = requests.get(nodeId);
    if (existing !== undefined) return existing;
    const stream = this.#streamTo(nodeId);
    if (stream === undefined) {
      this.#context.leaders.requestRefresh();
      return undefined;
    }
    if (stream.inFlightCount >= this.#context.options.inFlightRequestsMax) return undefined;
    const request: Outgoing = { nodeId, stream, entries: [], bytes: 0 };
    requests.set(nodeId, request);
    return request;
  }

  #streamTo(nodeId: number): ProduceStream | undefined {
    let stream = this.#streams.get(nodeId);
    if (stream === undefined) {
      const connection = this.#context.client.connectionTo(nodeId);
      if (connection === undefined) return undefined;
      stream = new ProduceStream(connection, this.#context.clientOptions.requestTimeoutMs);
      this.#streams.set(nodeId, stream);
    }
    return stream;
  }

  /** Marks the batch sent; a first send fixes its sequence and bytes for every resend. */
  #take(pipeline: PartitionPipeline, batch: ProducerBatch): void {
    const identity = this.#identity;
    pipeline.take(batch, identity !== undefined);
    if (batch.bytes !== undefined) return;
    const { compression } = this.#context.options;
    batch.bytes = encodeBatch(
      batch.records!,
      identity === undefined ? { compression } : { compression, ...identity, baseSequence: batch.sequence },
    );
  }

  #send(request: Outgoing): void {
    this.#requestsInFlight++;
    const partitions = request.entries.map(({ batch }) => ({ topic: batch.topic, partition: batch.partition, batch: batch.bytes! }));
    // A leader that stops answering is found by asking its replicas (about one partition of the request stands for all).
    const unwatch = this.#stalledLeaders.watch(request.nodeId, request.entries[0]!.batch, SUSPECT_AFTER_MS, (error) => request.stream.abandon(error));
    const answered = batchesSent(request.nodeId, request.entries.map(({ batch }) => batch));
    request.stream.send({ partitions }).then(
      (response) => {
        unwatch();
        answered(response);
        this.#onResponse(request, response);
      },
      (error: CairnError) => {
        unwatch();
        this.#onRequestFailed(request, error);
      },
    );
  }

  #onResponse(request: Outgoing, response: ProduceResponse__Output): void {
    this.#requestsInFlight--;
    const results = new Map(response.results.map((result) => [partitionKey(result.topic, result.partition), result]));
    for (const { pipeline, batch } of request.entries) {
      const result = results.get(partitionKey(batch.topic, batch.partition));
      if (result === undefined) {
        this.#onBatchError(pipeline, batch, new CairnError('INTERNAL', `${request.stream.address}: the produce answer left out ${batch.name}`), request.nodeId);
      } else if (result.errorCode === '') {
        pipeline.answered(batch);
        // A batch that expired while in flight stays failed: its caller was told already.
        if (!batch.settled) batch.succeed(BigInt(result.baseOffset));
      } else {
        this.#onBatchError(pipeline, batch, fromResultCode(result.errorCode, result.errorMessage, result.leaderHint), request.nodeId);
      }
    }
    this.#drainTask.schedule();
  }

  #onRequestFailed(request: Outgoing, error: CairnError): void {
    this.#requestsInFlight--;
    for (const { pipeline, batch } of request.entries) this.#onBatchError(pipeline, batch, error, request.nodeId);
    this.#drainTask.schedule();
  }

  #onBatchError(pipeline: PartitionPipeline, batch: ProducerBatch, error: CairnError, nodeId: number): void {
    pipeline.answered(batch);
    if (batch.settled) return;
    if (error.code === 'BATCH_TOO_LARGE') {
      this.#splitOrFail(pipeline, batch, error);
      return;
    }
    if (error.code === 'UNKNOWN_PRODUCER_STATE' && this.#context.options.idempotent && !this.#retriable(pipeline, batch, error)) {
      this.#resendUnderNewId(pipeline, batch, error);
      return;
    }
    if (!this.#retriable(pipeline, batch, error)) {
      this.#fail(batch, error);
      return;
    }
    batch.lastError = error;
    batch.attempts++;
    if (nodeUnreachable(error)) this.#context.leaders.unreachable(nodeId);
    const hint = error.code === 'NOT_LEADER' ? error.leaderHint : undefined;
    if (hint !== undefined) this.#context.leaders.follow(batch.topic, batch.partition, hint);
    // A hint naming another node is news: go there now. Anything else waits out a backoff, and so
    // does a second hint in a row: during an election, nodes with stale views can name each other.
    const atOnce = hint !== undefined && hint !== nodeId && !batch.followedHint;
    batch.followedHint = atOnce;
    if (leaderMayHaveMoved(error) && !atOnce) this.#context.leaders.requestRefresh();
    pipeline.recover(atOnce ? 0 : Date.now() + backoffDelayMs(batch.attempts - 1, this.#context.clientOptions.retry));
  }

  /**
   * The leader refused the batch as larger than the topic's
   * max.message.bytes: its second half becomes a batch of its own, resent
   * right after the first, as often as it takes. A single record that is
   * still too large fails alone, and says which limit it passed.
   */
  #splitOrFail(pipeline: PartitionPipeline, batch: ProducerBatch, error: CairnError): void {
    const encodedBytes = batch.bytes?.length ?? batch.estimatedBytes;
    const halfBytes = Math.floor((BATCH_HEADER_BYTES + batch.estimatedBytes) / 2);
    const other = batch.splitOff(SEQUENCE_MODULUS);
    // Later batches of the topic are made no larger than the halves, so they are not refused in turn.
    if (other !== undefined) this.#learntBatchBytesMax.set(batch.topic, Math.min(this.batchBytesMaxOf(batch.topic), halfBytes));
    if (other === undefined) {
      const message = `${batch.name}: a record of about ${batch.estimatedBytes} bytes (a batch of ${encodedBytes} bytes encoded) is larger than the topic accepts (its max.message.bytes config); the leader said: ${error.message}`;
      this.#fail(batch, new CairnError('BATCH_TOO_LARGE', message, { cause: error }));
      return;
    }
    pipeline.insertAfter(batch, other);
    this.#context.onSplit(other);
    this.track(other);
    // Batches sent behind it are answered OUT_OF_ORDER_SEQUENCE, and resent after the halves.
    pipeline.recover(0);
  }

  #retriable(pipeline: PartitionPipeline, batch: ProducerBatch, error: CairnError): boolean {
    switch (error.code) {
      case 'UNKNOWN_TOPIC_OR_PARTITION':
        // Right after a topic or partition is created, a leader may not know it yet.
        return ++batch.unknownTopicAnswers <= this.#context.clientOptions.retry.retriesMax;
      case 'OUT_OF_ORDER_SEQUENCE':
        // An earlier batch failed over to the new leader after this one, or was refused and this one
        // renumbered since it was sent: resending in order fixes it.
        return this.#context.options.idempotent && (pipeline.hasEarlierUnsettled(batch) || batch.renumbered);
      case 'UNKNOWN_PRODUCER_STATE':
        // The partition does not yet hold this id's earlier batch (it failed over after this one, or was refused and
        // this one renumbered): resending in order fixes it. Otherwise the partition forgot the id: #resendUnderNewId.
        return this.#context.options.idempotent && (pipeline.hasEarlierUnsettled(batch) || batch.renumbered);
      default:
        return error.retriable;
    }
  }

  /**
   * The partition forgot this producer id: the batch, refused, was not
   * written, nor were those behind it. They go back in the queue and the
   * producer takes a new id once nothing sequenced is unresolved (as after a
   * failure, but nothing fails).
   */
  #resendUnderNewId(pipeline: PartitionPipeline, batch: ProducerBatch, error: CairnError): void {
    this.#context.clientOptions.logger.info({ topic: batch.topic, partition: batch.partition, message: error.message }, 'the partition forgot the producer id: its unacknowledged batches go again under a new one');
    batch.lastError = error;
    pipeline.requeueForNewId(batch);
    this.#resetPending = true;
  }

  #expire(batch: ProducerBatch): void {
    if (batch.settled) return;
    const cause = batch.lastError ?? this.#lastError ?? this.#pendingReason(batch);
    const last = cause === undefined ? '' : `; last error: ${cause.code}: ${cause.message}`;
    const message = `${batch.name}: ${batch.recordsCount} records not acknowledged within ${this.#context.options.deliveryTimeoutMs} ms (deliveryTimeoutMs)${last}`;
    this.#fail(batch, new CairnError('DELIVERY_TIMED_OUT', message, { cause }));
    this.#drainTask.schedule();
  }

  /** Why a batch that met no error is still unacknowledged: the cause its DELIVERY_TIMED_OUT carries. */
  #pendingReason(batch: ProducerBatch): CairnError {
    const leader = this.#context.leaders.leaderOf(batch.topic, batch.partition);
    if (batch.inFlight) return new CairnError('REQUEST_TIMED_OUT', `${batch.name}: its produce request to node ${leader ?? '?'} was still unanswered`);
    if (leader === undefined) return new CairnError('UNAVAILABLE', `${batch.name}: no leader of the partition was known`);
    return new CairnError('UNAVAILABLE', `${batch.name}: it waited to be sent to node ${leader} (inFlightRequestsMax reached, or an earlier batch of the partition was being retried)`);
  }

  /**
   * Batches of topics that a refresh no longer lists (deleted, most likely)
   * fail with UNKNOWN_TOPIC_OR_PARTITION once that has held for more refreshes
   * than retry.retriesMax, instead of waiting out the delivery timeout.
   */
  #failTopicsGone(): void {
    const { leaders, clientOptions } = this.#context;
    for (const pipeline of this.#pipelines.values()) {
      if (pipeline.idle || leaders.partitionsCount(pipeline.topic) !== undefined) continue;
      for (const batch of [...pipeline.queued(), ...pipeline.unacked]) {
        if (batch.settled || batch.inFlight || ++batch.unknownTopicAnswers <= clientOptions.retry.retriesMax) continue;
        const message = `${batch.name}: the topic is not in the cluster metadata any more (deleted?); looked ${batch.unknownTopicAnswers} times`;
        this.#fail(batch, new CairnError('UNKNOWN_TOPIC_OR_PARTITION', message, { cause: batch.lastError }));
      }
    }
  }

  /**
   * Fails a batch for good. If it had been sent with a sequence, it leaves a
   * gap before the later unacknowledged batches of its partition. A batch
   * the leader refused for its own bytes was certainly not written: the
   * later ones move down into its sequences and are resent, as Kafka's
   * producer does. After any other failure (the batch may have been written,
   * or what stopped it stops them too) they fail with the same code, and the
   * producer id is replaced.
   */
  #fail(batch: ProducerBatch, error: CairnError): void {
    this.#context.clientOptions.logger.warn({ topic: batch.topic, partition: batch.partition, records: batch.recordsCount, code: error.code, message: error.message }, 'a producer batch failed');
    const pipeline = this.#pipelines.get(partitionKey(batch.topic, batch.partition));
    const sequenced = batch.sequence >= 0 && pipeline !== undefined && pipeline.unacked.includes(batch);
    if (sequenced && REFUSED_FOR_ITS_BYTES.has(error.code)) {
      // A half of a split batch not yet encoded again takes its new sequence when it is.
      for (const later of pipeline.closeGap(batch)) if (later.bytes !== undefined) later.bytes = withBaseSequence(later.bytes, later.sequence);
      pipeline.recover(0); // nothing new goes out until the partition's requests in flight are answered
      batch.fail(error);
      return;
    }
    const later = sequenced ? pipeline.laterThan(batch).filter((other) => !other.settled) : [];
    batch.fail(error);
    if (!sequenced) return;
    for (const other of later) {
      other.fail(new CairnError(error.code, `${other.name}: an earlier batch of the partition failed: ${error.code}: ${error.message}`, { cause: error }));
    }
    this.#resetPending = true;
  }

  /**
   * Whether batches may be sent with the current producer id. A pending
   * reset waits until nothing is in flight and no sequenced batch is
   * unresolved; then a new id is requested.
   */
  #identityReady(nowMs: number): boolean {
    if (this.#resetPending && this.#requestsInFlight === 0 && this.#sequencesResolved()) {
      this.#resetPending = false;
      this.#identity = undefined;
    }
    if (this.#identity !== undefined) return true;
    if (nowMs < this.#identityRetryAtMs) this.#drainTask.scheduleAt(this.#identityRetryAtMs);
    else void this.#initProducer();
    return false;
  }

  #sequencesResolved(): boolean {
    for (const pipeline of this.#pipelines.values()) if (pipeline.unacked.some((batch) => !batch.settled)) return false;
    return true;
  }

  async #initProducer(): Promise<void> {
    if (this.#identityPending) return;
    this.#identityPending = true;
    // Producer ids are allocated cluster-wide: the controller may answer, or point to the node that does.
    const answer = await this.#context.client
      .call('InitProducer', { producerId: '0', producerEpoch: 0 }, { to: 'controller' })
      .then(parseIdentity)
      .catch((error: unknown) => error as CairnError); // call() and parseIdentity throw only CairnError
    this.#identityPending = false;
    if (answer instanceof CairnError) {
      this.#lastError = answer;
      this.#identityRetryAtMs = Date.now() + backoffDelayMs(this.#identityFailures++, this.#context.clientOptions.retry);
    } else {
      this.#identity = answer;
      this.#identityFailures = 0;
      for (const pipeline of this.#pipelines.values()) pipeline.resetSequences();
    }
    this.#drainTask.schedule();
  }
}

function parseIdentity(response: InitProducerResponse__Output): ProducerIdentity {
  const producerId = BigInt(response.producerId);
  if (producerId <= 0n || producerId > 0x7fff_ffff_ffff_ffffn || response.producerEpoch > PRODUCER_EPOCH_MAX) {
    throw new CairnError('INTERNAL', `InitProducer answered producer id ${response.producerId}, epoch ${response.producerEpoch}: out of range`);
  }
  return { producerId, producerEpoch: response.producerEpoch };
}
