import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BatchRecord, SequenceCheck } from '../../../src/partition/producer-table.js';
import { PRODUCER_BATCHES_MAX, ProducerTable } from '../../../src/partition/producer-table.js';

const P = 7n;
const SEQUENCE_MODULUS = 2 ** 31;

/** The record of a batch of `count` records from firstSeq, at baseOffset. */
function batchAt(firstSeq: number, count: number, baseOffset: bigint): BatchRecord {
  return { firstSeq, lastSeq: firstSeq + count - 1, baseOffset, lastOffset: baseOffset + BigInt(count - 1) };
}

/** A table where producer P (epoch 0) wrote `counts.length` batches back to back from sequence 0 and offset 100. */
function tableWith(counts: readonly number[], epoch = 0): { table: ProducerTable; batches: BatchRecord[] } {
  const table = new ProducerTable();
  const batches: BatchRecord[] = [];
  let seq = 0;
  let offset = 100n;
  for (const count of counts) {
    const batch = batchAt(seq, count, offset);
    table.record(P, epoch, batch, 0);
    batches.push(batch);
    seq += count;
    offset += BigInt(count);
  }
  return { table, batches };
}

const roundTrip = (table: ProducerTable): ProducerTable => ProducerTable.fromJSON(JSON.parse(JSON.stringify(table)));

describe('ProducerTable.check', () => {
  it('lets a producer it holds no state for start at sequence 0 only: any later sequence is unknown-producer (forgotten, or its first batch not written)', () => {
    const table = new ProducerTable();
    expect(table.check(P, 0, 0)).toEqual({ kind: 'append' });
    expect(table.check(P, 0, 17)).toEqual({ kind: 'unknown-producer' });
    expect(table.check(P, 0, SEQUENCE_MODULUS - 1)).toEqual({ kind: 'unknown-producer' });
  });

  it('expects the sequence after the last batch and calls any other new sequence out of order', () => {
    const { table } = tableWith([3]);
    expect(table.check(P, 0, 3)).toEqual({ kind: 'append' });
    expect(table.check(P, 0, 4)).toEqual({ kind: 'out-of-order', expectedSeq: 3 });
    // Inside the remembered batch but not its first sequence: not a retry of it.
    expect(table.check(P, 0, 1)).toEqual({ kind: 'out-of-order', expectedSeq: 3 });
  });

  it('answers a retry of a remembered batch with that batch and its offsets', () => {
    const { table } = tableWith([3, 2]);
    expect(table.check(P, 0, 0)).toEqual({ kind: 'duplicate', batch: { firstSeq: 0, lastSeq: 2, baseOffset: 100n, lastOffset: 102n } });
    expect(table.check(P, 0, 3)).toEqual({ kind: 'duplicate', batch: { firstSeq: 3, lastSeq: 4, baseOffset: 103n, lastOffset: 104n } });
  });

  it('fences an epoch older than the producer’s current one', () => {
    const { table } = tableWith([1], 2);
    expect(table.check(P, 1, 1)).toEqual({ kind: 'fenced', currentEpoch: 2 });
    expect(table.check(P, 1, 0)).toEqual({ kind: 'fenced', currentEpoch: 2 });
  });

  it('refuses an epoch above the one the partition knows: none was issued, and it would fence the real producer', () => {
    const { table } = tableWith([5]);
    expect(table.check(P, 1, 0)).toEqual({ kind: 'invalid-epoch', currentEpoch: 0 });
    expect(table.check(P, 32_767, 0)).toEqual({ kind: 'invalid-epoch', currentEpoch: 0 });
    expect(table.check(P, 0, 5)).toEqual({ kind: 'append' });
    expect(table.check(99n, 1, 0)).toEqual({ kind: 'invalid-epoch', currentEpoch: 0 });
    expect(table.check(99n, 0, 0)).toEqual({ kind: 'append' });
  });

  it('accepts the epoch a committed batch carried (a log written before epochs were checked), fencing older ones', () => {
    const { table } = tableWith([5]);
    table.record(P, 1, batchAt(0, 1, 105n), 0);
    expect(table.check(P, 1, 1)).toEqual({ kind: 'append' });
    expect(table.check(P, 0, 5)).toEqual({ kind: 'fenced', currentEpoch: 1 });
    expect(table.check(P, 2, 0)).toEqual({ kind: 'invalid-epoch', currentEpoch: 1 });
  });

  it(`remembers only the last ${PRODUCER_BATCHES_MAX} batches of a producer`, () => {
    const { table, batches } = tableWith(Array.from({ length: PRODUCER_BATCHES_MAX + 1 }, () => 1));
    expect(table.check(P, 0, 0)).toEqual({ kind: 'out-of-order', expectedSeq: PRODUCER_BATCHES_MAX + 1 });
    for (const batch of batches.slice(1)) expect(table.check(P, 0, batch.firstSeq)).toEqual({ kind: 'duplicate', batch });
  });

  it('wraps the expected sequence at 2^31', () => {
    const table = new ProducerTable();
    table.record(P, 0, batchAt(SEQUENCE_MODULUS - 2, 3, 0n), 0); // sequences 2^31-2, 2^31-1, 0
    expect(table.check(P, 0, 1)).toEqual({ kind: 'append' });
    expect(table.check(P, 0, SEQUENCE_MODULUS + 1)).toEqual({ kind: 'out-of-order', expectedSeq: 1 });
    table.record(P, 0, batchAt(1, 1, 3n), 0);
    expect(table.check(P, 0, 2)).toEqual({ kind: 'append' });
  });

  it('keeps producers apart', () => {
    const { table } = tableWith([2]);
    expect(table.check(P + 1n, 0, 0)).toEqual({ kind: 'append' });
    expect(table.size).toBe(1);
  });
});

describe('ProducerTable.record', () => {
  it('changes nothing when given a batch at or below the producer’s last offset (a replay after a later snapshot)', () => {
    const { table, batches } = tableWith([2, 1, 3]);
    const before = JSON.stringify(table);
    for (const batch of batches) table.record(P, 0, batch, 0);
    table.record(P, 0, batchAt(6, 1, batches[2]!.baseOffset), 0);
    expect(JSON.stringify(table)).toBe(before);
  });

  it('ignores a batch of an epoch older than the producer’s current one', () => {
    const { table } = tableWith([1], 1);
    const before = JSON.stringify(table);
    table.record(P, 0, batchAt(1, 1, 500n), 0);
    expect(JSON.stringify(table)).toBe(before);
  });

  it('starts afresh at a newer epoch, forgetting the older epoch’s batches', () => {
    const { table } = tableWith([1, 1]);
    table.record(P, 1, batchAt(0, 4, 200n), 0);
    expect(table.toJSON()).toEqual([['7', 1, [[0, 3, '200', '203']], 0]]);
  });

  it('refuses a batch whose offsets run backwards', () => {
    expect(() => new ProducerTable().record(P, 0, { firstSeq: 0, lastSeq: 0, baseOffset: 5n, lastOffset: 4n }, 0)).toThrow('batch offsets out of order');
  });
});

describe('ProducerTable copies', () => {
  it('round-trips through JSON, 64-bit ids and offsets included', () => {
    const table = new ProducerTable();
    const big = 2n ** 62n + 1n;
    table.record(big, 3, batchAt(10, 2, 2n ** 60n), 0);
    table.record(P, 0, batchAt(0, 1, 0n), 0);
    const copy = roundTrip(table);
    expect(copy.toJSON()).toEqual(table.toJSON());
    expect(copy.toJSON()).toEqual([
      [big.toString(), 3, [[10, 11, (2n ** 60n).toString(), (2n ** 60n + 1n).toString()]], 0],
      ['7', 0, [[0, 0, '0', '0']], 0],
    ]);
    expect(copy.check(big, 3, 10)).toEqual({ kind: 'duplicate', batch: batchAt(10, 2, 2n ** 60n) });
    expect(copy.check(big, 3, 12)).toEqual({ kind: 'append' });
  });

  it('refuses JSON that is not a list of producers', () => {
    expect(() => ProducerTable.fromJSON({ producers: [] })).toThrow('producer table is not a list');
  });

  it('clones into an independent table', () => {
    const { table } = tableWith([1]);
    const clone = table.clone();
    clone.record(P, 0, batchAt(1, 1, 101n), 0);
    clone.record(P + 1n, 0, batchAt(0, 1, 102n), 0);
    expect(table.check(P, 0, 1)).toEqual({ kind: 'append' });
    expect(table.size).toBe(1);
    expect(clone.size).toBe(2);
  });
});

/** The naive twin: every batch ever recorded per producer epoch, the window taken at check time; expiry scans every producer. */
class NaiveProducerTable {
  private readonly producers = new Map<bigint, { epoch: number; history: BatchRecord[]; lastSeenMs: number }>();

  check(id: bigint, epoch: number, firstSeq: number): SequenceCheck {
    const producer = this.producers.get(id);
    if (epoch > (producer?.epoch ?? 0)) return { kind: 'invalid-epoch', currentEpoch: producer?.epoch ?? 0 };
    if (producer === undefined) return firstSeq === 0 ? { kind: 'append' } : { kind: 'unknown-producer' };
    if (epoch < producer.epoch) return { kind: 'fenced', currentEpoch: producer.epoch };
    const remembered = producer.history.slice(-PRODUCER_BATCHES_MAX);
    const duplicate = remembered.find((b) => b.firstSeq === firstSeq);
    if (duplicate !== undefined) return { kind: 'duplicate', batch: duplicate };
    const expectedSeq = this.nextSeq(id);
    return firstSeq === expectedSeq ? { kind: 'append' } : { kind: 'out-of-order', expectedSeq };
  }

  /** Called only for batches check() accepted. */
  record(id: bigint, epoch: number, batch: BatchRecord, seenMs: number): void {
    const producer = this.producers.get(id);
    if (producer === undefined || epoch > producer.epoch) this.producers.set(id, { epoch, history: [batch], lastSeenMs: seenMs });
    else {
      producer.history.push(batch);
      producer.lastSeenMs = seenMs;
    }
  }

  expireBefore(cutoffMs: number): number {
    const expired = [...this.producers].filter(([, producer]) => producer.lastSeenMs < cutoffMs);
    for (const [id] of expired) this.producers.delete(id);
    return expired.length;
  }

  ids(): bigint[] {
    return [...this.producers.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  epoch(id: bigint): number | undefined {
    return this.producers.get(id)?.epoch;
  }

  /** The sequence a well-behaved producer sends next in its current epoch. */
  nextSeq(id: bigint): number {
    const last = this.producers.get(id)?.history.at(-1);
    return last === undefined ? 0 : (last.lastSeq + 1) % SEQUENCE_MODULUS;
  }

  /** A firstSeq the producer sent in its current epoch, picked by `pick`. */
  sentSeq(id: bigint, pick: number): number | undefined {
    const history = this.producers.get(id)?.history ?? [];
    return history[pick % Math.max(history.length, 1)]?.firstSeq;
  }
}

type SeqChoice = 'next' | 'retry' | 'near-wrap' | number;

/** The model test's producer.id.expiration.ms: operations move the clock 0–30 ms, so producers come and go. */
const MODEL_EXPIRATION_MS = 50;

const operation = fc.record({
  producer: fc.integer({ min: 1, max: 4 }).map(BigInt),
  epochStep: fc.constantFrom(-1, 0, 0, 0, 0, 1),
  seq: fc.oneof(
    { weight: 4, arbitrary: fc.constant<SeqChoice>('next') },
    { weight: 2, arbitrary: fc.constant<SeqChoice>('retry') },
    { weight: 1, arbitrary: fc.constant<SeqChoice>('near-wrap') },
    { weight: 1, arbitrary: fc.nat(40) },
  ),
  pick: fc.nat(),
  count: fc.integer({ min: 1, max: 4 }),
  advanceMs: fc.nat(30),
});

const ids = (table: ProducerTable): bigint[] =>
  (table.toJSON() as [string][]).map(([id]) => BigInt(id)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

describe('ProducerTable against a naive model', () => {
  it('gives the same answer to every check and forgets the same producers as time passes; a replay of what it still holds onto its final snapshot changes nothing', () => {
    fc.assert(
      fc.property(fc.array(operation, { minLength: 20, maxLength: 120 }), fc.nat(), (operations, replayFrom) => {
        const table = new ProducerTable();
        const model = new NaiveProducerTable();
        const recorded: [bigint, number, BatchRecord][] = [];
        let nextOffset = 0n;
        let nowMs = 0;
        for (const { producer, epochStep, seq, pick, count, advanceMs } of operations) {
          nowMs += advanceMs;
          expect(table.expireBefore(nowMs - MODEL_EXPIRATION_MS)).toBe(model.expireBefore(nowMs - MODEL_EXPIRATION_MS));
          expect(ids(table)).toEqual(model.ids());
          const epoch = Math.max(0, (model.epoch(producer) ?? 0) + epochStep);
          const firstSeq =
            seq === 'next'
              ? epochStep > 0 ? 0 : model.nextSeq(producer)
              : seq === 'retry'
                ? (model.sentSeq(producer, pick) ?? 0)
                : seq === 'near-wrap'
                  ? SEQUENCE_MODULUS - 2
                  : seq;
          const check = table.check(producer, epoch, firstSeq);
          expect(check).toEqual(model.check(producer, epoch, firstSeq));
          if (check.kind !== 'append') continue;
          const batch = batchAt(firstSeq, count, nextOffset);
          nextOffset += BigInt(count);
          table.record(producer, epoch, batch, nowMs);
          model.record(producer, epoch, batch, nowMs);
          recorded.push([producer, epoch, batch]);
        }
        const restored = roundTrip(table);
        expect(restored.toJSON()).toEqual(table.toJSON());
        const held = new Set(ids(table));
        for (const [producer, epoch, batch] of recorded.slice(replayFrom % (recorded.length + 1))) {
          if (held.has(producer)) restored.record(producer, epoch, batch, nowMs);
        }
        expect(restored.toJSON()).toEqual(table.toJSON());
      }),
    );
  });
});

describe('ProducerTable expiry', () => {
  it('forgets a producer whose last batch was seen before the cutoff, keeps one seen at or after it, and a later batch moves a producer to the back', () => {
    const table = new ProducerTable();
    table.record(1n, 0, batchAt(0, 1, 0n), 100);
    table.record(2n, 0, batchAt(0, 1, 1n), 200);
    table.record(1n, 0, batchAt(1, 1, 2n), 300);
    expect(table.expireBefore(200)).toBe(0);
    expect(table.expireBefore(201)).toBe(1);
    expect(table.check(2n, 0, 1)).toEqual({ kind: 'unknown-producer' });
    expect(table.check(1n, 0, 2)).toEqual({ kind: 'append' });
    expect(table.expireBefore(301)).toBe(1);
    expect(table.size).toBe(0);
  });

  it('keeps a producer whose batch is refused as a replay (a stale epoch, or an offset it holds) at the time it was last written', () => {
    const table = new ProducerTable();
    table.record(P, 1, batchAt(0, 1, 10n), 100);
    table.record(P, 0, batchAt(5, 1, 11n), 500);
    table.record(P, 1, batchAt(0, 1, 10n), 500);
    expect(table.toJSON()).toEqual([['7', 1, [[0, 0, '10', '10']], 100]]);
    expect(table.expireBefore(101)).toBe(1);
  });

  it('refuses a batch seen before the newest one recorded: the order expiry reads from would break', () => {
    const table = new ProducerTable();
    table.record(1n, 0, batchAt(0, 1, 0n), 100);
    expect(() => table.record(2n, 0, batchAt(0, 1, 1n), 99)).toThrow('before the table');
  });

  it('holds only the producers of the last window however many came before: 10,000 one-batch producers, 100 per ms', () => {
    const table = new ProducerTable();
    const windowMs = 10;
    let forgotten = 0;
    for (let i = 0; i < 10_000; i++) {
      const nowMs = Math.floor(i / 100);
      table.record(BigInt(i + 1), 0, batchAt(0, 1, BigInt(i)), nowMs);
      forgotten += table.expireBefore(nowMs - windowMs);
      expect(table.size).toBeLessThanOrEqual((windowMs + 1) * 100);
    }
    expect(forgotten + table.size).toBe(10_000);
    expect(table.size).toBe((windowMs + 1) * 100);
  });

  it('keeps every producer’s last-seen time and the order through JSON and clones, so both expire as the original does', () => {
    const table = new ProducerTable();
    for (let i = 1; i <= 5; i++) table.record(BigInt(10 - i), 0, batchAt(0, 1, BigInt(i)), i * 100);
    const copies = [roundTrip(table), table.clone()];
    for (const copy of [table, ...copies]) expect(copy.expireBefore(350)).toBe(3);
    for (const copy of copies) expect(copy.toJSON()).toEqual(table.toJSON());
    expect(() => copies[1]!.record(1n, 0, batchAt(0, 1, 9n), 499)).toThrow('before the table');
  });

  it('reads a table written before producers expired (no times) as seen at the snapshot’s clock', () => {
    const table = ProducerTable.fromJSON([['7', 0, [[0, 0, '0', '0']]], ['8', 0, [[0, 0, '1', '1']]]], 5_000);
    expect(table.expireBefore(5_000)).toBe(0);
    expect(table.expireBefore(5_001)).toBe(2);
  });

  it('refuses a JSON table whose producers are not in the order they were seen', () => {
    expect(() => ProducerTable.fromJSON([['7', 0, [], 200], ['8', 0, [], 100]])).toThrow('producer table out of order');
  });
});
