/**
 * One partition's sealed batches on their way to the leader: the queue of
 * batches never sent, the unacknowledged ones in sequence order, and the
 * recovery rule that makes retries exactly-once for an idempotent producer:
 * after a retriable error, nothing more is sent until every request of the
 * partition has been answered; then the unacknowledged batches are resent,
 * same bytes and sequences, in order, before any new one.
 */
import assert from 'node:assert/strict';
import type { ProducerBatch } from './producer-batch.js';
import { IDEMPOTENT_IN_FLIGHT_MAX } from './options.js';

/** Sequences are int32 and wrap to 0 after 2^31 − 1, as Kafka's. */
export const SEQUENCE_MODULUS = 2 ** 31;

export class PartitionPipeline {
  readonly topic: string;
  readonly partition: number;
  /** Sealed, never sent, in seal order. */
  readonly #ready: ProducerBatch[] = [];
  /** Sent at least once, not yet acknowledged or failed, in sequence order; some are in flight. */
  readonly unacked: ProducerBatch[] = [];
  nextSequence = 0;
  inFlightCount = 0;
  #recovering = false;
  #retryAtMs = 0;

  constructor(topic: string, partition: number) {
    this.topic = topic;
    this.partition = partition;
  }

  get idle(): boolean {
    return this.#ready.length === 0 && this.unacked.length === 0;
  }

  /** Whether a batch is queued, in flight, or waiting to be resent (settled ones may linger until the next peek). */
  get busy(): boolean {
    return this.#ready.some((batch) => !batch.settled) || this.unacked.some((batch) => batch.inFlight || !batch.settled);
  }

  /** When a partition waiting for a retry may send again; 0 when it is not waiting. */
  get retryAtMs(): number {
    return this.#recovering ? this.#retryAtMs : 0;
  }

  enqueue(batch: ProducerBatch): void {
    this.#ready.push(batch);
  }

  /** Batches sealed but never sent, for flush and close. */
  queued(): readonly ProducerBatch[] {
    return this.#ready;
  }

  /**
   * The batch to send next, without taking it: a resend first, then a new
   * batch if `freshAllowed`. Undefined while recovering or nothing is due.
   */
  peek(nowMs: number, freshAllowed: boolean): ProducerBatch | undefined {
    while (this.#ready[0]?.settled === true) this.#ready.shift(); // expired before it was ever sent
    this.#dropSettled();
    if (this.#recovering) {
      if (this.inFlightCount > 0 || nowMs < this.#retryAtMs) return undefined;
      this.#recovering = false;
    }
    const resend = this.unacked.find((batch) => !batch.inFlight);
    if (resend !== undefined) return resend;
    if (!freshAllowed || this.unacked.length >= IDEMPOTENT_IN_FLIGHT_MAX) return undefined;
    return this.#ready[0];
  }

  /** Marks the batch `peek` returned as sent; a new batch gets the next sequence when `sequenced`. */
  take(batch: ProducerBatch, sequenced: boolean): void {
    if (batch.sequence < 0 && !this.unacked.includes(batch)) {
      assert(this.#ready[0] === batch, 'take() must get what peek() returned');
      this.#ready.shift();
      if (sequenced) {
        batch.sequence = this.nextSequence;
        this.nextSequence = (this.nextSequence + batch.recordsCount) % SEQUENCE_MODULUS;
      }
      this.unacked.push(batch);
    }
    batch.sent = true;
    batch.inFlight = true;
    batch.renumbered = false;
    this.inFlightCount++;
  }

  /** An answer (or a failed request) arrived for a batch that was in flight. */
  answered(batch: ProducerBatch): void {
    assert(batch.inFlight && this.inFlightCount > 0, `answer for a batch of ${batch.name} that is not in flight`);
    batch.inFlight = false;
    this.inFlightCount--;
    this.#dropSettled();
  }

  /** A retriable failure: hold the partition until its requests are answered and `retryAtMs` has passed. */
  recover(retryAtMs: number): void {
    this.#retryAtMs = this.#recovering ? Math.max(this.#retryAtMs, retryAtMs) : retryAtMs;
    this.#recovering = true;
  }

  /** Unacknowledged batches sent before `batch`, still waiting for an outcome. */
  hasEarlierUnsettled(batch: ProducerBatch): boolean {
    for (const other of this.unacked) {
      if (other === batch) return false;
      if (!other.settled) return true;
    }
    return false;
  }

  /** `second` was split off `first` (ProducerBatch.splitOff): it is resent right after it. */
  insertAfter(first: ProducerBatch, second: ProducerBatch): void {
    const index = this.unacked.indexOf(first);
    assert(index >= 0, `split of a batch of ${first.name} that was never sent`);
    this.unacked.splice(index + 1, 0, second);
  }

  /** Unacknowledged batches sent after `batch`. */
  laterThan(batch: ProducerBatch): ProducerBatch[] {
    return this.unacked.slice(this.unacked.indexOf(batch) + 1);
  }

  /**
   * `refused` was refused for its own bytes, before its sequence counted:
   * the unresolved batches after it move down into its sequences, so they
   * can be written without a gap. Returns them; their bytes are the caller's.
   */
  closeGap(refused: ProducerBatch): ProducerBatch[] {
    const later = this.laterThan(refused).filter((batch) => !batch.settled);
    const shift = (sequence: number): number => (sequence - refused.recordsCount + SEQUENCE_MODULUS) % SEQUENCE_MODULUS;
    for (const batch of later) {
      batch.sequence = shift(batch.sequence);
      batch.renumbered = true;
    }
    this.nextSequence = shift(this.nextSequence);
    return later;
  }

  /**
   * The partition forgot the producer id (UNKNOWN_PRODUCER_STATE for
   * `refused`, the first unresolved batch): it and the unresolved batches
   * after it that are not in flight go back before the batches never sent,
   * in order, to be numbered afresh under the next producer id. Those in
   * flight follow when answered the same. Acknowledged batches are never
   * sent again.
   */
  requeueForNewId(refused: ProducerBatch): void {
    assert(!this.hasEarlierUnsettled(refused), `batch of ${refused.name} requeued behind unresolved ones`);
    const requeued = this.unacked.slice(this.unacked.indexOf(refused)).filter((batch) => !batch.settled && !batch.inFlight);
    for (const batch of requeued) {
      this.unacked.splice(this.unacked.indexOf(batch), 1);
      batch.forgetSequence();
    }
    const firstNeverSent = this.#ready.findIndex((batch) => !batch.sent);
    this.#ready.splice(firstNeverSent < 0 ? this.#ready.length : firstNeverSent, 0, ...requeued);
  }

  /** A new producer id or epoch: sequences start again at 0. */
  resetSequences(): void {
    assert(this.unacked.every((batch) => batch.settled), 'sequences reset while batches are unresolved');
    this.nextSequence = 0;
  }

  /** Acknowledged and failed batches leave once no request for them is outstanding. */
  #dropSettled(): void {
    for (let i = this.unacked.length - 1; i >= 0; i--) {
      const batch = this.unacked[i]!;
      if (batch.settled && !batch.inFlight) this.unacked.splice(i, 1);
    }
  }
}
