/**
 * Idempotent-producer state of one partition: for each producer id, its
 * epoch and its last few batches (sequence range → offsets). The leader
 * checks every incoming batch against it; every replica rebuilds it from the
 * log, so it survives failover.
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
}

export type SequenceCheck =
  | { readonly kind: 'append' }
  | { readonly kind: 'duplicate'; readonly batch: BatchRecord }
  | { readonly kind: 'out-of-order'; readonly expectedSeq: number }
  | { readonly kind: 'fenced'; readonly currentEpoch: number }
  | { readonly kind: 'invalid-epoch'; readonly currentEpoch: number };

export class ProducerTable {
  private readonly producers = new Map<bigint, ProducerEntry>();

  /** What to do with a batch of `count` records from (producerId, epoch) starting at firstSeq. */
  check(producerId: bigint, epoch: number, firstSeq: number): SequenceCheck {
    const entry = this.producers.get(producerId);
    // InitProducer hands out new ids at epoch 0 and never bumps one, so no producer holds a later epoch than
    // the partition knows: one would be a forgery, and accepting it would fence the id's real holder.
    const currentEpoch = entry?.epoch ?? 0;
    if (epoch > currentEpoch) return { kind: 'invalid-epoch', currentEpoch };
    if (entry === undefined) return { kind: 'append' };
    if (epoch < entry.epoch) return { kind: 'fenced', currentEpoch: entry.epoch };
    const duplicate = entry.batches.find((b) => b.firstSeq === firstSeq);
    if (duplicate !== undefined) return { kind: 'duplicate', batch: duplicate };
    const last = entry.batches[entry.batches.length - 1];
    const expectedSeq = last === undefined ? firstSeq : (last.lastSeq + 1) % SEQUENCE_MODULUS;
    return firstSeq === expectedSeq ? { kind: 'append' } : { kind: 'out-of-order', expectedSeq };
  }

  /**
   * Records an appended batch. Idempotent by offset: applying a batch the
   * table already holds (a snapshot taken later than the entries replayed
   * after it) changes nothing.
   */
  record(producerId: bigint, epoch: number, batch: BatchRecord): void {
    assert(batch.lastOffset >= batch.baseOffset, 'batch offsets out of order');
    let entry = this.producers.get(producerId);
    if (entry === undefined || epoch > entry.epoch) {
      entry = { epoch, batches: [] };
      this.producers.set(producerId, entry);
    } else if (epoch < entry.epoch) {
      return;
    }
    const last = entry.batches[entry.batches.length - 1];
    if (last !== undefined && batch.baseOffset <= last.baseOffset) return;
    entry.batches.push(batch);
    if (entry.batches.length > PRODUCER_BATCHES_MAX) entry.batches.shift();
  }

  clone(): ProducerTable {
    const copy = new ProducerTable();
    for (const [id, entry] of this.producers) copy.producers.set(id, { epoch: entry.epoch, batches: [...entry.batches] });
    return copy;
  }

  get size(): number {
    return this.producers.size;
  }

  toJSON(): unknown {
    return [...this.producers].map(([id, e]) => [
      id.toString(),
      e.epoch,
      e.batches.map((b) => [b.firstSeq, b.lastSeq, b.baseOffset.toString(), b.lastOffset.toString()]),
    ]);
  }

  static fromJSON(value: unknown): ProducerTable {
    const table = new ProducerTable();
    assert(Array.isArray(value), 'producer table is not a list');
    for (const [id, epoch, batches] of value as [string, number, [number, number, string, string][]][]) {
      table.producers.set(BigInt(id), {
        epoch,
        batches: batches.map(([firstSeq, lastSeq, base, last]) => ({ firstSeq, lastSeq, baseOffset: BigInt(base), lastOffset: BigInt(last) })),
      });
    }
    return table;
  }
}
