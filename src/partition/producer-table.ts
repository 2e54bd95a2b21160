/**
 * Idempotent-producer state of one partition: for each producer id, its
 * epoch, its last few batches (sequence range → offsets) and when its last
 * batch was seen. The leader checks every incoming batch against it; every
 * replica rebuilds it from the log, so it survives failover.
 *
 * A producer silent for longer than the topic's producer.id.expiration.ms is
 * forgotten (Kafka's KIP-854), so the table holds the producers of the last
 * window, not every producer ever seen. "When" is the log's clock (the newest
 * batch timestamp applied, never a replica's own clock), so every replica
 * forgets the same producer at the same entry. That clock only moves
 * forward, so producers ordered by their last batch are ordered by the time
 * they were last seen: expiry takes them from the front, O(expired).
 */
import { assert } from '../raft/assert.js';

/** Batches remembered per producer: a retry of any of them gets its original offsets. */
export const PRODUCER_BATCHES_MAX = 5;
const SEQUENCE_MODULUS = 2 ** 31;

export interface BatchRecord {
  readonly firstSeq: number;
  readonly lastSeq: number;
  readonly baseOffset: bigint;
  readonly lastOffset: bigint;
}

interface ProducerEntry {
  epoch: number;
  /** Oldest first. */
  batches: BatchRecord[];
  /** The log's clock (ms) when this producer's last batch was recorded: its expiry counts from here. */
  lastSeenMs: number;
}

export type SequenceCheck =
  | { readonly kind: 'append' }
  | { readonly kind: 'duplicate'; readonly batch: BatchRecord }
  | { readonly kind: 'out-of-order'; readonly expectedSeq: number }
  | { readonly kind: 'fenced'; readonly currentEpoch: number }
  | { readonly kind: 'invalid-epoch'; readonly currentEpoch: number }
  /** A sequence other than 0 from a producer the partition holds no state for: expired, or its first batch is not written yet. */
  | { readonly kind: 'unknown-producer' };

export class ProducerTable {
  /** In the order of lastSeenMs, oldest first: a Map keeps insertion order, and record() moves its producer to the end. */
  private readonly producers = new Map<bigint, ProducerEntry>();
  /** The latest lastSeenMs recorded: later records may not go back before it, which keeps the order above. */
  private newestSeenMs = Number.NEGATIVE_INFINITY;

  /** What to do with a batch of `count` records from (producerId, epoch) starting at firstSeq. */
  check(producerId: bigint, epoch: number, firstSeq: number): SequenceCheck {
    const entry = this.producers.get(producerId);
    // InitProducer hands out new ids at epoch 0 and never bumps one, so no producer holds a later epoch than
    // the partition knows: one would be a forgery, and accepting it would fence the id's real holder.
    const currentEpoch = entry?.epoch ?? 0;
    if (epoch > currentEpoch) return { kind: 'invalid-epoch', currentEpoch };
    // Only a producer's first batch starts at 0: any later one means the partition lost its state (Kafka's UNKNOWN_PRODUCER_ID).
    if (entry === undefined) return firstSeq === 0 ? { kind: 'append' } : { kind: 'unknown-producer' };
    if (epoch < entry.epoch) return { kind: 'fenced', currentEpoch: entry.epoch };
    const duplicate = entry.batches.find((b) => b.firstSeq === firstSeq);
    if (duplicate !== undefined) return { kind: 'duplicate', batch: duplicate };
    const last = entry.batches[entry.batches.length - 1];
    const expectedSeq = last === undefined ? firstSeq : (last.lastSeq + 1) % SEQUENCE_MODULUS;
    return firstSeq === expectedSeq ? { kind: 'append' } : { kind: 'out-of-order', expectedSeq };
  }

  /**
   * Records an appended batch, seen at `seenMs` of the log's clock (never
   * before an earlier record's). Idempotent by offset: applying a batch the
   * table already holds (a snapshot taken later than the entries replayed
   * after it) changes nothing, its time included.
   */
  record(producerId: bigint, epoch: number, batch: BatchRecord, seenMs: number): void {
    assert(batch.lastOffset >= batch.baseOffset, 'batch offsets out of order');
    assert(seenMs >= this.newestSeenMs, `producer ${producerId} seen at ${seenMs} ms, before the table's newest time ${this.newestSeenMs} ms`);
    let entry = this.producers.get(producerId);
    if (entry === undefined || epoch > entry.epoch) {
      entry = { epoch, batches: [], lastSeenMs: seenMs };
    } else if (epoch < entry.epoch) {
      return;
    }
    const last = entry.batches[entry.batches.length - 1];
    if (last !== undefined && batch.baseOffset <= last.baseOffset) return;
    entry.batches.push(batch);
    if (entry.batches.length > PRODUCER_BATCHES_MAX) entry.batches.shift();
    entry.lastSeenMs = seenMs;
    this.newestSeenMs = seenMs;
    // To the end of the order: delete first, as set() on a present key keeps its place.
    this.producers.delete(producerId);
    this.producers.set(producerId, entry);
  }

  /**
   * Forgets every producer whose last batch was seen before `cutoffMs`
   * (the log's clock less producer.id.expiration.ms); returns how many.
   * Stops at the first producer seen since: O(forgotten).
   */
  expireBefore(cutoffMs: number): number {
    let forgotten = 0;
    // Deleting the entry being visited is safe in a Map's iteration.
    for (const [id, entry] of this.producers) {
      if (entry.lastSeenMs >= cutoffMs) break;
      this.producers.delete(id);
      forgotten++;
    }
    return forgotten;
  }

  clone(): ProducerTable {
    const copy = new ProducerTable();
    for (const [id, entry] of this.producers) copy.producers.set(id, { ...entry, batches: [...entry.batches] });
    copy.newestSeenMs = this.newestSeenMs;
    return copy;
  }

  get size(): number {
    return this.producers.size;
  }

  /** Oldest first, each producer with the time it was last seen. */
  toJSON(): unknown {
    return [...this.producers].map(([id, e]) => [
      id.toString(),
      e.epoch,
      e.batches.map((b) => [b.firstSeq, b.lastSeq, b.baseOffset.toString(), b.lastOffset.toString()]),
      e.lastSeenMs,
    ]);
  }

  /**
   * The table toJSON() wrote. A table written before producers expired
   * carries no times: its producers count as seen at `unstampedSeenMs`
   * (the log's clock of the snapshot), so they expire a window after it.
   */
  static fromJSON(value: unknown, unstampedSeenMs = 0): ProducerTable {
    const table = new ProducerTable();
    assert(Array.isArray(value), 'producer table is not a list');
    for (const [id, epoch, batches, lastSeenMs] of value as [string, number, [number, number, string, string][], number?][]) {
      const seenMs = lastSeenMs ?? unstampedSeenMs;
      assert(seenMs >= table.newestSeenMs, `producer table out of order: producer ${id} seen at ${seenMs} ms after one seen at ${table.newestSeenMs} ms`);
      table.newestSeenMs = seenMs;
      table.producers.set(BigInt(id), {
        epoch,
        batches: batches.map(([firstSeq, lastSeq, base, last]) => ({ firstSeq, lastSeq, baseOffset: BigInt(base), lastOffset: BigInt(last) })),
        lastSeenMs: seenMs,
      });
    }
    return table;
  }
}
