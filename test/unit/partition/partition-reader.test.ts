import { describe, expect, it } from 'vitest';
import type { CairnError } from '../../../src/client/errors.js';
import type { LogReader, ReadResult } from '../../../src/partition/partition-reader.js';
import { PartitionReader } from '../../../src/partition/partition-reader.js';
import type { PartitionStm } from '../../../src/partition/partition-stm.js';
import type { Entry, LogIndex, NodeId, Term } from '../../../src/raft/index.js';
import { COMPACTED, limitBytes } from '../../../src/raft/index.js';
import type { GroupId, OffsetPoint } from '../../../src/storage/types.js';
import { concat, confEntry, dataEntry, noopEntry, partitionStm, rejectedWith, stamped } from './helpers.js';

const GROUP = 4 as GroupId;
const T = 2 as Term;
const AS_FOLLOWER = { isLeader: false, term: T };

// Offsets 0–2 and 3–4 in entry 3, 5 in entry 4, 6–9 in entry 6; entry 7 (10–11) is stored but not applied.
const A = stamped({ records: 3 }, 0n, T);
const B = stamped({ records: 2 }, 3n, T);
const C = stamped({ records: 1 }, 5n, T);
const D = stamped({ records: 4 }, 6n, T);
const E = stamped({ records: 2 }, 10n, T);
const ENTRIES = [confEntry(1, 1), noopEntry(2, T), dataEntry(3, T, [A, B]), dataEntry(4, T, [C]), noopEntry(5, T), dataEntry(6, T, [D]), dataEntry(7, T, [E])];
const APPLIED = ENTRIES.slice(0, 6);
const NO_LIMIT = 1 << 30;

/** A node's log as the reader sees it: a floor lookup in the offset index, and entries from an index on. */
class FakeLog implements LogReader {
  /** Entries before it were removed by compaction. */
  firstIndex = 1;
  /** Runs between the offset-index lookup and the first entry read: what else happens on the node meanwhile. */
  meanwhile: () => void = () => {};
  private readonly points: readonly OffsetPoint[];

  constructor(
    private readonly entries: readonly Entry[],
    stm: PartitionStm,
  ) {
    this.points = stm.offsetPoints(entries);
  }

  indexForOffset(group: GroupId, offset: bigint): Promise<OffsetPoint | null> {
    expect(group).toBe(GROUP);
    const floor = this.points.findLast((point) => point.baseOffset <= offset);
    const found = floor !== undefined && floor.index >= this.firstIndex ? floor : null;
    this.meanwhile();
    return Promise.resolve(found);
  }

  readEntries(group: GroupId, fromIndex: LogIndex, bytesMax: number, endIndex?: LogIndex): Promise<readonly Entry[] | typeof COMPACTED> {
    expect(group).toBe(GROUP);
    if (fromIndex < this.firstIndex) return Promise.resolve(COMPACTED);
    const wanted = this.entries.filter((entry) => entry.index >= fromIndex && entry.index < (endIndex ?? Infinity));
    return Promise.resolve(limitBytes([...wanted], bytesMax));
  }
}

function readerOf(stm: PartitionStm = partitionStm()): { reader: PartitionReader; log: FakeLog; stm: PartitionStm } {
  if (stm.appliedIndex === 0) stm.apply(APPLIED, AS_FOLLOWER);
  const log = new FakeLog(ENTRIES, stm);
  return { reader: new PartitionReader(log, GROUP, stm), log, stm };
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/** The read returned exactly these stored batches, byte for byte. */
function expectBatches(read: ReadResult, batches: readonly Uint8Array[], nextOffset: bigint): void {
  expect(hex(read.records)).toBe(hex(concat(batches)));
  expect(read.nextOffset).toBe(nextOffset);
}

const outOfRange = (read: Promise<ReadResult>): Promise<CairnError> => rejectedWith(read, 'OFFSET_OUT_OF_RANGE');

describe('PartitionReader.read', () => {
  it('returns whole batches from the one holding the offset up to the high watermark', async () => {
    const { reader } = readerOf();
    const read = await reader.read(4n, NO_LIMIT);
    expectBatches(read, [B, C, D], 10n);
    expect(read.highWatermark).toBe(10n);
    expect(read.logStartOffset).toBe(0n);
    expectBatches(await reader.read(1n, NO_LIMIT), [A, B, C, D], 10n);
  });

  it('stops before the batch that would take it past bytesMax', async () => {
    const { reader } = readerOf();
    expectBatches(await reader.read(3n, B.byteLength + C.byteLength), [B, C], 6n);
    expectBatches(await reader.read(3n, B.byteLength + C.byteLength - 1), [B], 5n);
  });

  it('returns the first batch even when it alone is larger than bytesMax', async () => {
    const { reader } = readerOf();
    expectBatches(await reader.read(0n, 1), [A], 3n);
  });

  it('returns nothing when the first batch exceeds firstBatchBytesMax too (a budget spent elsewhere)', async () => {
    const { reader } = readerOf();
    expectBatches(await reader.read(0n, 1, A.byteLength - 1), [], 0n);
    expectBatches(await reader.read(0n, 1, A.byteLength), [A], 3n);
    expectBatches(await reader.read(0n, A.byteLength + B.byteLength - 1, A.byteLength), [A], 3n);
  });

  it('returns nothing, at once, for the high watermark itself', async () => {
    const { reader } = readerOf();
    expectBatches(await reader.read(10n, NO_LIMIT), [], 10n);
  });

  it('refuses an offset past the high watermark, saying where the log is', async () => {
    const { reader } = readerOf();
    const error = await outOfRange(reader.read(11n, NO_LIMIT));
    expect(error.message).toBe('offset 11 is outside [0, 10]');
    expect(error.details).toEqual({ logStartOffset: '0', highWatermark: '10' });
  });

  it('refuses an offset below the log start, though its entry is still stored', async () => {
    const stm = partitionStm();
    const data = new TextEncoder().encode(JSON.stringify({ logStartOffset: '5', producers: [] }));
    stm.restore({ metadata: { index: 3 as LogIndex, term: T, conf: { voters: [1 as NodeId], learners: [] } }, data });
    stm.apply(APPLIED.slice(3), AS_FOLLOWER);
    const { reader } = readerOf(stm);
    const error = await outOfRange(reader.read(4n, NO_LIMIT));
    expect(error.details).toEqual({ logStartOffset: '5', highWatermark: '10' });
    expectBatches(await reader.read(5n, NO_LIMIT), [C, D], 10n);
  });

  it('returns nothing past the high watermark it read at the start, though an entry is applied meanwhile', async () => {
    const { reader, log, stm } = readerOf();
    log.meanwhile = () => {
      log.meanwhile = () => {};
      stm.apply(ENTRIES.slice(6), AS_FOLLOWER);
    };
    const read = await reader.read(6n, NO_LIMIT);
    expectBatches(read, [D], 10n);
    expect(read.highWatermark).toBe(10n);
    expectBatches(await reader.read(10n, NO_LIMIT), [E], 12n);
  });

  it('refuses an offset whose entry retention removed from the log before the state machine moved its log start', async () => {
    const { reader, log } = readerOf();
    log.firstIndex = 4;
    await outOfRange(reader.read(0n, NO_LIMIT));
  });

  it('refuses the offset when retention removes its entry during the read', async () => {
    const { reader, log } = readerOf();
    log.meanwhile = () => (log.firstIndex = 4);
    await outOfRange(reader.read(3n, NO_LIMIT));
  });
});
