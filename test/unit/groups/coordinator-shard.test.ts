import { describe, expect, it, vi } from 'vitest';
import type { CoordinatorShard } from '../../../src/groups/coordinator-shard.js';
import { GROUP_RECORD_BYTES_MAX, GROUPS_PER_SHARD_MAX, OFFSET_METADATA_BYTES_MAX } from '../../../src/groups/limits.js';
import type { PartitionFrontend } from '../../../src/partition/partition-frontend.js';
import type { Term } from '../../../src/raft/index.js';
import { decodeBatch, encodeBatch } from '../../../src/records/index.js';
import { encodeGroupRecord } from '../../../src/groups/records.js';
import type { TopicDirectory } from '../../../src/groups/topic-directory.js';
import { FakePartition, topics } from './fake-offsets-partition.js';

const beat = { memberId: '', memberEpoch: 0, instanceId: '', subscribed: ['orders'], assignor: '', sessionTimeoutMs: 60_000, owned: {} };

describe('CoordinatorShard', () => {
  it('rebuilds its groups from the partition, and after a checkpoint from the part retention keeps', async () => {
    const log = new FakePartition();
    const first = log.shard();
    const joined = await first.run('g', (group) => group.heartbeat(beat, 0, (t) => (t === 'orders' ? 4 : undefined), () => 'm1'));
    for (let i = 1; i <= 50; i++) {
      await first.run('g', (group) => group.commit('m1', joined.memberEpoch, [{ topic: 'orders', partition: i % 4, offset: BigInt(i), metadata: '' }], i, topics));
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
    await shard.run('g', (group) => group.commit('m1', joined.memberEpoch, [{ topic: 'orders', partition: 0, offset: 7n, metadata: '' }], now, topics));
    // An admin commit to an empty group, as for a reset of its offsets.
    await shard.run('idle', (group) => group.commit('', -1, [{ topic: 'orders', partition: 1, offset: 3n, metadata: '' }], now, topics));

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

  it('forgets when it saw a group empty once the group is deleted, so deleted groups hold no memory in a long-lived shard', async () => {
    const log = new FakePartition();
    const shard = log.shard();
    // What the shard keeps per group beside the groups themselves: private, and a leak only shows in it.
    const emptySince = (shard as unknown as { emptySinceMs: ReadonlyMap<string, number> }).emptySinceMs;
    for (let i = 0; i < 20; i++) {
      await shard.run(`g${i}`, (group) => group.commit('', -1, [{ topic: 'orders', partition: 0, offset: 1n, metadata: '' }], 0, topics));
    }
    await shard.sweep();
    expect(emptySince.size).toBe(20);
    for (let i = 0; i < 20; i++) await shard.run(`g${i}`, (group) => group.delete());
    expect(await shard.read((groups) => groups.size)).toBe(0);
    expect(emptySince.size).toBe(0);
  });

  it('answers NOT_COORDINATOR and reloads after an append fails', async () => {
    const log = new FakePartition();
    const failing = { append: () => Promise.reject(new Error('lost leadership')) } as unknown as PartitionFrontend;
    const shard = log.shard({ frontend: failing });
    await expect(shard.run('g', (group) => group.heartbeat(beat, 0, () => 4, () => 'm1'))).rejects.toMatchObject({ code: 'NOT_COORDINATOR' });
    expect(shard.failed).toBe(true);
    await expect(shard.read(() => 1)).rejects.toMatchObject({ code: 'NOT_COORDINATOR' });
  });

  it('packs a commit of 600 offsets with 4 KiB of metadata each, and its checkpoint, into batches under the topic\'s 1 MiB limit', async () => {
    const log = new FakePartition();
    const shard = log.shard({ checkpointBytes: 0 });
    const metadata = 'm'.repeat(OFFSET_METADATA_BYTES_MAX);
    const offsets = Array.from({ length: 600 }, (_, p) => ({ topic: 'big', partition: p, offset: BigInt(p), metadata }));
    await shard.run('g', (group) => group.commit('', -1, offsets, 0, topics));
    await shard.sweep(); // a checkpoint is due at once
    expect(log.batches.length).toBeGreaterThan(4);
    for (const { bytes } of log.batches) expect(bytes.byteLength).toBeLessThanOrEqual(1024 * 1024);
    const records = log.batches.flatMap(({ bytes }) => decodeBatch(bytes).records);
    expect(records.length).toBe(1201); // the commit, then the checkpoint: the group record and the 600 offsets again
    expect(await log.shard().read((groups) => groups.get('g')?.offsets.size)).toBe(600);
  });

  it('refuses a change whose record would exceed its bound with GROUP_RECORD_TOO_LARGE, leaving the group and the shard as they were', async () => {
    const log = new FakePartition();
    const shard = log.shard();
    const counts = (topic: string) => (topic === 'orders' ? 4 : 1024);
    await shard.run('g', (group) => group.heartbeat(beat, 0, counts, () => 'm1'));
    const before = await shard.read((groups) => ({ epoch: groups.get('g')!.epoch, members: [...groups.get('g')!.members.values()] }));
    const written = log.next;
    // 80 subscribed topics of 1,024 partitions each: the joiner's assignment alone would take about 400 KB.
    const wide = Array.from({ length: 80 }, (_, i) => `topic-${i}-${'x'.repeat(200)}`);
    const join = shard.run('g', (group) => group.heartbeat({ ...beat, subscribed: wide }, 1, counts, () => 'm2'));
    await expect(join).rejects.toMatchObject({ code: 'GROUP_RECORD_TOO_LARGE', retriable: false });
    expect(log.next).toBe(written);
    expect(shard.failed).toBe(false);
    expect(await shard.read((groups) => ({ epoch: groups.get('g')!.epoch, members: [...groups.get('g')!.members.values()] }))).toEqual(before);
    expect(GROUP_RECORD_BYTES_MAX).toBeLessThan(1024 * 1024);
  });

  it('refuses a group beyond the shard\'s bound with TOO_MANY_GROUPS while its groups carry on', async () => {
    const log = new FakePartition();
    const shard = log.shard();
    const commit = (groupId: string) => shard.run(groupId, (group) => group.commit('', -1, [{ topic: 'orders', partition: 0, offset: 1n, metadata: '' }], 0, topics));
    for (let i = 0; i < GROUPS_PER_SHARD_MAX; i++) await commit(`g${i}`);
    await expect(commit('one-too-many')).rejects.toMatchObject({ code: 'TOO_MANY_GROUPS', retriable: false });
    await commit('g0');
    await shard.run('g1', (group) => group.delete());
    await commit('one-too-many');
    expect(shard.failed).toBe(false);
  });

  it('writes nothing once the node no longer leads the partition in the shard\'s term', async () => {
    const log = new FakePartition();
    let term = 1;
    const shard = log.shard({ leaderTerm: () => term as Term });
    await shard.run('g', (group) => group.heartbeat(beat, 0, () => 4, () => 'm1'));
    const written = log.next;
    term = 3; // it lost the leadership and won it back in a later term: its memory may be stale
    await expect(shard.run('h', (group) => group.heartbeat(beat, 0, () => 4, () => 'm2'))).rejects.toMatchObject({ code: 'NOT_COORDINATOR' });
    expect(log.next).toBe(written);
    expect(shard.failed).toBe(true);
  });

  it('does not answer a heartbeat that wrote nothing as committed while an earlier write it depends on fails', async () => {
    const log = new FakePartition();
    let fail: (error: Error) => void = () => undefined;
    let appendCalled: () => void = () => undefined;
    const called = new Promise<void>((resolve) => (appendCalled = resolve));
    const shard = log.shard();
    const joined = await shard.run('g', (group) => group.heartbeat(beat, 0, () => 4, () => 'm1'));
    const settled = await shard.run('g', (group) => group.heartbeat({ ...beat, memberId: 'm1', memberEpoch: joined.memberEpoch }, 0, () => 4, () => 'm1'));
    // From now on appends hang until the test fails them.
    (log.frontend as { append: unknown }).append = () =>
      new Promise((_, reject) => {
        fail = reject;
        appendCalled();
      });
    const committing = shard.run('g', (group) => group.commit('m1', settled.memberEpoch, [{ topic: 'orders', partition: 0, offset: 9n, metadata: '' }], 0, topics));
    await called;
    const again = { ...beat, memberId: 'm1', memberEpoch: settled.memberEpoch, owned: settled.assignment };
    let ran = false;
    const heartbeat = shard.run('g', (group) => {
      ran = true;
      return group.heartbeat(again, 0, () => 4, () => 'm1');
    });
    await vi.waitFor(() => expect(ran).toBe(true));
    fail(new Error('lost leadership'));
    await expect(committing).rejects.toMatchObject({ code: 'NOT_COORDINATOR' });
    await expect(heartbeat).rejects.toMatchObject({ code: 'NOT_COORDINATOR' });
  });

  it('drops a deleted topic\'s offsets at the first sweep after the metadata changed, in its log too', async () => {
    const log = new FakePartition();
    let deleted = false;
    const directory: TopicDirectory = {
      topic: (name) => (deleted && name === 'orders' ? undefined : topics.topic(name)),
      created: (id) => topics.created(id),
      version: () => (deleted ? 3 : 2),
    };
    const shard = log.shard({ topics: directory });
    const offsets = [{ topic: 'orders', partition: 0, offset: 4n, metadata: '' }, { topic: 'big', partition: 9, offset: 8n, metadata: '' }];
    await shard.run('g', (group) => group.commit('', -1, offsets, 0, directory));
    const written = log.next;
    await shard.sweep();
    expect(log.next).toBe(written);

    deleted = true;
    await shard.sweep();
    const topicsOf = (of: CoordinatorShard) => of.read((groups) => [...groups.get('g')!.offsets.values()].map((o) => o.topic));
    expect(await topicsOf(shard)).toEqual(['big']);
    expect(await topicsOf(log.shard({ topics: directory }))).toEqual(['big']);
  });

  it('restates in its checkpoint a record written before the bounds, larger than they now allow, instead of failing every checkpoint', async () => {
    const log = new FakePartition();
    const subscribed = Array.from({ length: 1_500 }, (_, i) => `legacy-${i}-${'x'.repeat(200)}`);
    const member = { instanceId: '', epoch: 1, previousEpoch: 0, subscribed, assignor: 'uniform' as const, sessionTimeoutMs: 60_000, assigned: {}, revoking: {}, away: false };
    const legacy = encodeGroupRecord({ key: { t: 'member', g: 'g', m: 'old' }, value: member });
    expect(legacy.value!.byteLength).toBeGreaterThan(GROUP_RECORD_BYTES_MAX);
    await log.frontend.append(encodeBatch([{ ...legacy, timestamp: 0n }]));

    const shard = log.shard({ checkpointBytes: 0 });
    await shard.sweep();
    expect(shard.failed).toBe(false);
    expect(log.batches.length).toBe(2);
    expect(await log.shard().read((groups) => groups.get('g')?.members.get('old')?.subscribed.length)).toBe(1_500);
  });
});
