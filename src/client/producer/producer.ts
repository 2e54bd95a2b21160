/**
 * The producer: send() buffers messages into per-partition batches
 * (Accumulator) within a byte budget (ByteBudget), and the Sender delivers
 * them. send() resolves once every message is acknowledged, i.e. committed
 * on a quorum, and rejects only with a CairnError.
 *
 * ```ts
 * const producer = cairn.producer({ lingerMs: 5 });
 * const [report] = await producer.send({ topic: 'orders', messages: [{ key: 'o-1', value: '{"total": 42}' }] });
 * await producer.close();
 * ```
 */
import { BATCH_HEADER_BYTES } from '../../records/index.js';
import type { ClusterClient } from '../cluster-client.js';
import { unboundedAbortController } from '../abort.js';
import { CairnError } from '../errors.js';
import type { ResolvedClientOptions } from '../options.js';
import type { PartitionLeaders } from '../partition-leaders.js';
import { Accumulator } from './accumulator.js';
import { ByteBudget } from './byte-budget.js';
import { prepareMessage } from './messages.js';
import type { PreparedMessage, ProducerRecord } from './messages.js';
import { resolveProducerOptions } from './options.js';
import type { ProducerOptions, ResolvedProducerOptions } from './options.js';
import { Partitioner } from './partitioner.js';
import { SendGroup } from './producer-batch.js';
import type { DeliveryReport } from './producer-batch.js';
import { Sender } from './sender.js';

export class Producer implements AsyncDisposable {
  readonly options: ResolvedProducerOptions;
  readonly #leaders: PartitionLeaders;
  readonly #budget: ByteBudget;
  readonly #partitioner: Partitioner;
  readonly #accumulator: Accumulator;
  readonly #sender: Sender;
  /** Aborted by close(): ends the waits of send(), each of which listens to it. */
  readonly #closing = unboundedAbortController();
  /** send() calls not yet in a batch; settles, never rejects. */
  readonly #appending = new Set<Promise<void>>();
  /** The latest send() to reach its batches; the next one waits for it. */
  #appendTail: Promise<void> = Promise.resolve();
  /** Settles when close() has finished. */
  readonly closed: Promise<void>;
  #markClosed!: () => void;

  /** Use `cairn.producer()`. */
  constructor(client: ClusterClient, leaders: PartitionLeaders, clientOptions: ResolvedClientOptions, options: ProducerOptions = {}) {
    this.options = resolveProducerOptions(options);
    this.closed = new Promise((resolve) => (this.#markClosed = resolve));
    this.#leaders = leaders;
    this.#budget = new ByteBudget(this.options.bufferBytesMax);
    this.#partitioner = new Partitioner(this.options.partitioner);
    this.#sender = new Sender({ client, leaders, partitioner: this.#partitioner, options: this.options, clientOptions });
    this.#accumulator = new Accumulator(this.options, {
      onCreated: (batch) => {
        this.#sender.track(batch);
        batch.whenSettled(() => this.#budget.release(batch.estimatedBytes));
      },
      onSealed: (batch) => this.#sender.enqueue(batch),
      partitionIdle: (topic, partition) => this.#sender.partitionIdle(topic, partition),
    });
  }

  /** Bytes of records buffered or in flight; never more than bufferBytesMax. */
  get bufferedBytes(): number {
    return this.#budget.usedBytes;
  }

  /**
   * Resolves with each message's partition and offset, in message order, once
   * all are acknowledged. Waits up to maxBlockMs for buffer space (and for a
   * just-created topic to appear), then up to deliveryTimeoutMs for the
   * acknowledgement. A rejected send may have delivered its messages on other
   * partitions. Buffers passed in must not change until the promise settles.
   */
  send(record: ProducerRecord): Promise<DeliveryReport[]> {
    // Sends reach their batches in call order, so records of one partition keep the order they were sent
    // in even when an earlier send waits (for metadata or buffer space) and a later one would not.
    const appending = this.#appendTail.then(() => this.#append(record));
    const appended = appending.then(
      () => undefined,
      () => undefined,
    );
    this.#appendTail = appended;
    this.#appending.add(appended);
    void appended.then(() => this.#appending.delete(appended));
    return appending.then((group) => group.promise);
  }

  /** Validates, waits for metadata and buffer space, and hands the messages to their batches. */
  async #append(record: ProducerRecord): Promise<SendGroup> {
    this.#checkOpen();
    const { topic, messages } = record;
    if (typeof topic !== 'string' || topic === '') throw new CairnError('INVALID_REQUEST', 'send(): topic: expected a non-empty string');
    if (!Array.isArray(messages) || messages.length === 0) throw new CairnError('INVALID_REQUEST', 'send(): messages: expected a non-empty array');
    const prepared = messages.map(prepareMessage);
    const totalBytes = this.#checkSizes(prepared);
    const partitionsCount =
      this.#leaders.partitionsCount(topic) ?? (await this.#leaders.partitionsCountOf(topic, this.options.maxBlockMs, this.#closing.signal));
    await this.#checkPartitions(topic, prepared, partitionsCount);
    // Closing rejects the waiters; one granted before that is flushed by close().
    if (!this.#budget.tryAcquire(totalBytes)) await this.#budget.acquire(totalBytes, this.options.maxBlockMs);
    const group = new SendGroup(prepared.length);
    // The count may have grown while waiting; records go to partitions that exist now.
    const count = this.#leaders.partitionsCount(topic) ?? partitionsCount;
    prepared.forEach((message, index) => {
      const partition = message.partition ?? this.#partitioner.partition(topic, message.record.key, count);
      this.#accumulator.append(topic, partition, message.record, message.bytes, group, index);
    });
    return group;
  }

  /**
   * Sends every buffered message now, and those of send() calls still
   * waiting for metadata or buffer space, and waits until each is
   * acknowledged or failed. Never rejects.
   */
  async flush(): Promise<void> {
    // Sealing first lets sends that wait for buffer space go on.
    this.#accumulator.sealAll();
    await Promise.all(this.#appending);
    this.#accumulator.sealAll();
    await Promise.all(this.#sender.unsettled().map((batch) => new Promise<void>((resolve) => batch.whenSettled(resolve))));
  }

  /**
   * Refuses new sends (and sends waiting for buffer space) with
   * CLIENT_CLOSED, flushes, then closes the streams. Bounded by
   * deliveryTimeoutMs. Idempotent.
   */
  close(): Promise<void> {
    if (!this.#closing.signal.aborted) {
      this.#closing.abort();
      this.#budget.close(new CairnError('CLIENT_CLOSED', 'the producer is closing'));
      void this.flush()
        .then(() => this.#sender.close())
        .then(this.#markClosed);
    }
    return this.closed;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  #checkOpen(): void {
    if (this.#closing.signal.aborted) throw new CairnError('CLIENT_CLOSED', 'the producer is closed');
  }

  #checkSizes(prepared: readonly PreparedMessage[]): number {
    let totalBytes = 0;
    prepared.forEach((message, index) => {
      if (BATCH_HEADER_BYTES + message.bytes > this.options.batchBytesMax) {
        throw new CairnError('BATCH_TOO_LARGE', `messages[${index}]: about ${message.bytes} bytes, too large for a batch of batchBytesMax (${this.options.batchBytesMax})`);
      }
      totalBytes += message.bytes;
    });
    if (totalBytes > this.options.bufferBytesMax) {
      throw new CairnError('INVALID_REQUEST', `send(): ${prepared.length} messages of about ${totalBytes} bytes can never fit bufferBytesMax (${this.options.bufferBytesMax}); send them in parts`);
    }
    return totalBytes;
  }

  /** An explicit partition beyond the known count may be new: look once more before refusing it. */
  async #checkPartitions(topic: string, prepared: readonly PreparedMessage[], partitionsCount: number): Promise<void> {
    const highest = prepared.reduce((max, message) => Math.max(max, message.partition ?? -1), -1);
    if (highest < partitionsCount) return;
    await this.#leaders.refresh();
    const count = this.#leaders.partitionsCount(topic) ?? 0;
    if (highest >= count) throw new CairnError('UNKNOWN_TOPIC_OR_PARTITION', `${topic} has ${count} partitions; partition ${highest} does not exist`);
  }
}
