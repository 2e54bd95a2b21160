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
 * With a `groupId`, `subscribe(topics)` joins the group instead: the
 * coordinator assigns partitions (see GroupSession), each starting at the
 * group's committed offset, else per autoOffsetReset. A message counts as
 * processed when the application asks for the next one (or leaves the
 * `for await` loop); auto-commit
 * commits processed positions, so a crash replays at most what was
 * processed since the last commit, and never skips a message.
 *
 * ```ts
 * const consumer = cairn.consumer({ groupId: 'billing', autoOffsetReset: 'earliest' });
 * consumer.subscribe(['orders']);
 * for await (const message of consumer) await bill(message);
 * ```
 */
import { CairnError } from '../errors.js';
import type { ResolvedClientOptions } from '../options.js';
import type { ClusterClient } from '../cluster-client.js';
import { partitionKey, partitionName } from '../partition-leaders.js';
import type { PartitionLeaders, TopicPartition } from '../partition-leaders.js';
import { checkTopicPartition } from '../topic-partitions.js';
import { Fetcher } from './fetcher.js';
import { GroupSession } from './group-session.js';
import type { GroupConsumerControl } from './group-session.js';
import type { Message, MessageBatch } from './messages.js';
import { resolveConsumerOptions } from './options.js';
import type { ConsumerOptions, ResolvedConsumerOptions } from './options.js';
import { PartitionState } from './partition-state.js';
import type { SeekTarget } from './partition-state.js';

/** Where seek() moves a partition; an offset may be given as a number when it is a safe integer. */
export type SeekPosition = 'earliest' | 'latest' | { readonly offset: bigint | number } | { readonly timestamp: number | Date };

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
  readonly #session: GroupSession | undefined;
  /** The topics or pattern given to subscribe(); undefined while the consumer uses assign(). */
  #subscribed: readonly string[] | RegExp | undefined;
  /** The partition whose messages the application holds, and since when; cleared when it asks for more. */
  #inHand: { readonly state: PartitionState; readonly sinceMs: number } | undefined;
  #releaseWaiters: (() => void)[] = [];
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
      onError: (scope, error) => this.#report(scope, error),
    });
    const groupId = this.options.groupId;
    this.#session = groupId === undefined ? undefined : new GroupSession(client, this.#groupControl(), { ...this.options, groupId }, clientOptions);
  }

  /**
   * Joins the consumer group (`groupId` option) and reads the partitions of
   * these topics that its coordinator assigns; calling again changes the
   * subscription. A RegExp subscribes to every topic whose name matches it
   * (internal `__` topics never do), looked up again every
   * topicPatternRefreshMs so topics created later join.
   */
  subscribe(topics: readonly string[] | RegExp): void {
    this.#checkOpen();
    if (this.#session === undefined) throw new CairnError('INVALID_REQUEST', 'subscribe() needs the groupId option');
    const pattern = topics instanceof RegExp;
    if (!pattern && (!Array.isArray(topics) || topics.length === 0 || topics.some((t) => typeof t !== 'string' || t === ''))) {
      throw new CairnError('INVALID_REQUEST', 'subscribe(): expected a non-empty array of topic names or a RegExp');
    }
    if (this.#partitions.size > 0 && this.#subscribed === undefined) throw new CairnError('INVALID_REQUEST', 'subscribe(): partitions were assigned with assign(); use one or the other');
    if (pattern) {
      this.#subscribed = topics;
      this.#session.subscribePattern(topics);
    } else {
      this.#subscribed = [...topics];
      this.#session.subscribe(topics);
    }
  }

  /**
   * Commits offsets for the group: the given ones, or else the position of
   * every partition read (after every message handed out). A subscribed
   * member's commit is refused (FENCED_MEMBER_EPOCH) for partitions it no
   * longer owns; a consumer using assign() may commit only while the group
   * has no members.
   */
  async commit(offsets?: readonly { topic: string; partition: number; offset: bigint | number }[]): Promise<void> {
    this.#checkOpen();
    if (this.#session === undefined) throw new CairnError('INVALID_REQUEST', 'commit() needs the groupId option');
    const checked = offsets?.map((o, i) => {
      checkTopicPartition(o, `commit(): offsets[${i}]`);
      const offset = seekTarget({ offset: o.offset });
      return { topic: o.topic, partition: o.partition, offset: (offset as { offset: bigint }).offset };
    });
    await this.#session.commit(checked);
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
    if (this.#subscribed !== undefined) throw new CairnError('INVALID_REQUEST', 'assign(): the consumer subscribed to a group; use one or the other');
    partitions.forEach((partition, index) => checkTopicPartition(partition, `assign(): partitions[${index}]`));
    const wanted = new Set(partitions.map(({ topic, partition }) => partitionKey(topic, partition)));
    this.#removePartitions(this.assignment().filter(({ topic, partition }) => !wanted.has(partitionKey(topic, partition))));
    const policy = this.options.autoOffsetReset;
    this.#addPartitions(partitions.map((partition) => ({ partition, start: policy === 'none' ? undefined : policy })));
  }

  #removePartitions(partitions: readonly TopicPartition[]): void {
    for (const { topic, partition } of partitions) {
      const key = partitionKey(topic, partition);
      const state = this.#partitions.get(key);
      if (state === undefined) continue;
      this.#drop(state.clear());
      this.#partitions.delete(key);
      this.#errors.delete(state.name);
      if (this.#inHand?.state === state) this.#releaseInHand();
    }
    this.#notify();
  }

  /** New partitions start at `start`; without one, they wait for seek() (autoOffsetReset 'none'). */
  #addPartitions(partitions: readonly { partition: TopicPartition; start: SeekTarget | undefined }[]): void {
    for (const { partition: { topic, partition }, start } of partitions) {
      const key = partitionKey(topic, partition);
      if (this.#partitions.has(key)) continue;
      const state = new PartitionState(topic, partition, start);
      this.#partitions.set(key, state);
      if (start === undefined) {
        state.stopped = new CairnError('OFFSET_OUT_OF_RANGE', `${state.name} has no position and autoOffsetReset is 'none': call seek() first`);
        this.#errors.set(state.name, state.stopped);
      }
    }
    this.#fetcher.schedule();
    this.#notify();
  }

  /** The messages in the application's hands are done with: it asked for more, or their partition went away. */
  #releaseInHand(): void {
    const held = this.#inHand;
    if (held === undefined) return;
    this.#inHand = undefined;
    held.state.processed = held.state.position;
    this.#wakeReleaseWaiters();
  }

  #groupControl(): GroupConsumerControl {
    const offsetsOf = (pick: (state: PartitionState) => bigint | undefined) =>
      [...this.#partitions.values()].flatMap((state) => {
        const offset = pick(state);
        return offset === undefined ? [] : [{ topic: state.topic, partition: state.partition, offset }];
      });
    const states = (partitions: readonly TopicPartition[]) =>
      partitions.map(({ topic, partition }) => this.#partitions.get(partitionKey(topic, partition))).filter((s) => s !== undefined);
    return {
      owned: () => this.assignment(),
      add: (partitions) => this.#addPartitions(partitions),
      remove: (partitions) => this.#removePartitions(partitions),
      holdBack: (partitions) => {
        for (const state of states(partitions)) state.held = true;
      },
      released: async (partitions) => {
        const held = new Set(states(partitions));
        while (this.#inHand !== undefined && held.has(this.#inHand.state) && !this.#closing) {
          await new Promise<void>((resolve) => this.#releaseWaiters.push(resolve));
        }
      },
      processed: () => offsetsOf((state) => state.processed),
      positions: () => offsetsOf((state) => state.position),
      inHandSinceMs: () => this.#inHand?.sinceMs,
      report: (error) => this.#report('group', error),
    };
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
    try {
      for (let batch = await this.#next(1); batch !== undefined; batch = await this.#next(1)) yield batch.messages[0]!;
    } finally {
      this.#releaseInHand(); // leaving the loop is done with the last message too
    }
  }

  /** Stops fetching; readers waiting get undefined (loops end). Idempotent. */
  close(): Promise<void> {
    if (!this.#closing) {
      this.#closing = true;
      this.#notify();
      this.#wakeReleaseWaiters();
      void (async () => {
        await this.#session?.close();
        await this.#fetcher.close();
        for (const state of this.#partitions.values()) this.#drop(state.clear());
        this.#markClosed();
      })();
    }
    return this.closed;
  }

  /** An error for the reader: nextBatch() rejects with it (the newest of a scope replaces the old). */
  #report(scope: string, error: CairnError): void {
    this.#errors.delete(scope); // re-inserted last
    this.#errors.set(scope, error);
    this.#notify();
  }

  #wakeReleaseWaiters(): void {
    const waiters = this.#releaseWaiters;
    this.#releaseWaiters = [];
    for (const wake of waiters) wake();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  async #next(messagesMax: number): Promise<MessageBatch | undefined> {
    this.#releaseInHand();
    this.#session?.onRead();
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
      state !== undefined && state.hasMessages && !state.paused && !state.held && this.#partitions.get(partitionKey(state.topic, state.partition)) === state;
    if (!readable(this.#reading)) {
      // Round robin: the first readable partition after the one read last.
      const states = [...this.#partitions.values()];
      const after = this.#reading === undefined ? -1 : states.indexOf(this.#reading);
      this.#reading = [...states.slice(after + 1), ...states.slice(0, after + 1)].find(readable);
      if (this.#reading === undefined) return undefined;
    }
    const { batch, freedBytes } = this.#reading.take(messagesMax)!;
    this.#inHand = { state: this.#reading, sinceMs: Date.now() };
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
