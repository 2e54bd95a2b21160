import { afterEach, describe, expect, it } from 'vitest';
import { MultiRaftHost } from '../../../src/host/multi-raft-host.js';
import { resolveTopicConfig } from '../../../src/metadata/index.js';
import { decodeLogStartEntry, encodeLogStartEntry } from '../../../src/partition/log-start-entry.js';
import { PartitionFrontend } from '../../../src/partition/partition-frontend.js';
import { PartitionReader } from '../../../src/partition/partition-reader.js';
import type { LogReader } from '../../../src/partition/partition-reader.js';
import { PartitionStm, isDataEntry } from '../../../src/partition/partition-stm.js';
import type { Entry, LogIndex, NodeId, Snapshot, Term } from '../../../src/raft/index.js';
import { COMPACTED, EntryType, limitBytes } from '../../../src/raft/index.js';
import type { GroupId, OffsetPoint } from '../../../src/storage/types.js';
import { LoopbackNetwork, MemoryHostStorage } from '../host/fakes.js';
import { batch, confEntry, dataEntry, frontendOptions, noopEntry, rejectedWith, stamped } from './helpers.js';

const T = 2 as Term;
const AS_FOLLOWER = { isLeader: false, term: T };
const GROUP = 3 as GroupId;

/** A replica whose every data entry is a segment of its own, and that keeps everything but what is deleted. */
function replica(): PartitionStm {
  return new PartitionStm({
    config: () => ({ ...resolveTopicConfig({}), retentionMs: -1, retentionBytes: -1 }),
    segmentBounds: { bytesMax: Number.MAX_SAFE_INTEGER, entriesMax: 1 },
  });
}

function logStartEntry(index: number, offset: bigint): Entry {
  return { index: index as LogIndex, term: T, type: EntryType.Normal, data: encodeLogStartEntry(offset) };
}

/**
 * Offsets 0–2 (entry 3), 3–5 (entry 4), 6–8 (entry 6), each a segment; the
 * log start moved to 4 (entry 5, within entry 4's segment) and asked to move
 * back to 1 (entry 7).
 */
function deletingLog(): Entry[] {
  return [
    confEntry(1, 1),
    noopEntry(2, T),
    dataEntry(3, T, [stamped({ records: 3 }, 0n, T)]),
    dataEntry(4, T, [stamped({ records: 3 }, 3n, T)]),
    logStartEntry(5, 4n),
    dataEntry(6, T, [stamped({ records: 3 }, 6n, T)]),
    logStartEntry(7, 1n),
  ];
}

/** The node's stored entries for a reader over `entries`. */
class EntriesLog implements LogReader {
  firstIndex = 1;
  private readonly points: readonly OffsetPoint[];

  constructor(
    private readonly entries: readonly Entry[],
    stm: PartitionStm,
  ) {
    this.points = stm.offsetPoints(entries);
  }

  indexForOffset(_group: GroupId, offset: bigint): Promise<OffsetPoint | null> {
    const floor = this.points.findLast((point) => point.baseOffset <= offset);
    return Promise.resolve(floor !== undefined && floor.index >= this.firstIndex ? floor : null);
  }

  readEntries(_group: GroupId, fromIndex: LogIndex, bytesMax: number, endIndex?: LogIndex): Promise<readonly Entry[] | typeof COMPACTED> {
    if (fromIndex < this.firstIndex) return Promise.resolve(COMPACTED);
    return Promise.resolve(limitBytes(this.entries.filter((e) => e.index >= fromIndex && e.index < (endIndex ?? Infinity)), bytesMax));
  }
}

describe('log-start entries', () => {
  it('encode an offset that decodes back, and are never taken for record batches', () => {
    const entry = logStartEntry(9, 1234567890123n);
    expect(decodeLogStartEntry(entry.data)).toBe(1234567890123n);
    expect(isDataEntry(entry)).toBe(false);
    expect(decodeLogStartEntry(stamped({ records: 1 }, 0n, T))).toBeUndefined();
    expect(replica().offsetPoints([entry])).toEqual([]);
  });
});

describe('PartitionStm deleting records', () => {
  it('moves the log start at the entry, never back, and leaves the high watermark and offsets of later batches alone', () => {
    const stm = replica();
    const entries = deletingLog();
    stm.apply(entries.slice(0, 5), AS_FOLLOWER);
    expect([stm.logStartOffset, stm.highWatermark]).toEqual([4n, 6n]);
    stm.apply(entries.slice(5), AS_FOLLOWER);
    expect([stm.logStartOffset, stm.highWatermark, stm.appliedIndex]).toEqual([4n, 9n, 7]);
  });

  it('agrees on two replicas applying the same entries in other chunks', () => {
    const entries = deletingLog();
    const one = replica();
    one.apply(entries, AS_FOLLOWER);
    const other = replica();
    for (const entry of entries) other.apply([entry], AS_FOLLOWER);
    expect([other.logStartOffset, other.highWatermark]).toEqual([one.logStartOffset, one.highWatermark]);
    expect(other.compaction()?.index).toBe(one.compaction()?.index);
    expect(other.logStartOffset).toBe(one.logStartOffset);
  });

  it('keeps an entry’s log start within the log: one past the high watermark stops at it', () => {
    const stm = replica();
    stm.apply([...deletingLog().slice(0, 4), logStartEntry(5, 100n)], AS_FOLLOWER);
    expect(stm.logStartOffset).toBe(6n);
  });

  it('compacts the segments wholly below the log start, keeps the one it falls in, and the snapshot restores the same log start and high watermark', () => {
    const stm = replica();
    const entries = deletingLog();
    stm.apply(entries, AS_FOLLOWER);
    const compaction = stm.compaction();
    // Entry 3's segment (0–2) is wholly below 4; entry 4's (3–5) holds offset 4 and stays.
    expect(compaction?.index).toBe(3);
    expect(stm.logStartOffset).toBe(4n);
    expect(stm.compaction()).toBeUndefined();

    const restored = replica();
    const snapshot: Snapshot = { metadata: { index: compaction!.index, term: T, conf: { voters: [1 as NodeId], learners: [] } }, data: compaction!.data };
    restored.restore(snapshot);
    expect(restored.logStartOffset).toBe(4n);
    restored.apply(entries.slice(3), AS_FOLLOWER);
    expect([restored.logStartOffset, restored.highWatermark]).toEqual([4n, 9n]);
    expect(restored.compaction()).toBeUndefined();
  });

  it('refuses reads below the log start with OFFSET_OUT_OF_RANGE naming it, and reads from it within the segment it falls in', async () => {
    const stm = replica();
    const entries = deletingLog();
    stm.apply(entries, AS_FOLLOWER);
    const reader = new PartitionReader(new EntriesLog(entries, stm), GROUP, stm);
    const refused = await rejectedWith(reader.read(3n, 1 << 20), 'OFFSET_OUT_OF_RANGE');
    expect(refused.details).toMatchObject({ logStartOffset: '4' });
    const read = await reader.read(4n, 1 << 20);
    expect([read.logStartOffset, read.nextOffset]).toEqual([4n, 9n]);
  });
});

describe('PartitionFrontend.advanceLogStart', () => {
  const hosts: MultiRaftHost[] = [];
  const fatal: unknown[] = [];
  afterEach(() => {
    for (const host of hosts.splice(0)) host.stop();
    expect(fatal.splice(0)).toEqual([]);
  });

  /** A single-voter partition led by its node, holding offsets 0–4. */
  async function ledPartition(): Promise<{ stm: PartitionStm; frontend: PartitionFrontend }> {
    const network = new LoopbackNetwork();
    const host = new MultiRaftHost({ nodeId: 1 as NodeId, storage: new MemoryHostStorage(), transport: network.transport(1 as NodeId), tickMs: 60_000, seed: 1, onFatal: (error) => fatal.push(error) });
    hosts.push(host);
    network.inboxes.set(1 as NodeId, (_from, envelopes) => host.receive(envelopes));
    const stm = replica();
    const group = await host.createGroup(GROUP, { stm, bootstrapVoters: [1 as NodeId] });
    const frontend = new PartitionFrontend(group, stm, frontendOptions(64 * 1024));
    group.raw.campaign();
    host.markDirty(group);
    const deadline = Date.now() + 5_000;
    while (stm.readyTerm === undefined) {
      if (Date.now() > deadline) throw new Error('the node did not become a ready leader');
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await frontend.append(batch({ records: 5 }));
    return { stm, frontend };
  }

  it('commits the new log start and resolves with it; an offset at or below the log start changes nothing and resolves with the current one', async () => {
    const { stm, frontend } = await ledPartition();
    expect(await frontend.advanceLogStart(3n)).toBe(3n);
    expect(stm.logStartOffset).toBe(3n);
    const applied = stm.appliedIndex;
    expect(await frontend.advanceLogStart(2n)).toBe(3n);
    expect(stm.appliedIndex).toBe(applied);
    expect(await frontend.advanceLogStart(5n)).toBe(5n);
  });

  it('refuses an offset beyond the high watermark, or negative, with OFFSET_OUT_OF_RANGE', async () => {
    const { stm, frontend } = await ledPartition();
    await rejectedWith(frontend.advanceLogStart(6n), 'OFFSET_OUT_OF_RANGE');
    await rejectedWith(frontend.advanceLogStart(-1n), 'OFFSET_OUT_OF_RANGE');
    expect(stm.logStartOffset).toBe(0n);
  });
});
