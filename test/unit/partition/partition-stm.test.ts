import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { StateMachineFailure } from '../../../src/host/state-machine.js';
import { resolveTopicConfig } from '../../../src/metadata/index.js';
import { PartitionStm } from '../../../src/partition/partition-stm.js';
import { SEGMENT_BYTES_MAX } from '../../../src/partition/segment-index.js';
import type { Entry, NodeId, Snapshot, Term } from '../../../src/raft/index.js';
import { Role } from '../../../src/raft/index.js';
import { encodeBatch, splitBatches, stampBatch } from '../../../src/records/index.js';
import { confEntry, dataEntry, noopEntry, partitionStm, stamped } from './helpers.js';

const T = 2 as Term;
const AS_FOLLOWER = { isLeader: false, term: T };
const AS_LEADER = { isLeader: true, term: T };
const PRODUCER = { id: 7n, epoch: 0, seq: 0 };

/** Producer 7's batch of 3 (offsets 0–2) and an anonymous batch of 2 (3–4) in entry 3; an anonymous batch (5) in entry 5. */
function someLog(): { entries: Entry[]; first: Entry; second: Entry } {
  const first = dataEntry(3, T, [stamped({ records: 3, producer: PRODUCER, timestampMs: 5000 }, 0n, T), stamped({ records: 2 }, 3n, T)]);
  const second = dataEntry(5, T, [stamped({ records: 1, timestampMs: 4000 }, 5n, T)]);
  return { entries: [confEntry(1, 1), noopEntry(2, T), first, confEntry(4, T, [1, 2]), second], first, second };
}

/** Resolves on the next macrotask; reports whether `promise` settled before it. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  await vi.advanceTimersByTimeAsync(0);
  return done;
}

const RETENTION_MS = 60_000;

/**
 * Entry 3 fills a segment alone (offset 0, at 1000 ms); entry 5 (offsets 1–2,
 * at laterMs and laterMs + 1) is in the open one and moves the log's clock.
 */
function retained(laterMs: number, config: { retentionMs: number; retentionBytes: number } = { retentionMs: RETENTION_MS, retentionBytes: -1 }): { stm: PartitionStm; later: Entry } {
  const stm = partitionStm(config);
  const full = stamped({ producer: PRODUCER, valueBytes: SEGMENT_BYTES_MAX, timestampMs: 1000 }, 0n, T);
  const later = dataEntry(5, T, [stamped({ records: 2, producer: { ...PRODUCER, seq: 1 }, timestampMs: laterMs }, 1n, T)]);
  stm.apply([confEntry(1, 1), noopEntry(2, T), dataEntry(3, T, [full]), noopEntry(4, T), later], AS_FOLLOWER);
  return { stm, later };
}

/** The retained log once its first segment expired, and the snapshot its compaction stands for. */
function compacted(): { stm: PartitionStm; later: Entry; snapshot: Snapshot } {
  const { stm, later } = retained(100_000);
  const compaction = stm.compaction();
  if (compaction === undefined) throw new Error('nothing expired');
  const snapshot = { metadata: { index: compaction.index, term: T, conf: { voters: [1 as NodeId], learners: [] } }, data: compaction.data };
  return { stm, later, snapshot };
}

describe('PartitionStm.apply', () => {
  it('moves the high watermark past the last applied batch and records idempotent producers', () => {
    const stm = partitionStm();
    stm.apply(someLog().entries, AS_FOLLOWER);
    expect(stm.highWatermark).toBe(6n);
    expect(stm.appliedIndex).toBe(5);
    expect(stm.logStartOffset).toBe(0n);
    expect(stm.producers.size).toBe(1);
    expect(stm.producers.check(7n, 0, 0)).toEqual({ kind: 'duplicate', batch: { firstSeq: 0, lastSeq: 2, baseOffset: 0n, lastOffset: 2n } });
    expect(stm.producers.check(7n, 0, 3)).toEqual({ kind: 'append' });
  });

  it('summarises the data entries in a segment with their offsets, bytes and newest timestamp', () => {
    const stm = partitionStm();
    const { entries, first, second } = someLog();
    stm.apply(entries, AS_FOLLOWER);
    expect(stm.segments.firstAtOrAfter(0)).toEqual({
      firstIndex: 3,
      lastIndex: 5,
      baseOffset: 0n,
      endOffset: 6n,
      bytes: first.data.byteLength + second.data.byteLength,
      entries: 2,
      maxTimestampMs: 5002,
    });
  });

  it('ignores no-op and membership entries, but counts them as applied', () => {
    const stm = partitionStm();
    stm.apply([confEntry(1, 1), noopEntry(2, T), confEntry(3, T, [1, 2])], AS_FOLLOWER);
    expect(stm.appliedIndex).toBe(3);
    expect(stm.highWatermark).toBe(0n);
    expect(stm.producers.size).toBe(0);
    expect(stm.segments.bytes()).toBe(0);
  });

  it('gives a batch without timestamps (only an older log has them) the log’s newest time, not a clock of this replica', () => {
    const stm = partitionStm();
    stm.apply([dataEntry(1, T, [stamped({ timestampMs: 5000 }, 0n, T)]), dataEntry(2, T, [stamped({ timestampMs: -1 }, 1n, T)])], AS_FOLLOWER);
    expect(stm.newestTimestampMs).toBe(5000);
    expect(stm.segments.firstAtOrAfter(0)?.maxTimestampMs).toBe(5000);
  });

  it('fails the partition with CORRUPT_STORAGE, by a StateMachineFailure, on a committed batch whose offsets do not follow the log', () => {
    const stm = partitionStm();
    stm.apply([dataEntry(1, T, [stamped({ records: 3 }, 0n, T)])], AS_LEADER);
    expect(() => stm.apply([dataEntry(2, T, [stamped({ records: 1 }, 0n, T)])], AS_LEADER)).toThrow(StateMachineFailure);
    expect(stm.failure?.code).toBe('CORRUPT_STORAGE');
    expect(stm.readyTerm).toBeUndefined();
    expect(stm.highWatermark).toBe(3n);
    expect(stm.compaction()).toBeUndefined();
  });

  it('fails the partition on a committed entry whose bytes are not batches', () => {
    const stm = partitionStm();
    expect(() => stm.apply([{ ...noopEntry(1, T), data: new Uint8Array([1, 2, 3]) }], AS_FOLLOWER)).toThrow(StateMachineFailure);
    expect(stm.failure?.code).toBe('CORRUPT_STORAGE');
  });

  it('skips an empty batch in an older log: it holds no offsets, and the batch after it continues the log', () => {
    const stm = partitionStm();
    const empty = emptyBatch();
    stm.apply([dataEntry(1, T, [empty]), dataEntry(2, T, [stamped({ records: 2 }, 0n, T)])], AS_FOLLOWER);
    expect(stm.failure).toBeUndefined();
    expect(stm.highWatermark).toBe(2n);
  });
});

describe('PartitionStm leader readiness', () => {
  it('becomes ready when the leader applies an entry of its own term', () => {
    const stm = partitionStm();
    stm.apply([confEntry(1, 1)], AS_LEADER);
    expect(stm.readyTerm).toBeUndefined();
    stm.apply([noopEntry(2, T)], AS_LEADER);
    stm.apply([dataEntry(3, T, [stamped({}, 0n, T)])], AS_LEADER);
    expect(stm.readyTerm).toBe(T);
  });

  it('is not made ready by entries of an earlier term, nor on a follower', () => {
    const stm = partitionStm();
    stm.apply([noopEntry(1, 1)], AS_LEADER);
    stm.apply([noopEntry(2, T)], AS_FOLLOWER);
    expect(stm.readyTerm).toBeUndefined();
  });

  it('stays ready for the leader of that term and is cleared for another role or term', () => {
    const stm = partitionStm();
    const readyAgain = (): void => stm.apply([noopEntry(stm.appliedIndex + 1, T)], AS_LEADER);
    readyAgain();
    stm.onSoftState({ role: Role.Leader, lead: 1 as NodeId }, T);
    expect(stm.readyTerm).toBe(T);
    stm.onSoftState({ role: Role.Follower, lead: 3 as NodeId }, T);
    expect(stm.readyTerm).toBeUndefined();
    readyAgain();
    stm.onSoftState({ role: Role.Leader, lead: 1 as NodeId }, (T + 1) as Term);
    expect(stm.readyTerm).toBeUndefined();
  });
});

describe('PartitionStm.waitForChange', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('resolves when entries are applied, and drops its timer', async () => {
    vi.useFakeTimers();
    const stm = partitionStm();
    const waiting = stm.waitForChange(10_000);
    expect(await settled(waiting)).toBe(false);
    stm.apply(someLog().entries, AS_FOLLOWER);
    expect(await settled(waiting)).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('resolves after its timeout when nothing is applied', async () => {
    vi.useFakeTimers();
    const waiting = partitionStm().waitForChange(1000);
    await vi.advanceTimersByTimeAsync(999);
    expect(await settled(waiting)).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await settled(waiting)).toBe(true);
  });

  it('resolves when a snapshot replaces the state', async () => {
    const { snapshot } = compacted();
    vi.useFakeTimers();
    const restored = partitionStm();
    const waiting = restored.waitForChange(10_000);
    restored.restore(snapshot);
    expect(await settled(waiting)).toBe(true);
  });
});

describe('PartitionStm.offsetPoints', () => {
  it('gives each data entry its first batch’s offset and skips the others', () => {
    const { entries } = someLog();
    expect(partitionStm().offsetPoints(entries)).toEqual([
      { baseOffset: 0n, index: 3 },
      { baseOffset: 5n, index: 5 },
    ]);
  });

  it('gives no point to an entry holding only an empty batch: it holds no offsets, and the next entry starts at the same one', () => {
    const entries = [dataEntry(1, T, [emptyBatch()]), dataEntry(2, T, [stamped({ records: 2 }, 0n, T)])];
    expect(partitionStm().offsetPoints(entries)).toEqual([{ baseOffset: 0n, index: 2 }]);
  });

  it('fails the partition before writing stored entries whose offsets overlap', () => {
    const stm = partitionStm();
    const entries = [dataEntry(1, T, [stamped({ records: 2 }, 0n, T)]), dataEntry(2, T, [stamped({ records: 1 }, 1n, T)])];
    expect(() => stm.offsetPoints(entries)).toThrow(StateMachineFailure);
    expect(stm.failure?.code).toBe('CORRUPT_STORAGE');
  });
});

describe('PartitionStm retention', () => {
  it('compacts nothing while no closed segment is older than the log’s newest timestamp by more than retention', () => {
    const { stm } = retained(999 + RETENTION_MS);
    expect(stm.newestTimestampMs).toBe(1000 + RETENTION_MS);
    expect(stm.compaction()).toBeUndefined();
    expect(stm.logStartOffset).toBe(0n);
    expect(retained(1e12, { retentionMs: -1, retentionBytes: -1 }).stm.compaction()).toBeUndefined();
  });

  it('drops expired segments, moves the log start past them and snapshots the producers with the index of the state they hold', () => {
    const { stm, snapshot } = compacted();
    expect(snapshot.metadata.index).toBe(3);
    expect(stm.logStartOffset).toBe(1n);
    expect(stm.highWatermark).toBe(3n);
    expect(stm.segments.firstAtOrAfter(0)).toMatchObject({ firstIndex: 5, baseOffset: 1n });
    expect(JSON.parse(new TextDecoder().decode(snapshot.data))).toEqual({
      logStartOffset: '1',
      producers: [['7', 0, [[0, 0, '0', '0'], [1, 2, '1', '2']], 100_001]],
      newestTimestampMs: 100_001,
      stateIndex: 5,
      indexTimestampMs: 1000,
      indexEndOffset: '1',
    });
  });

  it('restores from that snapshot, and replaying the entries after it rebuilds the same state', () => {
    const { stm, later, snapshot } = compacted();
    const restored = partitionStm();
    restored.apply([noopEntry(1, 1)], AS_FOLLOWER);
    restored.restore(snapshot);
    expect(restored.appliedIndex).toBe(3);
    expect(restored.logStartOffset).toBe(1n);
    expect(restored.highWatermark).toBe(1n);
    expect(restored.segments.bytes()).toBe(0);
    restored.apply([noopEntry(4, T), later], AS_FOLLOWER);
    expect(restored.appliedIndex).toBe(stm.appliedIndex);
    expect(restored.highWatermark).toBe(stm.highWatermark);
    expect(restored.producers.toJSON()).toEqual(stm.producers.toJSON());
    expect(restored.segments.firstAtOrAfter(0)).toEqual(stm.segments.firstAtOrAfter(0));
    expect(restored.newestTimestampMs).toBe(stm.newestTimestampMs);
  });

  it('keeps the log’s clock in the snapshot: a restored replica measures age as the others do, though the newest batch was dropped', () => {
    // Retention by bytes drops a segment holding a newer timestamp than the open one.
    const stm = partitionStm({ retentionMs: RETENTION_MS, retentionBytes: 1 });
    const full = stamped({ valueBytes: SEGMENT_BYTES_MAX, timestampMs: 900_000 }, 0n, T);
    stm.apply([dataEntry(1, T, [full]), dataEntry(2, T, [stamped({ timestampMs: 1000 }, 1n, T)])], AS_FOLLOWER);
    const compaction = stm.compaction()!;
    const restored = partitionStm({ retentionMs: RETENTION_MS, retentionBytes: 1 });
    restored.restore({ metadata: { index: compaction.index, term: T, conf: { voters: [1 as NodeId], learners: [] } }, data: compaction.data });
    expect(restored.newestTimestampMs).toBe(900_000);
  });

  it('replays the entries between the snapshot and the state it holds at their own times: a restored replica’s segments and log start agree with the others', () => {
    // One entry per segment, at 1000, 2000, 3000 and 4000 ms; at 4000 the first segment is too old.
    const config = { retentionMs: 2500, retentionBytes: -1 };
    const segmentBounds = { bytesMax: SEGMENT_BYTES_MAX, entriesMax: 1 };
    const entries = [1000, 2000, 3000, 4000].map((timestampMs, i) => dataEntry(i + 1, T, [stamped({ timestampMs }, BigInt(i), T)]));
    const stm = new PartitionStm({ config: () => ({ ...resolveTopicConfig({}), ...config }), segmentBounds });
    stm.apply(entries, AS_FOLLOWER);
    const compaction = stm.compaction()!;
    expect(compaction.index).toBe(1);
    const restored = new PartitionStm({ config: () => ({ ...resolveTopicConfig({}), ...config }), segmentBounds });
    restored.restore({ metadata: { index: compaction.index, term: T, conf: { voters: [1 as NodeId], learners: [] } }, data: compaction.data });
    expect(restored.newestTimestampMs).toBe(1000);
    restored.apply(entries.slice(1), AS_FOLLOWER);
    expect(restored.newestTimestampMs).toBe(stm.newestTimestampMs);
    // Timed at the state's clock (4000 ms), the segment of 2000 ms would outlive retention here and on no other replica.
    expect(restored.segments).toEqual(stm.segments);
    expect(restored.compaction()).toBeUndefined();
    const later = dataEntry(5, T, [stamped({ timestampMs: 4600 }, 4n, T)]);
    stm.apply([later], AS_FOLLOWER);
    restored.apply([later], AS_FOLLOWER);
    expect(restored.compaction()?.index).toBe(2);
    expect(stm.compaction()?.index).toBe(2);
    expect(restored.logStartOffset).toBe(stm.logStartOffset);
  });
});

/** The batch of zero records a client could produce before the leader refused it. */
function emptyBatch(): Uint8Array {
  const bytes = encodeBatch([]);
  stampBatch(bytes, 0n, T);
  return bytes;
}

describe('PartitionStm producer expiry', () => {
  const EXPIRATION_MS = 1000;
  const config = { retentionMs: RETENTION_MS, retentionBytes: -1, producerIdExpirationMs: EXPIRATION_MS };
  const producer = (id: bigint, seq = 0) => ({ id, epoch: 0, seq });

  /**
   * Producer 1 fills a segment alone (entry 3, at 1000); producer 2 writes
   * at 1800 (entry 4); an anonymous batch at 2500 (entry 5) expires producer
   * 1; one at 70,000 (entry 6) expires producer 2 and, by retention, the
   * first segment; producer 2 comes back at sequence 1 (entry 7) and 3 starts
   * (entry 8).
   */
  function expiringLog(): Entry[] {
    return [
      confEntry(1, 1),
      noopEntry(2, T),
      dataEntry(3, T, [stamped({ producer: producer(1n), valueBytes: SEGMENT_BYTES_MAX, timestampMs: 1000 }, 0n, T)]),
      dataEntry(4, T, [stamped({ producer: producer(2n), timestampMs: 1800 }, 1n, T)]),
      dataEntry(5, T, [stamped({ timestampMs: 2500 }, 2n, T)]),
      dataEntry(6, T, [stamped({ timestampMs: 70_000 }, 3n, T)]),
      dataEntry(7, T, [stamped({ producer: producer(2n, 1), timestampMs: 70_100 }, 4n, T)]),
      dataEntry(8, T, [stamped({ producer: producer(3n), timestampMs: 70_200 }, 5n, T)]),
    ];
  }

  const ids = (stm: PartitionStm): string[] => (stm.producers.toJSON() as [string][]).map(([id]) => id);

  it('forgets a producer at the first batch that moves the log’s clock past its last batch by more than producer.id.expiration.ms', () => {
    const stm = partitionStm(config);
    const log = expiringLog();
    const seen: string[][] = [];
    for (const entry of log) {
      stm.apply([entry], AS_FOLLOWER);
      seen.push(ids(stm));
    }
    expect(seen).toEqual([[], [], ['1'], ['1', '2'], ['2'], [], ['2'], ['2', '3']]);
    expect(stm.producers.check(1n, 0, 1)).toEqual({ kind: 'unknown-producer' });
  });

  it('keeps a producer whose own batch moves the clock: it is recorded before the others expire', () => {
    const stm = partitionStm(config);
    stm.apply([dataEntry(1, T, [stamped({ producer: producer(1n), timestampMs: 1000 }, 0n, T)])], AS_FOLLOWER);
    stm.apply([dataEntry(2, T, [stamped({ producer: producer(1n, 1), timestampMs: 5000 }, 1n, T), stamped({ producer: producer(2n), timestampMs: 5000 }, 2n, T)])], AS_FOLLOWER);
    expect(ids(stm)).toEqual(['1', '2']);
  });

  it('forgets the same producers at the same entries on a replica that applies the log in other chunks and on one restored from a snapshot cut before producers it held expired', () => {
    const log = expiringLog();
    const first = partitionStm(config);
    const tables: unknown[] = [];
    for (const entry of log) {
      first.apply([entry], AS_FOLLOWER);
      tables.push(JSON.stringify(first.producers));
    }

    const chunked = partitionStm(config);
    chunked.apply(log.slice(0, 5), AS_FOLLOWER);
    expect(JSON.stringify(chunked.producers)).toBe(tables[4]);
    chunked.apply(log.slice(5), AS_FOLLOWER);
    expect(JSON.stringify(chunked.producers)).toBe(tables[7]);

    // A replica applies up to entry 6 and cuts a snapshot at the first segment's end (entry 3), holding the state of entry 6:
    // producer 2 (written at entry 4, after the cut) is already forgotten in it.
    const cutter = partitionStm(config);
    cutter.apply(log.slice(0, 6), AS_FOLLOWER);
    const compaction = cutter.compaction()!;
    expect(compaction.index).toBe(3);
    const snapshot: Snapshot = { metadata: { index: compaction.index, term: T, conf: { voters: [1 as NodeId], learners: [] } }, data: compaction.data };
    const restored = partitionStm(config);
    restored.restore(snapshot);
    expect(JSON.stringify(restored.producers)).toBe(tables[5]);
    // Replaying entries 4–6 must not bring producer 2 back as seen at the snapshot's clock (70,000): it would outlive its window.
    // Until entry 6 the table stays as the snapshot holds it (entry 6's); from then on it is the first replica's, entry by entry.
    for (const [i, entry] of log.entries()) {
      if (entry.index <= snapshot.metadata.index) continue;
      restored.apply([entry], AS_FOLLOWER);
      expect(JSON.stringify(restored.producers)).toBe(tables[Math.max(i, 5)]);
    }
    expect(restored.highWatermark).toBe(first.highWatermark);

    // A snapshot cut by the restored replica before it replayed past the state it holds keeps that state's index.
    const again = partitionStm(config);
    again.restore(snapshot);
    again.apply([log[3]!], AS_FOLLOWER);
    const recut = JSON.parse(new TextDecoder().decode(again.compaction()?.data ?? compaction.data)) as { stateIndex: number };
    expect(recut.stateIndex).toBe(6);
  });

  it('restores a snapshot written before producers expired (no times, no state index): its producers count as seen at the snapshot’s clock', () => {
    const data = new TextEncoder().encode(JSON.stringify({ logStartOffset: '1', producers: [['7', 0, [[0, 0, '0', '0']]]], newestTimestampMs: 5000 }));
    const stm = partitionStm(config);
    stm.restore({ metadata: { index: 3 as Entry['index'], term: T, conf: { voters: [1 as NodeId], learners: [] } }, data });
    stm.apply([dataEntry(4, T, [stamped({ timestampMs: 6000 }, 1n, T)])], AS_FOLLOWER);
    expect(ids(stm)).toEqual(['7']);
    stm.apply([dataEntry(5, T, [stamped({ timestampMs: 6001 }, 2n, T)])], AS_FOLLOWER);
    expect(ids(stm)).toEqual([]);
  });

  it('holds, and snapshots, only the producers of the last window: 3,000 short-lived producers, one per 10 ms', () => {
    const stm = partitionStm({ ...config, retentionMs: 1000 });
    const entries: Entry[] = [];
    for (let i = 0; i < 3000; i++) {
      const valueBytes = i === 0 ? SEGMENT_BYTES_MAX : 8; // a first segment for retention to drop, so a snapshot is cut
      entries.push(dataEntry(i + 1, T, [stamped({ producer: producer(BigInt(i + 1)), timestampMs: 10 * i, valueBytes }, BigInt(i), T)]));
    }
    let largest = 0;
    for (const entry of entries) {
      stm.apply([entry], AS_FOLLOWER);
      largest = Math.max(largest, stm.producers.size);
    }
    // Seen at 10·i, a producer lives while the clock is within 1000 ms of it: itself and the 100 before it.
    expect(largest).toBe(EXPIRATION_MS / 10 + 1);
    const snapshot = JSON.parse(new TextDecoder().decode(stm.compaction()!.data)) as { producers: unknown[] };
    expect(snapshot.producers).toHaveLength(EXPIRATION_MS / 10 + 1);
  });
});

describe('PartitionStm producer expiry against a naive model', () => {
  const EXPIRATION_MS = 1000;
  const config = { retentionMs: -1, retentionBytes: 1, producerIdExpirationMs: EXPIRATION_MS };

  /** One batch: from producer 1–6 or none, its timestamp moved from the previous one's (backwards too: a late create time). */
  const batchSpec = fc.record({ producer: fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }), advanceMs: fc.integer({ min: -300, max: 700 }) });
  /** An entry of 1–3 batches; now and then a segment-sized one after them, so retention cuts snapshots. */
  const entrySpec = fc.record({ batches: fc.array(batchSpec, { minLength: 1, maxLength: 3 }), closesSegment: fc.constantFrom(false, false, false, false, true) });

  function logOf(specs: readonly { batches: readonly { producer: number | undefined; advanceMs: number }[]; closesSegment: boolean }[]): Entry[] {
    const nextSeq = new Map<number, number>();
    let offset = 0n;
    let timestampMs = 10_000;
    return specs.map((spec, i) => {
      const batches = spec.batches.map(({ producer, advanceMs }) => {
        timestampMs = Math.max(0, timestampMs + advanceMs);
        const seq = producer === undefined ? 0 : (nextSeq.get(producer) ?? 0);
        if (producer !== undefined) nextSeq.set(producer, seq + 1);
        const spec = { timestampMs, ...(producer !== undefined && { producer: { id: BigInt(producer), epoch: 0, seq } }) };
        return stamped(spec, offset++, T);
      });
      if (spec.closesSegment) batches.push(stamped({ timestampMs, valueBytes: SEGMENT_BYTES_MAX }, offset++, T));
      return dataEntry(i + 1, T, batches);
    });
  }

  /** The producers the model keeps after each entry: those whose last batch was applied at a log time within the window. */
  function modelTables(log: readonly Entry[]): string[][] {
    const lastSeen = new Map<string, number>();
    let clockMs = 0;
    return log.map((entry) => {
      for (const { header } of splitBatches(entry.data)) {
        clockMs = Math.max(clockMs, Number(header.maxTimestamp));
        if (header.producerId >= 0n) lastSeen.set(header.producerId.toString(), clockMs);
      }
      return [...lastSeen].filter(([, seenMs]) => seenMs >= clockMs - EXPIRATION_MS).map(([id]) => id).sort();
    });
  }

  const producerIds = (stm: PartitionStm): string[] => (stm.producers.toJSON() as [string][]).map(([id]) => id).sort();

  it('keeps exactly the producers seen within the window after every entry, and replicas applying in other chunks or restored from any snapshot hold the same table', () => {
    fc.assert(
      fc.property(fc.array(entrySpec, { minLength: 5, maxLength: 40 }), fc.nat(), fc.nat(), (specs, cutSeed, chunkSeed) => {
        const log = logOf(specs);
        const expected = modelTables(log);
        const first = partitionStm(config);
        const tables: string[] = [];
        for (const [i, entry] of log.entries()) {
          first.apply([entry], AS_FOLLOWER);
          expect(producerIds(first)).toEqual(expected[i]);
          tables.push(JSON.stringify(first.producers));
        }

        const chunked = partitionStm(config);
        for (let at = 0; at < log.length; ) {
          const next = Math.min(log.length, at + 1 + ((chunkSeed + at) % 4));
          chunked.apply(log.slice(at, next), AS_FOLLOWER);
          expect(JSON.stringify(chunked.producers)).toBe(tables[next - 1]);
          at = next;
        }

        // A replica that applied up to `cut` compacts what retention drops, and a new replica starts from that snapshot.
        const cut = cutSeed % log.length;
        const cutter = partitionStm(config);
        cutter.apply(log.slice(0, cut + 1), AS_FOLLOWER);
        const compaction = cutter.compaction();
        if (compaction === undefined) return;
        const restored = partitionStm(config);
        restored.restore({ metadata: { index: compaction.index, term: T, conf: { voters: [1 as NodeId], learners: [] } }, data: compaction.data });
        for (const [i, entry] of log.entries()) {
          if (entry.index <= compaction.index) continue;
          restored.apply([entry], AS_FOLLOWER);
          expect(JSON.stringify(restored.producers)).toBe(tables[Math.max(i, cut)]);
        }
        expect(restored.highWatermark).toBe(first.highWatermark);
      }),
      { numRuns: 60 },
    );
  });
});
