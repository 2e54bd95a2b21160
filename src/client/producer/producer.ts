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
import { loadProducerCodec } from '../codecs.js';
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
import type { DeliveryReport, ProducerBatch } from './producer-batch.js';
import { Sender } from './sender.js';

/** A send() validated and sized, on its way to its batches. */
interface PreparedSend {
  readonly topic: string;
  readonly messages: readonly PreparedMessage[];
  readonly totalBytes: number;
}

export class Producer implements AsyncDisposable {
  readonly options: ResolvedProducerOptions;
  readonly #leaders: PartitionLeaders;
  readonly #budget: ByteBudget;
  readonly #partitioner: Partitioner;
  readonly #accumulator: Accumulator;
  readonly #sender: Sender;
  /** Set by close(): later sends are refused; earlier ones are still delivered. */
  #closing = false;
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
    loadProducerCodec(this.options.compression);
    this.closed = new Promise((resolve) => (this.#markClosed = resolve));
    this.#leaders = leaders;
    this.#budget = new ByteBudget(this.options.bufferBytesMax);
    this.#partitioner = new Partitioner(this.options.partitioner);
    const countInBuffer = (batch: ProducerBatch): void => batch.whenSettled(() => this.#budget.release(batch.estimatedBytes));
    this.#sender = new Sender({ client, leaders, partitioner: this.#partitioner, options: this.options, clientOptions, onSplit: countInBuffer });
    this.#accumulator = new Accumulator(this.options, {
      onCreated: (batch) => {
        this.#sender.track(batch);
        countInBuffer(batch);
      },
      onSealed: (batch) => this.#sender.enqueue(batch),
      partitionIdle: (topic, partition) => this.#sender.partitionIdle(topic, partition),
      batchBytesMaxOf: (topic) => this.#sender.batchBytesMaxOf(topic),
    });
  }

  /** Bytes of sends not yet settled: buffered, in flight, or on their way into a batch; never more than bufferBytesMax. */
  get bufferedBytes(): number {
    return this.#budget.usedBytes;
  }

  /**
   * Resolves with each message's partition and offset, in message order, once
   * all are acknowledged. Waits up to maxBlockMs from this call for buffer
   * space (and for a just-created topic to appear), then up to
   * deliveryTimeoutMs for the acknowledgement: it settles within
   * maxBlockMs + deliveryTimeoutMs. A rejected send may have delivered its
   * messages on other partitions. Buffers passed in must not change until
   * the promise settles.
   */
  send(record: ProducerRecord): Promise<DeliveryReport[]> {
    let prepared: PreparedSend;
    try {
      this.#checkOpen();
      prepared = this.#prepare(record);
    } catch (error) {
      return Promise.reject(error as CairnError); // #checkOpen and #prepare throw only CairnError
    }
    return this.#send(prepared);
  }

  /**
   * Sends to several topics in one call (kafkajs's sendBatch): every record
   * is checked before any is sent, then each is sent as by send(), in order,
   * so their messages share batches and requests. Resolves with every
   * message's report, record after record; rejects with the first record's
   * failure, when other records may have been delivered (Cairn has no
   * transactions).
   */
  async sendBatch(records: readonly ProducerRecord[]): Promise<DeliveryReport[]> {
    this.#checkOpen();
    if (!Array.isArray(records) || records.length === 0) throw new CairnError('INVALID_REQUEST', 'sendBatch(): expected a non-empty array of { topic, messages }');
    const prepared = records.map((record, index) => {
      try {
        return this.#prepare(record);
      } catch (error) {
        const refused = error as CairnError;
        throw new CairnError(refused.code, `sendBatch(): records[${index}]: ${refused.message}`, { cause: refused });
      }
    });
    const settled = await Promise.allSettled(prepared.map((send) => this.#send(send)));
    const failed = settled.find((result) => result.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
    return settled.flatMap((result) => (result as PromiseFulfilledResult<DeliveryReport[]>).value);
  }

  #send(prepared: PreparedSend): Promise<DeliveryReport[]> {
    const blockDeadlineMs = Date.now() + this.options.maxBlockMs;
    // Refused now rather than after the sends before it: a refused send holds no memory.
    const refused = this.#budget.refusal(prepared.totalBytes);
    if (refused !== undefined) return Promise.reject(refused);
    // The bytes count from now, in call order, whatever the send waits for next.
    const reserved = this.#budget.acquire(prepared.totalBytes, this.options.maxBlockMs);
    reserved.catch(() => undefined); // awaited in #append, which may fail before it gets there
    // Sends reach their batches in call order, so records of one partition keep the order they were sent
    // in even when an earlier send waits (for metadata or buffer space) and a later one would not.
    const appending = this.#appendTail.then(() => this.#append(prepared, reserved, blockDeadlineMs));
    const appended = appending.then(
      () => undefined,
      () => undefined,
    );
    this.#appendTail = appended;
    this.#appending.add(appended);
    void appended.then(() => this.#appending.delete(appended));
    return appending.then((group) => group.promise);
  }

  /** Validates the record and sizes its messages; throws a CairnError. */
  #prepare(record: ProducerRecord): PreparedSend {
    const { topic, messages } = (record ?? {}) as Partial<ProducerRecord>;
    if (typeof topic !== 'string' || topic === '') throw new CairnError('INVALID_REQUEST', 'send(): topic: expected a non-empty string');
    if (!Array.isArray(messages) || messages.length === 0) throw new CairnError('INVALID_REQUEST', 'send(): messages: expected a non-empty array');
    const prepared = messages.map(prepareMessage);
    return { topic, messages: prepared, totalBytes: this.#checkSizes(prepared) };
  }

  /** Waits for metadata and for the reserved buffer space, and hands the messages to their batches. */
  async #append(send: PreparedSend, reserved: Promise<void>, blockDeadlineMs: number): Promise<SendGroup> {
    const { topic, messages, totalBytes } = send;
    let granted = false;
    try {
      const partitionsCount = this.#leaders.partitionsCount(topic) ?? (await this.#leaders.partitionsCountOf(topic, blockDeadlineMs));
      await this.#checkPartitions(topic, messages, partitionsCount);
      await reserved;
      granted = true;
      const group = new SendGroup(messages.length);
      // The count may have grown while waiting; records go to partitions that exist now.
      const count = this.#leaders.partitionsCount(topic) ?? partitionsCount;
      messages.forEach((message, index) => {
        const partition = message.partition ?? this.#partitioner.partition(topic, message.record.key, count);
        this.#accumulator.append(topic, partition, message.record, message.bytes, group, index);
      });
      return group;
    } catch (error) {
      // Bytes granted (or still to be) to a send that never reached a batch go back at once.
      if (granted) this.#budget.release(totalBytes);
      else void reserved.then(() => this.#budget.release(totalBytes), () => undefined);
      throw error;
    }
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
   * Refuses new sends with CLIENT_CLOSED, flushes every send made before
   * it (those still waiting for metadata or buffer space too), then closes
   * the streams. Bounded by maxBlockMs + deliveryTimeoutMs. Idempotent.
   */
  close(): Promise<void> {
    if (!this.#closing) {
      this.#closing = true;
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
    if (this.#closing) throw new CairnError('CLIENT_CLOSED', 'the producer is closed');
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
