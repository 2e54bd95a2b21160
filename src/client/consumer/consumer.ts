/**
 * The consumer: reads assigned partitions from their leaders (Fetcher) into
 * a bounded buffer and hands messages out in offset order per partition.
 *
 * ```ts
 * const consumer = cairn.consumer({ autoOffsetReset: 'earliest' });
 * consumer.assign([{ topic: 'orders', partition: 0 }]);
 * for await (const message of consumer) console.log(message.offset, message.value?.toString());
 * ```
 *
 * Two ways to read, sharing one position per partition: `for await` yields
 * messages one at a time; `nextBatch()` returns the buffered run of one
 * partition. The position moves past a message when it is handed out, so
 * breaking out of a loop loses nothing: the next read continues after the
 * last message returned. Errors reach the reader (the loop throws, or
 * nextBatch rejects) and reading again continues.
 *
 * Group subscription will call the same assignment path as `assign()`,
 * from a coordinator's answer instead of the application.
 */
import { CairnError } from '../errors.js';
import type { ResolvedClientOptions } from '../options.js';
import type { ClusterClient } from '../cluster-client.js';
import { partitionKey, partitionName } from '../partition-leaders.js';
import type { PartitionLeaders, TopicPartition } from '../partition-leaders.js';
import { Fetcher } from './fetcher.js';
import type { Message, MessageBatch } from './messages.js';
import { resolveConsumerOptions } from './options.js';
import type { ConsumerOptions, ResolvedConsumerOptions } from './options.js';
import { PartitionState } from './partition-state.js';
import type { SeekTarget } from './partition-state.js';

/** Where seek() moves a partition; an offset may be given as a number when it is a safe integer. */
export type SeekPosition = 'earliest' | 'latest' | { readonly offset: bigint | number } | { readonly timestamp: number | Date };

function checkTopicPartition(value: TopicPartition, field: string): void {
  if (typeof value?.topic !== 'string' || value.topic === '' || !Number.isSafeInteger(value.partition) || value.partition < 0) {
    throw new CairnError('INVALID_REQUEST', `${field}: expected { topic: non-empty string, partition: non-negative integer }`);
  }
}

function seekTarget(position: SeekPosition): SeekTarget {
  if (position === 'earliest' || position === 'latest') return position;
  if (typeof position === 'object' && position !== null && 'offset' in position) {
    const offset = position.offset;
    if ((typeof offset === 'bigint' && offset >= 0n) || (typeof offset === 'number' && Number.isSafeInteger(offset) && offset >= 0)) return { offset: BigInt(offset) };
  }
  if (typeof position === 'object' && position !== null && 'timestamp' in position) {
    const ms = position.timestamp instanceof Date ? position.timestamp.getTime() : position.timestamp;
    if (Number.isSafeInteger(ms)) return { timestamp: ms };
  }
  throw new CairnError('INVALID_REQUEST', "seek(): expected 'earliest', 'latest', { offset: non-negative integer } or { timestamp: ms | Date }");
}

export class Consumer implements AsyncDisposable, AsyncIterable<Message> {
  readonly options: ResolvedConsumerOptions;
  readonly #partitions = new Map<string, PartitionState>();
  #bufferedBytes = 0;
  /** One pending error per scope (a partition, a node, offset lookups), oldest first. */
  readonly #errors = new Map<string, CairnError>();
  #waiters: (() => void)[] = [];
  /** The partition being read, so a reader stays on one run of messages before moving on. */
  #reading: PartitionState | undefined;
  readonly #fetcher: Fetcher;
  #closing = false;
  /** Settles when close() has finished. */
  readonly closed: Promise<void>;
  #markClosed!: () => void;

  /** Use `cairn.consumer()`. */
  constructor(client: ClusterClient, leaders: PartitionLeaders, clientOptions: ResolvedClientOptions, options: ConsumerOptions = {}) {
    this.options = resolveConsumerOptions(options);
    this.closed = new Promise((resolve) => (this.#markClosed = resolve));
    this.#fetcher = new Fetcher({
      client,
      leaders,
      options: this.options,
      clientOptions,
      partitions: this.#partitions,
      bufferedBytes: () => this.#bufferedBytes,
      onMessages: (state, messages, bytes, highWatermark) => {
        state.push(messages, bytes, highWatermark);
        this.#bufferedBytes += bytes;
        this.#notify();
      },
      onError: (scope, error) => {
        this.#errors.delete(scope); // re-inserted last: the newest of a scope replaces the old
        this.#errors.set(scope, error);
        this.#notify();
      },
    });
  }

  /** Fetched bytes not yet handed out; bounded by bufferBytesMax (plus at most one batch per partition). */
  get bufferedBytes(): number {
    return this.#bufferedBytes;
  }

  /**
   * Reads exactly these partitions from now on. Partitions kept keep their
   * position and buffer; new ones start per autoOffsetReset unless seek()
   * is called.
   */
  assign(partitions: readonly TopicPartition[]): void {
    this.#checkOpen();
    partitions.forEach((partition, index) => checkTopicPartition(partition, `assign(): partitions[${index}]`));
    const wanted = new Map(partitions.map(({ topic, partition }) => [partitionKey(topic, partition), { topic, partition }]));
    for (const [key, state] of this.#partitions) {
      if (wanted.has(key)) continue;
      this.#drop(state.clear());
      this.#partitions.delete(key);
      this.#errors.delete(state.name);
    }
    const policy = this.options.autoOffsetReset;
    for (const [key, { topic, partition }] of wanted) {
      if (this.#partitions.has(key)) continue;
      const state = new PartitionState(topic, partition, policy === 'none' ? undefined : policy);
      this.#partitions.set(key, state);
      if (policy === 'none') {
        state.stopped = new CairnError('OFFSET_OUT_OF_RANGE', `${state.name} has no position and autoOffsetReset is 'none': call seek() first`);
        this.#errors.set(state.name, state.stopped);
      }
    }
    this.#fetcher.schedule();
    this.#notify();
  }

  assignment(): TopicPartition[] {
    return [...this.#partitions.values()].map(({ topic, partition }) => ({ topic, partition }));
  }

  /** Moves an assigned partition; buffered messages and an error pending for it are dropped. Resolved lazily, before the next fetch. */
  seek(topicPartition: TopicPartition, position: SeekPosition): void {
    this.#checkOpen();
    const state = this.#state(topicPartition, 'seek()');
    this.#drop(state.seek(seekTarget(position)));
    this.#errors.delete(state.name);
    this.#fetcher.schedule();
  }

  /** The offset of the next message to hand out; undefined while a seek or reset is being resolved. */
  position(topicPartition: TopicPartition): bigint | undefined {
    return this.#state(topicPartition, 'position()').position;
  }

  /** Stops fetching and handing out these partitions; what is buffered stays. */
  pause(partitions: readonly TopicPartition[]): void {
    for (const partition of partitions) this.#state(partition, 'pause()').paused = true;
  }

  resume(partitions: readonly TopicPartition[]): void {
    for (const partition of partitions) this.#state(partition, 'resume()').paused = false;
    this.#fetcher.schedule();
    this.#notify();
  }

  paused(): TopicPartition[] {
    return [...this.#partitions.values()].filter((state) => state.paused).map(({ topic, partition }) => ({ topic, partition }));
  }

  /**
   * The next run of buffered messages of one partition, waiting for one to
   * arrive; undefined once the consumer is closed. Rejects with a pending
   * CairnError; calling again goes on.
   */
  nextBatch(): Promise<MessageBatch | undefined> {
    return this.#next(Infinity);
  }

  /** Ends when the consumer is closed; throws a pending CairnError (iterate again to go on). */
  async *[Symbol.asyncIterator](): AsyncIterator<Message> {
    for (let batch = await this.#next(1); batch !== undefined; batch = await this.#next(1)) yield batch.messages[0]!;
  }

  /** Stops fetching; readers waiting get undefined (loops end). Idempotent. */
  close(): Promise<void> {
    if (!this.#closing) {
      this.#closing = true;
      this.#notify();
      void this.#fetcher.close().then(() => {
        for (const state of this.#partitions.values()) this.#drop(state.clear());
        this.#markClosed();
      });
    }
    return this.closed;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  async #next(messagesMax: number): Promise<MessageBatch | undefined> {
    for (;;) {
      if (this.#closing) return undefined;
      const [scope, error] = this.#errors.entries().next().value ?? [];
      if (scope !== undefined && error !== undefined) {
        this.#errors.delete(scope);
        throw error;
      }
      const taken = this.#take(messagesMax);
      if (taken !== undefined) return taken;
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
  }

  #take(messagesMax: number): MessageBatch | undefined {
    const readable = (state: PartitionState | undefined): state is PartitionState =>
      state !== undefined && state.hasMessages && !state.paused && this.#partitions.get(partitionKey(state.topic, state.partition)) === state;
    if (!readable(this.#reading)) {
      // Round robin: the first readable partition after the one read last.
      const states = [...this.#partitions.values()];
      const after = this.#reading === undefined ? -1 : states.indexOf(this.#reading);
      this.#reading = [...states.slice(after + 1), ...states.slice(0, after + 1)].find(readable);
      if (this.#reading === undefined) return undefined;
    }
    const { batch, freedBytes } = this.#reading.take(messagesMax)!;
    if (freedBytes > 0) {
      this.#drop(freedBytes);
      this.#fetcher.schedule();
    }
    return batch;
  }

  #drop(bytes: number): void {
    this.#bufferedBytes -= bytes;
  }

  #notify(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }

  #state(topicPartition: TopicPartition, method: string): PartitionState {
    checkTopicPartition(topicPartition, method);
    const state = this.#partitions.get(partitionKey(topicPartition.topic, topicPartition.partition));
    if (state === undefined) throw new CairnError('INVALID_REQUEST', `${method}: ${partitionName(topicPartition.topic, topicPartition.partition)} is not assigned`);
    return state;
  }

  #checkOpen(): void {
    if (this.#closing) throw new CairnError('CLIENT_CLOSED', 'the consumer is closed');
  }
}
