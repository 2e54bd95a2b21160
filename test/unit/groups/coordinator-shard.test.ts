import { describe, expect, it } from 'vitest';
import { CoordinatorShard } from '../../../src/groups/coordinator-shard.js';
import type { ShardDeps } from '../../../src/groups/coordinator-shard.js';
import type { PartitionFrontend } from '../../../src/partition/partition-frontend.js';
import type { PartitionReader, ReadResult } from '../../../src/partition/partition-reader.js';
import type { Term } from '../../../src/raft/index.js';
import { readBatchHeader, stampBatch } from '../../../src/records/index.js';

/** An offsets partition in memory: appends get offsets, retention drops a prefix. */
class FakePartition {
  batches: { baseOffset: bigint; bytes: Uint8Array }[] = [];
  next = 0n;
  logStart = 0n;

  readonly frontend = {
    append: (bytes: Uint8Array) => {
      const baseOffset = this.next;
      stampBatch(bytes, baseOffset, 1);
      this.next += BigInt(readBatchHeader(bytes).lastOffsetDelta) + 1n;
      this.batches.push({ baseOffset, bytes });
      return Promise.resolve({ baseOffset });
    },
  } as unknown as PartitionFrontend;

  readonly reader = {
    read: (offset: bigint): Promise<ReadResult> => {
      const kept = this.batches.filter((b) => b.baseOffset >= offset);
      return Promise.resolve({ records: Buffer.concat(kept.map((b) => b.bytes)), highWatermark: this.next, logStartOffset: this.logStart, nextOffset: this.next });
    },
  } as unknown as PartitionReader;

  /** Retention: forget every batch before `offset`. */
  dropBefore(offset: bigint): void {
    this.batches = this.batches.filter((b) => b.baseOffset >= offset);
    this.logStart = offset;
  }

  shard(overrides: Partial<ShardDeps> = {}): CoordinatorShard {
    return new CoordinatorShard({
      term: 1 as Term,
      frontend: this.frontend,
      reader: this.reader,
      loadFrom: this.logStart,
      loadUpTo: this.next,
      counts: (topic) => (topic === 'orders' ? 4 : undefined),
      nowMs: () => 0,
      checkpointBytes: Number.MAX_SAFE_INTEGER,
      checkpointMs: Number.MAX_SAFE_INTEGER,
      ...overrides,
    });
  }
}

const beat = { memberId: '', memberEpoch: 0, instanceId: '', subscribed: ['orders'], assignor: '', sessionTimeoutMs: 60_000, owned: {} };

describe('CoordinatorShard', () => {
  it('rebuilds its groups from the partition, and after a checkpoint from the part retention keeps', async () => {
    const log = new FakePartition();
    const first = log.shard();
    const joined = await first.run('g', (group) => group.heartbeat(beat, 0, (t) => (t === 'orders' ? 4 : undefined), () => 'm1'));
    for (let i = 1; i <= 50; i++) {
      await first.run('g', (group) => group.commit('m1', joined.memberEpoch, [{ topic: 'orders', partition: i % 4, offset: BigInt(i), metadata: '' }], i));
    }
    const snapshot = (shard: CoordinatorShard) =>
      shard.read((groups) => {
        const g = groups.get('g')!;
        return { epoch: g.epoch, members: [...g.members.keys()], offsets: [...g.offsets.values()].map((o) => [o.partition, o.offset]).sort() };
      });
    const expected = await snapshot(first);
    expect(expected.offsets).toEqual([[0, '48'], [1, '49'], [2, '50'], [3, '47']]);
    expect(await snapshot(log.shard())).toEqual(expected);

    // A checkpoint writes every live key again; retention may then drop everything before it.
    const checkpointAt = log.next;
    await log.shard({ checkpointBytes: 0 }).sweep();
    expect(log.next).toBeGreaterThan(checkpointAt);
    log.dropBefore(checkpointAt);
    expect(await snapshot(log.shard())).toEqual(expected);
  });

  it('answers NOT_COORDINATOR and reloads after an append fails', async () => {
    const log = new FakePartition();
    const failing = { append: () => Promise.reject(new Error('lost leadership')) } as unknown as PartitionFrontend;
    const shard = log.shard({ frontend: failing });
    await expect(shard.run('g', (group) => group.heartbeat(beat, 0, () => 4, () => 'm1'))).rejects.toMatchObject({ code: 'NOT_COORDINATOR' });
    expect(shard.failed).toBe(true);
    await expect(shard.read(() => 1)).rejects.toMatchObject({ code: 'NOT_COORDINATOR' });
  });
});
