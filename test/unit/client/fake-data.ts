/**
 * An in-process stand-in for the Data service, served by every FakeCluster
 * node on 127.0.0.1 port 0, over one shared in-memory log per partition (as
 * if replication were instant). It keeps the server's contract: produce and
 * fetch only at the partition's leader (NOT_LEADER with a hint elsewhere),
 * idempotent deduplication over the last 5 batches, OUT_OF_ORDER_SEQUENCE
 * on a gap, UNKNOWN_PRODUCER_STATE for a producer it holds no state for
 * (`forgetProducers`) unless at sequence 0, PRODUCER_FENCED on an old epoch, long-poll fetches,
 * OFFSET_OUT_OF_RANGE, ListOffsets. Tests inject faults per batch with
 * `onProduce`.
 */
import type { ServerDuplexStream, ServerUnaryCall, sendUnaryData, UntypedServiceImplementation } from '@grpc/grpc-js';
import type { FetchPartitionResult } from '../../../src/gen/cairn/v1/FetchPartitionResult.js';
import type { FetchRequest__Output } from '../../../src/gen/cairn/v1/FetchRequest.js';
import type { FetchResponse } from '../../../src/gen/cairn/v1/FetchResponse.js';
import type { InitProducerResponse } from '../../../src/gen/cairn/v1/InitProducerResponse.js';
import type { ListOffsetsRequest__Output } from '../../../src/gen/cairn/v1/ListOffsetsRequest.js';
import type { ListOffsetsResponse } from '../../../src/gen/cairn/v1/ListOffsetsResponse.js';
import type { ProducePartition__Output } from '../../../src/gen/cairn/v1/ProducePartition.js';
import type { ProducePartitionResult } from '../../../src/gen/cairn/v1/ProducePartitionResult.js';
import type { ProduceStreamRequest__Output } from '../../../src/gen/cairn/v1/ProduceStreamRequest.js';
import type { ProduceStreamResponse } from '../../../src/gen/cairn/v1/ProduceStreamResponse.js';
import { dataService } from '../../../src/protocol/proto.js';
import { decodeBatch, encodeBatch, splitBatches, stampBatch, validateBatch } from '../../../src/records/index.js';
import type { BatchHeader, RecordInput } from '../../../src/records/index.js';
import { FakeCluster } from './fake-cluster.js';
import type { FakeNode } from './fake-cluster.js';

/** What a test's hook makes of one produced batch; undefined: handle it normally. */
export type ProduceVerdict =
  | undefined
  | {
      readonly errorCode: string;
      readonly leaderHint?: number;
      /** Append the batch, then answer the error: a lost acknowledgement. */
      readonly afterAppend?: boolean;
    };

export interface ProduceContext {
  readonly node: FakeNode;
  readonly topic: string;
  readonly partition: number;
  readonly header: BatchHeader;
  readonly bytes: Uint8Array;
}

interface ProducerState {
  epoch: number;
  nextSequence: number;
  /** The last 5 batches: sequence → base offset. */
  readonly recent: { readonly sequence: number; readonly baseOffset: bigint }[];
}

export interface PartitionLog {
  readonly batches: Uint8Array[];
  logStartOffset: bigint;
  nextOffset: bigint;
  readonly producers: Map<bigint, ProducerState>;
}

const DEDUPLICATION_WINDOW = 5;

/** Framing only, no CRC check: a test may store a corrupt batch on purpose. */
const headerOf = (batch: Uint8Array): BatchHeader => splitBatches(batch)[0]!.header;
const BATCH_BYTES_MAX = 8 * 1024 * 1024;

export class FakeData {
  readonly logs = new Map<string, PartitionLog>();
  /** Every batch received, in arrival order, with the node it reached. */
  readonly received: ProduceContext[] = [];
  /** Produce requests per node: how many partitions each carried. */
  readonly requests: { readonly nodeId: number; readonly partitionsCount: number }[] = [];
  readonly fetches: { readonly nodeId: number; readonly request: FetchRequest__Output }[] = [];
  onProduce: ((context: ProduceContext) => ProduceVerdict | Promise<ProduceVerdict>) | undefined;
  /** Nodes that take data requests and answer none, as a paused process does; their Cluster service still answers. */
  readonly hung = new Set<number>();
  streamsOpened = 0;
  nextProducerId = 1000n;
  initProducerCalls = 0;
  readonly #appendWaiters = new Set<() => void>();

  #cluster: FakeCluster | undefined;

  private constructor() {}

  static async start(nodesCount: number): Promise<FakeData> {
    const data = new FakeData();
    data.#cluster = await FakeCluster.start(nodesCount, undefined, (node) => [[dataService(), data.handlers(node) as UntypedServiceImplementation]]);
    return data;
  }

  get cluster(): FakeCluster {
    if (this.#cluster === undefined) throw new Error('the fake cluster is still starting');
    return this.#cluster;
  }

  private handlers(node: FakeNode): Record<string, unknown> {
    return {
      ProduceStream: (call: ServerDuplexStream<ProduceStreamRequest__Output, ProduceStreamResponse>) => this.produceStream(node, call),
      InitProducer: (_call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<InitProducerResponse>) => {
        this.initProducerCalls++;
        callback(null, { producerId: String(this.nextProducerId++), producerEpoch: 0 });
      },
      Fetch: (call: ServerUnaryCall<FetchRequest__Output, FetchResponse>, callback: sendUnaryData<FetchResponse>) => {
        this.fetches.push({ nodeId: node.nodeId, request: call.request });
        if (this.hung.has(node.nodeId)) return;
        void this.fetch(node, call.request).then((response) => callback(null, response));
      },
      ListOffsets: (call: ServerUnaryCall<ListOffsetsRequest__Output, ListOffsetsResponse>, callback: sendUnaryData<ListOffsetsResponse>) => {
        if (!this.hung.has(node.nodeId)) callback(null, this.listOffsets(node, call.request));
      },
      Produce: (_call: unknown, callback: sendUnaryData<unknown>) => callback(new Error('the SDK produces over ProduceStream')),
      Subscribe: (call: ServerDuplexStream<unknown, unknown>) => call.end(),
    };
  }

  /** Creates a topic whose partition p is led by `leaders[p]` (default node 1). */
  createTopic(name: string, partitionsCount: number, leaders: readonly number[] = []): void {
    this.cluster.topics.set(name, {
      name,
      topicId: `id-${name}`,
      replicationFactor: 1,
      configs: {},
      partitions: Array.from({ length: partitionsCount }, (_, partition) => ({
        partition,
        leader: leaders[partition] ?? 1,
        replicas: [leaders[partition] ?? 1],
        inSync: [leaders[partition] ?? 1],
        leaderEpoch: '1',
        group: 100 + partition,
      })),
    });
  }

  setLeader(topic: string, partition: number, nodeId: number): void {
    const info = this.cluster.topics.get(topic)?.partitions?.[partition];
    if (info === undefined) throw new Error(`no partition ${topic}-${partition}`);
    info.leader = nodeId;
  }

  leaderOf(topic: string, partition: number): number | undefined {
    return this.cluster.topics.get(topic)?.partitions?.[partition]?.leader;
  }

  log(topic: string, partition: number): PartitionLog {
    const key = `${topic}/${partition}`;
    let log = this.logs.get(key);
    if (log === undefined) {
      log = { batches: [], logStartOffset: 0n, nextOffset: 0n, producers: new Map() };
      this.logs.set(key, log);
    }
    return log;
  }

  /** Appends records directly, as another producer would have. */
  append(topic: string, partition: number, records: readonly RecordInput[]): bigint {
    return this.appendBatch(this.log(topic, partition), encodeBatch(records));
  }

  /** The values stored in a partition, in offset order, as strings. */
  values(topic: string, partition: number): string[] {
    return this.log(topic, partition).batches.flatMap((batch) => decodeBatch(batch).records.map((record) => Buffer.from(record.value!).toString()));
  }

  /** Forgets the partition's producers, as producer.id.expiration.ms does. */
  forgetProducers(topic: string, partition: number): void {
    this.log(topic, partition).producers.clear();
  }

  /** Drops whole batches before `offset`, as retention would. */
  truncateBefore(topic: string, partition: number, offset: bigint): void {
    const log = this.log(topic, partition);
    while (log.batches.length > 0) {
      const header = headerOf(log.batches[0]!);
      if (header.baseOffset + BigInt(header.lastOffsetDelta) >= offset) break;
      log.batches.shift();
    }
    log.logStartOffset = log.batches.length === 0 ? log.nextOffset : headerOf(log.batches[0]!).baseOffset;
  }

  close(): void {
    for (const wake of this.#appendWaiters) wake();
    this.cluster.close();
  }

  private produceStream(node: FakeNode, call: ServerDuplexStream<ProduceStreamRequest__Output, ProduceStreamResponse>): void {
    this.streamsOpened++;
    // Requests are handled one after another, as a server would per stream; a slow hook holds those behind it.
    let queue = Promise.resolve();
    call.on('data', (message: ProduceStreamRequest__Output) => {
      const partitions = message.request?.partitions ?? [];
      this.requests.push({ nodeId: node.nodeId, partitionsCount: partitions.length });
      if (this.hung.has(node.nodeId)) return;
      queue = queue.then(async () => {
        const results: ProducePartitionResult[] = [];
        for (const produce of partitions) results.push(await this.produce(node, produce));
        if (!call.cancelled && call.writable) call.write({ correlationId: message.correlationId, response: { results } });
      });
    });
    call.on('end', () => void queue.then(() => call.end()));
    call.on('error', () => undefined);
  }

  private async produce(node: FakeNode, produce: ProducePartition__Output): Promise<ProducePartitionResult> {
    const { topic, partition } = produce;
    const answer = (errorCode: string, fields: Partial<ProducePartitionResult> = {}): ProducePartitionResult => ({ topic, partition, errorCode, ...fields });
    let header: BatchHeader;
    try {
      header = validateBatch(produce.batch, { batchBytesMax: BATCH_BYTES_MAX });
    } catch (error) {
      return answer('CORRUPT_BATCH', { errorMessage: String(error) });
    }
    const context: ProduceContext = { node, topic, partition, header, bytes: Uint8Array.from(produce.batch) };
    this.received.push(context);
    const leader = this.leaderOf(topic, partition);
    if (leader === undefined) return answer('UNKNOWN_TOPIC_OR_PARTITION');
    const verdict = await this.onProduce?.(context);
    if (verdict !== undefined && verdict.afterAppend !== true) return answer(verdict.errorCode, { leaderHint: verdict.leaderHint ?? 0 });
    if (leader !== node.nodeId) return answer('NOT_LEADER', { leaderHint: leader });
    const log = this.log(topic, partition);
    const outcome = this.sequenceCheck(log, header);
    if (typeof outcome === 'string') return answer(outcome);
    // A copy: stamping must not change what `received` recorded.
    const baseOffset = outcome ?? this.appendBatch(log, Uint8Array.from(context.bytes), header);
    if (verdict !== undefined) return answer(verdict.errorCode);
    return answer('', { baseOffset: String(baseOffset), logStartOffset: String(log.logStartOffset) });
  }

  /** An error code, the original offset of a duplicate, or undefined to append. */
  private sequenceCheck(log: PartitionLog, header: BatchHeader): string | bigint | undefined {
    if (header.producerId < 0n) return undefined;
    const state = log.producers.get(header.producerId);
    if (state === undefined && header.baseSequence !== 0) return 'UNKNOWN_PRODUCER_STATE';
    if (state !== undefined && header.producerEpoch < state.epoch) return 'PRODUCER_FENCED';
    const sameEpoch = state !== undefined && header.producerEpoch === state.epoch;
    const duplicate = sameEpoch ? state.recent.find((batch) => batch.sequence === header.baseSequence) : undefined;
    if (duplicate !== undefined) return duplicate.baseOffset;
    const expected = sameEpoch ? state.nextSequence : 0;
    if (header.baseSequence !== expected) return 'OUT_OF_ORDER_SEQUENCE';
    return undefined;
  }

  /** Stores a batch as it is (stamped with the next offset); a test may pass a corrupt one. */
  appendBatch(log: PartitionLog, bytes: Uint8Array, header = headerOf(bytes)): bigint {
    const baseOffset = log.nextOffset;
    stampBatch(bytes, baseOffset, 1);
    log.batches.push(bytes);
    log.nextOffset += BigInt(header.recordsCount);
    if (header.producerId >= 0n) {
      const state = log.producers.get(header.producerId);
      const next: ProducerState = state !== undefined && state.epoch === header.producerEpoch ? state : { epoch: header.producerEpoch, nextSequence: 0, recent: [] };
      next.nextSequence = header.baseSequence + header.recordsCount;
      next.recent.push({ sequence: header.baseSequence, baseOffset });
      if (next.recent.length > DEDUPLICATION_WINDOW) next.recent.shift();
      log.producers.set(header.producerId, next);
    }
    for (const wake of this.#appendWaiters) wake();
    return baseOffset;
  }

  private async fetch(node: FakeNode, request: FetchRequest__Output): Promise<FetchResponse> {
    const deadlineMs = Date.now() + request.maxWaitMs;
    for (;;) {
      const partitions = request.partitions.map((wanted) => this.fetchPartition(node, wanted));
      const bytes = partitions.reduce((sum, result) => sum + ((result.records as Uint8Array | undefined)?.length ?? 0), 0);
      const failed = partitions.some((result) => result.errorCode !== '');
      if (bytes >= request.minBytes || failed || Date.now() >= deadlineMs || node.server === undefined) return { partitions };
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          clearTimeout(timer);
          this.#appendWaiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, deadlineMs - Date.now());
        this.#appendWaiters.add(wake);
      });
    }
  }

  private fetchPartition(node: FakeNode, wanted: FetchRequest__Output['partitions'][number]): FetchPartitionResult {
    const { topic, partition } = wanted;
    const leader = this.leaderOf(topic, partition);
    if (leader === undefined) return { topic, partition, errorCode: 'UNKNOWN_TOPIC_OR_PARTITION' };
    if (leader !== node.nodeId) return { topic, partition, errorCode: 'NOT_LEADER', leaderHint: leader };
    const log = this.log(topic, partition);
    const offset = BigInt(wanted.offset);
    const range = { highWatermark: String(log.nextOffset), logStartOffset: String(log.logStartOffset) };
    if (offset < log.logStartOffset || offset > log.nextOffset) {
      return { topic, partition, errorCode: 'OFFSET_OUT_OF_RANGE', errorMessage: `offset ${offset} is outside [${log.logStartOffset}, ${log.nextOffset}]`, ...range };
    }
    const chosen: Uint8Array[] = [];
    let bytes = 0;
    for (const batch of log.batches) {
      const header = headerOf(batch);
      if (header.baseOffset + BigInt(header.lastOffsetDelta) < offset) continue;
      // At least one whole batch, even past maxBytes, as the server does.
      if (chosen.length > 0 && bytes + batch.length > wanted.maxBytes) break;
      chosen.push(batch);
      bytes += batch.length;
    }
    return { topic, partition, errorCode: '', records: Buffer.concat(chosen), ...range };
  }

  private listOffsets(node: FakeNode, request: ListOffsetsRequest__Output): ListOffsetsResponse {
    return {
      results: request.partitions.map(({ topic, partition, spec, timestampMs }) => {
        const leader = this.leaderOf(topic, partition);
        if (leader === undefined) return { topic, partition, errorCode: 'UNKNOWN_TOPIC_OR_PARTITION' };
        if (leader !== node.nodeId) return { topic, partition, errorCode: 'NOT_LEADER', leaderHint: leader };
        const log = this.log(topic, partition);
        if (spec === 'EARLIEST') return { topic, partition, errorCode: '', offset: String(log.logStartOffset) };
        if (spec === 'LATEST') return { topic, partition, errorCode: '', offset: String(log.nextOffset) };
        const records = log.batches.flatMap((batch) => decodeBatch(batch).records);
        const found = records.find((record) => record.timestamp >= BigInt(timestampMs));
        return { topic, partition, errorCode: '', offset: String(found?.offset ?? log.nextOffset) };
      }),
    };
  }
}
