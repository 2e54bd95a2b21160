/**
 * A batch of one partition's records, from the first append until it is
 * acknowledged or failed, and the send() calls waiting on its records.
 */
import assert from 'node:assert/strict';
import type { RecordInput } from '../../records/index.js';
import type { CairnError } from '../errors.js';
import { partitionName } from '../partition-leaders.js';

/** Where a sent message landed. Offsets are bigint: they are 64-bit on the wire. */
export interface DeliveryReport {
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
}

/** One send() call: resolves when all its messages are acknowledged, rejects on the first failure. */
export class SendGroup {
  readonly promise: Promise<DeliveryReport[]>;
  readonly #reports: DeliveryReport[];
  #remaining: number;
  #resolve!: (reports: DeliveryReport[]) => void;
  #reject!: (error: CairnError) => void;

  constructor(messagesCount: number) {
    this.#reports = new Array<DeliveryReport>(messagesCount);
    this.#remaining = messagesCount;
    this.promise = new Promise((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
  }

  delivered(index: number, report: DeliveryReport): void {
    this.#reports[index] = report;
    if (--this.#remaining === 0) this.#resolve(this.#reports);
  }

  /** Later failures of the same send() are dropped: a promise settles once. */
  failed(error: CairnError): void {
    this.#reject(error);
  }
}

export class ProducerBatch {
  readonly topic: string;
  readonly partition: number;
  readonly deadlineMs: number;
  /** Kept until the batch settles: a batch the leader refuses as too large is split and encoded again. */
  records: RecordInput[] | undefined = [];
  #groups: SendGroup[] = [];
  #indexes: number[] = [];
  /** Each record's estimated bytes, so a split knows each half's share of the buffer. */
  #recordBytes: number[] = [];
  /** The uncompressed estimate the buffer budget and the size limit count. */
  estimatedBytes = 0;
  /** Set at the first send; a resend is the same bytes, unless an earlier batch's refusal renumbered it or it was split. */
  bytes: Uint8Array | undefined;
  /** -1 until the first send; idempotent producers only. */
  sequence = -1;
  /** Renumbered since its last send: that send's answer may be OUT_OF_ORDER_SEQUENCE, which a resend fixes. */
  renumbered = false;
  /** Sent at least once: it takes no more records. */
  sent = false;
  inFlight = false;
  /** Failed attempts so far, for the backoff. */
  attempts = 0;
  /** UNKNOWN_TOPIC_OR_PARTITION answers so far: retried only a few times. */
  unknownTopicAnswers = 0;
  /** The last attempt went, without a backoff, where a NOT_LEADER hint pointed. */
  followedHint = false;
  lastError: CairnError | undefined;
  #settled = false;
  #onSettled: (() => void)[] = [];

  constructor(topic: string, partition: number, deadlineMs: number) {
    this.topic = topic;
    this.partition = partition;
    this.deadlineMs = deadlineMs;
  }

  get recordsCount(): number {
    return this.#groups.length;
  }

  get settled(): boolean {
    return this.#settled;
  }

  get name(): string {
    return partitionName(this.topic, this.partition);
  }

  append(record: RecordInput, bytes: number, group: SendGroup, index: number): void {
    assert(this.records !== undefined && !this.sent && !this.#settled, 'append to a batch already sent');
    this.records.push(record);
    this.estimatedBytes += bytes;
    this.#recordBytes.push(bytes);
    this.#groups.push(group);
    this.#indexes.push(index);
  }

  /**
   * Moves the second half of the records into a new batch with the same
   * delivery deadline, sequenced right after the half kept (`sequenceModulus`
   * wraps it), so the sequences of later batches stay valid. Both are encoded
   * again when next sent. Undefined for a batch of one record.
   */
  splitOff(sequenceModulus: number): ProducerBatch | undefined {
    const records = this.records;
    if (records === undefined || records.length < 2 || this.#settled) return undefined;
    const kept = Math.ceil(records.length / 2);
    const other = new ProducerBatch(this.topic, this.partition, this.deadlineMs);
    other.records = records.splice(kept);
    other.#groups = this.#groups.splice(kept);
    other.#indexes = this.#indexes.splice(kept);
    other.#recordBytes = this.#recordBytes.splice(kept);
    other.estimatedBytes = other.#recordBytes.reduce((sum, bytes) => sum + bytes, 0);
    this.estimatedBytes -= other.estimatedBytes;
    other.sequence = this.sequence < 0 ? -1 : (this.sequence + kept) % sequenceModulus;
    other.sent = true;
    other.attempts = this.attempts;
    other.lastError = this.lastError;
    this.bytes = undefined;
    return other;
  }

  /**
   * The partition forgot the producer id the batch was sent under (it was
   * refused UNKNOWN_PRODUCER_STATE, so that send wrote nothing): it goes
   * again under a new id, numbered and encoded then, from the records kept.
   */
  forgetSequence(): void {
    assert(!this.inFlight && !this.#settled && this.records !== undefined, `batch of ${this.name} renumbered while in flight or settled`);
    this.sequence = -1;
    this.bytes = undefined;
    this.renumbered = false;
  }

  succeed(baseOffset: bigint): void {
    this.#settle();
    this.#groups.forEach((group, i) => group.delivered(this.#indexes[i]!, { topic: this.topic, partition: this.partition, offset: baseOffset + BigInt(i) }));
  }

  fail(error: CairnError): void {
    this.#settle();
    for (const group of new Set(this.#groups)) group.failed(error);
  }

  /** Runs `callback` once the batch is acknowledged or failed (at once if it is). */
  whenSettled(callback: () => void): void {
    if (this.#settled) callback();
    else this.#onSettled.push(callback);
  }

  #settle(): void {
    assert(!this.#settled, `batch of ${this.name} settled twice`);
    this.#settled = true;
    this.records = undefined;
    this.bytes = undefined;
    for (const callback of this.#onSettled.splice(0)) callback();
  }
}
