/**
 * Collects records into one open batch per partition and seals it when it
 * is full (its header and records estimated at batchBytesMax), when it has
 * waited lingerMs, or on flush. Sealed batches go to the sender in the order
 * they were sealed.
 *
 * With lingerMs 0, a batch for a partition with nothing queued or in flight
 * is sealed at the end of the event-loop turn that opened it: waiting buys
 * nothing there. Otherwise it waits Node's shortest timer (about 1 ms), and
 * the records that arrive meanwhile share its request, its Raft entry and
 * its fsyncs instead of paying for their own.
 *
 * A batch sealed by linger or flush still takes records until the sender
 * first sends it (encodes it). While a partition cannot send (its in-flight
 * limit is reached, or it waits for a leader), its records gather in that one
 * batch instead of a queue of small ones that would each cost a request once
 * it can send again.
 */
import { BATCH_HEADER_BYTES } from '../../records/index.js';
import type { RecordInput } from '../../records/index.js';
import { partitionKey } from '../partition-leaders.js';
import { ProducerBatch } from './producer-batch.js';
import type { SendGroup } from './producer-batch.js';

export interface AccumulatorOptions {
  readonly lingerMs: number;
  readonly deliveryTimeoutMs: number;
}

interface OpenBatch {
  readonly batch: ProducerBatch;
  readonly cancelLinger: () => void;
}

export interface AccumulatorHooks {
  /** Each batch when its first record arrives (its delivery clock starts). */
  readonly onCreated: (batch: ProducerBatch) => void;
  /** Each batch when it is complete. */
  readonly onSealed: (batch: ProducerBatch) => void;
  /** Whether the partition has nothing queued or in flight. */
  readonly partitionIdle: (topic: string, partition: number) => boolean;
  /** The batch size for a topic: batchBytesMax, or less once its leader refused batches as too large. */
  readonly batchBytesMaxOf: (topic: string) => number;
}

export class Accumulator {
  readonly #options: AccumulatorOptions;
  readonly #hooks: AccumulatorHooks;
  readonly #open = new Map<string, OpenBatch>();
  /** Per partition, the last batch sealed by linger or flush: appendable until it is sent. */
  readonly #waiting = new Map<string, ProducerBatch>();

  constructor(options: AccumulatorOptions, hooks: AccumulatorHooks) {
    this.#options = options;
    this.#hooks = hooks;
  }

  append(topic: string, partition: number, record: RecordInput, bytes: number, group: SendGroup, index: number): void {
    const key = partitionKey(topic, partition);
    let open = this.#open.get(key);
    // A batch expired while lingering takes no more records.
    const batchBytesMax = this.#hooks.batchBytesMaxOf(topic);
    if (open !== undefined && (open.batch.settled || BATCH_HEADER_BYTES + open.batch.estimatedBytes + bytes > batchBytesMax)) {
      this.#seal(key, open, false);
      open = undefined;
    }
    if (open === undefined) {
      const waiting = this.#waiting.get(key);
      if (waiting !== undefined && this.#takes(waiting, bytes, batchBytesMax)) {
        waiting.append(record, bytes, group, index);
        return;
      }
      this.#waiting.delete(key);
      const batch = new ProducerBatch(topic, partition, Date.now() + this.#options.deliveryTimeoutMs);
      open = { batch, cancelLinger: this.#linger(topic, partition, () => this.#seal(key, open!, true)) };
      this.#open.set(key, open);
      this.#hooks.onCreated(batch);
    }
    open.batch.append(record, bytes, group, index);
    if (BATCH_HEADER_BYTES + open.batch.estimatedBytes >= batchBytesMax) this.#seal(key, open, false);
  }

  /** Seals every open batch now (flush, close). */
  sealAll(): void {
    for (const [key, open] of this.#open) this.#seal(key, open, true);
  }

  #seal(key: string, open: OpenBatch, appendable: boolean): void {
    // Sealed once, by size, linger or flush, whichever comes first.
    if (this.#open.get(key) !== open) return;
    open.cancelLinger();
    this.#open.delete(key);
    if (appendable) {
      const { batch } = open;
      this.#waiting.set(key, batch);
      batch.whenSettled(() => {
        if (this.#waiting.get(key) === batch) this.#waiting.delete(key);
      });
    }
    this.#hooks.onSealed(open.batch);
  }

  /** Runs `seal` when a new batch has lingered long enough; returns how to cancel it. */
  #linger(topic: string, partition: number, seal: () => void): () => void {
    if (this.#options.lingerMs === 0 && this.#hooks.partitionIdle(topic, partition)) {
      const immediate = setImmediate(seal);
      return () => clearImmediate(immediate);
    }
    const timer = setTimeout(seal, this.#options.lingerMs);
    return () => clearTimeout(timer);
  }

  /** Whether a sealed batch can still take a record: not yet sent, not settled, with room. */
  #takes(batch: ProducerBatch, bytes: number, batchBytesMax: number): boolean {
    return !batch.sent && !batch.settled && BATCH_HEADER_BYTES + batch.estimatedBytes + bytes <= batchBytesMax;
  }
}
