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
      offsetsRetentionMs: Number.MAX_SAFE_INTEGER,
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

  it('deletes the offsets of a group without members once the retention has passed since it emptied and since its last commit', async () => {
    const log = new FakePartition();
    let now = 0;
    const shard = log.shard({ nowMs: () => now, offsetsRetentionMs: 1_000 });
    const offsetsOf = (groupId: string) => shard.read((groups) => [...(groups.get(groupId)?.offsets.values() ?? [])].map((o) => o.offset));
    const joined = await shard.run('g', (group) => group.heartbeat(beat, now, (t) => (t === 'orders' ? 4 : undefined), () => 'm1'));
    await shard.run('g', (group) => group.commit('m1', joined.memberEpoch, [{ topic: 'orders', partition: 0, offset: 7n, metadata: '' }], now));
    // An admin commit to an empty group, as for a reset of its offsets.
    await shard.run('idle', (group) => group.commit('', -1, [{ topic: 'orders', partition: 1, offset: 3n, metadata: '' }], now));

    now = 5_000; // past the retention since both commits, but 'g' still has its member and 'idle' was only now seen empty
    await shard.run('g', (group) => group.heartbeat({ ...beat, memberId: 'm1', memberEpoch: joined.memberEpoch }, now, () => 4, () => 'm1'));
    await shard.sweep();
    expect([await offsetsOf('g'), await offsetsOf('idle')]).toEqual([['7'], ['3']]);

    await shard.run('g', (group) => group.heartbeat({ ...beat, memberId: 'm1', memberEpoch: -1 }, now, () => 4, () => 'm1')); // m1 leaves
    now = 5_900;
    await shard.sweep();
    expect([await offsetsOf('g'), await offsetsOf('idle')]).toEqual([['7'], ['3']]);

    now = 6_100; // 'idle' seen empty since 5,000, 'g' since 5,900: only 'idle' is past the retention
    await shard.sweep();
    expect([await offsetsOf('g'), await offsetsOf('idle')]).toEqual([['7'], []]);
    now = 7_000;
    await shard.sweep();
    expect(await offsetsOf('g')).toEqual([]);

    // The deletions are in the log: a new shard loads no group.
    expect(await log.shard().read((groups) => [...groups.keys()])).toEqual([]);
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
