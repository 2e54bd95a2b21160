import { afterEach, describe, expect, it } from 'vitest';
import { MultiRaftHost } from '../../../src/host/multi-raft-host.js';
import type { NodeId } from '../../../src/raft/index.js';
import type { GroupId, GroupWrite } from '../../../src/storage/types.js';
import { EntryType } from '../../../src/raft/index.js';
import { ColdLog, ListStm, LoopbackNetwork, MemoryHostStorage } from './fakes.js';

const NODES = [1, 2, 3] as NodeId[];

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met before the deadline');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('MultiRaftHost', () => {
  const hosts: MultiRaftHost[] = [];
  afterEach(() => {
    for (const host of hosts.splice(0)) host.stop();
  });

  async function cluster(groupCount: number, tickMs = 5) {
    const network = new LoopbackNetwork();
    const storages = new Map<NodeId, MemoryHostStorage>();
    const stms = new Map<string, ListStm>();
    const fatal: unknown[] = [];
    for (const id of NODES) {
      const storage = new MemoryHostStorage();
      storages.set(id, storage);
      const host = new MultiRaftHost({
        nodeId: id,
        storage,
        transport: network.transport(id),
        tickMs,
        seed: id,
        raft: { electionTicks: 10, heartbeatTicks: 2 },
        onFatal: (error) => fatal.push(error),
      });
      network.inboxes.set(id, (_from, envelopes) => host.receive(envelopes));
      hosts.push(host);
      for (let g = 1; g <= groupCount; g++) {
        const stm = new ListStm();
        stms.set(`${id}/${g}`, stm);
        await host.createGroup(g as GroupId, { stm, bootstrapVoters: NODES });
      }
      host.start();
    }
    const leaderOf = (g: number) => hosts.find((h) => h.group(g as GroupId)?.isLeader());
    return { network, storages, stms, fatal, leaderOf };
  }

  it('elects a leader per group and applies a proposal on every replica', async () => {
    const { stms, fatal, leaderOf } = await cluster(3);
    await until(() => [1, 2, 3].every((g) => leaderOf(g) !== undefined));
    const results = await Promise.all([1, 2, 3].map((g) => leaderOf(g)!.group(g as GroupId)!.propose(new TextEncoder().encode(`v${g}`))));
    expect(results.every((r) => r.index > 0)).toBe(true);
    await until(() => NODES.every((n) => [1, 2, 3].every((g) => stms.get(`${n}/${g}`)!.values.length === 1)));
    for (const n of NODES) for (const g of [1, 2, 3]) expect(stms.get(`${n}/${g}`)!.values).toEqual([`v${g}`]);
    expect(fatal).toEqual([]);
  });

  it('persists the Readys of many groups in one write per turn', async () => {
    const { storages, leaderOf } = await cluster(20);
    await until(() => Array.from({ length: 20 }, (_, i) => leaderOf(i + 1)).every((h) => h !== undefined));
    const storage = storages.get(1 as NodeId)!;
    const before = storage.writes.length;
    const proposals = [];
    for (let g = 1; g <= 20; g++) {
      const group = leaderOf(g)!.group(g as GroupId)!;
      for (let i = 0; i < 10; i++) proposals.push(group.propose(new TextEncoder().encode(`${g}:${i}`)));
    }
    await Promise.all(proposals);
    const writes = storage.writes.slice(before);
    // 200 proposals over 20 groups: turns, not proposals or groups, set the number of writes.
    expect(writes.length).toBeLessThan(100);
    expect(Math.max(...writes.map((w) => w.groups))).toBeGreaterThan(1);
  });

  it('answers a proposal committed by earlier writes while its leader is still writing the next turn', async () => {
    const { storages, leaderOf } = await cluster(1);
    await until(() => leaderOf(1) !== undefined);
    const group = leaderOf(1)!.group(1 as GroupId)!;
    const storage = storages.get(group.raw.status().id)!;
    const data = new TextEncoder().encode('answered early');
    const answered = group.propose(data);
    // Every leader write after the one carrying the proposal stays in flight, among them the one that records its commit.
    let written = false;
    storage.holdIf = (writes) => {
      if (writes.some((write) => write.entries?.some((entry) => entry.data === data))) written = true;
      else if (written) return true;
      return false;
    };
    try {
      const outcome = await Promise.race([answered.then(() => 'answered'), new Promise((resolve) => setTimeout(() => resolve('still waiting'), 2_000))]);
      expect(outcome).toBe('answered');
    } finally {
      storage.release();
    }
  });

  /**
   * Proposes 'a' and then 'b' on group 1's leader; the followers' acknowledgement of 'a' reaches
   * the leader while its write of 'b' is held. Long ticks: the leader sends no heartbeats while
   * that write is held, and no follower may campaign meanwhile.
   */
  async function acknowledgeWhileLeaderWrites(prepare: (leaderId: NodeId, stms: Map<string, ListStm>) => void) {
    const { storages, stms, fatal, leaderOf } = await cluster(1, 50);
    await until(() => leaderOf(1) !== undefined);
    const group = leaderOf(1)!.group(1 as GroupId)!;
    const leaderId = group.raw.status().id;
    prepare(leaderId, stms);
    const leader = storages.get(leaderId)!;
    const followers = NODES.filter((n) => n !== leaderId).map((n) => storages.get(n)!);
    const carries = (text: string) => (writes: readonly GroupWrite[]) =>
      writes.some((write) => write.entries?.some((entry) => new TextDecoder().decode(entry.data) === text));
    for (const follower of followers) follower.holdIf = carries('a');
    const answeredA = group.propose(new TextEncoder().encode('a'));
    await until(() => followers.every((follower) => follower.holding > 0));
    leader.holdIf = carries('b');
    void group.propose(new TextEncoder().encode('b')).catch(() => undefined);
    await until(() => leader.holding > 0);
    for (const follower of followers) follower.release();
    return { answeredA, fatal, releaseLeader: () => leader.release() };
  }

  it('answers a proposal once an acknowledgement commits it, even while its leader is writing a later entry', async () => {
    const { answeredA, releaseLeader } = await acknowledgeWhileLeaderWrites(() => {});
    try {
      const outcome = await Promise.race([answeredA.then(() => 'answered'), new Promise((resolve) => setTimeout(() => resolve('still waiting'), 2_000))]);
      expect(outcome).toBe('answered');
    } finally {
      releaseLeader();
    }
  });

  it('stops the node through onFatal when an entry applied during a write cannot be applied', async () => {
    const { answeredA, fatal, releaseLeader } = await acknowledgeWhileLeaderWrites((leaderId, stms) => {
      stms.get(`${leaderId}/1`)!.failOn = 'a';
    });
    void answeredA.catch(() => undefined);
    try {
      await until(() => fatal.length > 0);
      expect(fatal[0]).toMatchObject({ message: 'cannot apply a' });
    } finally {
      releaseLeader();
    }
  });

  it('refuses a proposal made after the host stopped, rather than holding it unanswered', async () => {
    const { leaderOf } = await cluster(1);
    await until(() => leaderOf(1) !== undefined);
    const leader = leaderOf(1)!;
    leader.stop();
    await expect(leader.group(1 as GroupId)!.propose(new TextEncoder().encode('too late'))).rejects.toMatchObject({ failure: { reason: 'group-closed' } });
  });

  it('fails waiting proposals with a typed error when the host stops', async () => {
    const { network, leaderOf } = await cluster(1);
    await until(() => leaderOf(1) !== undefined);
    const leader = leaderOf(1)!;
    for (const n of NODES) network.down.add(n);
    const pending = leader.group(1 as GroupId)!.propose(new TextEncoder().encode('never'));
    leader.stop();
    await expect(pending).rejects.toMatchObject({ failure: { reason: 'group-closed' } });
  });
});

describe('MultiRaftHost with a log still loading', () => {
  it('waits for the log to load instead of spinning, then applies what was committed', async () => {
    const log = new ColdLog(100);
    log.bootstrap({ voters: [1 as NodeId], learners: [] });
    const entries = [2, 3, 4].map((index) => ({ term: 1 as never, index: index as never, type: EntryType.Normal, data: new TextEncoder().encode(`v${index}`) }));
    log.append(entries);
    log.setHardState({ term: 1 as never, vote: 1 as NodeId, commit: 4 as never });
    const storage = new MemoryHostStorage();
    storage.logs.set(1 as GroupId, log);
    const host = new MultiRaftHost({
      nodeId: 1 as NodeId,
      storage,
      transport: new LoopbackNetwork().transport(1 as NodeId),
      tickMs: 1000,
      onFatal: (error) => {
        throw error;
      },
    });
    const stm = new ListStm();
    await host.createGroup(1 as GroupId, { stm });
    try {
      await until(() => stm.values.length === 3);
      expect(stm.values).toEqual(['v2', 'v3', 'v4']);
      // A spinning loop would ask thousands of times in 100 ms.
      expect(log.entriesCalls).toBeLessThan(10);
    } finally {
      host.stop();
    }
  });
});

describe('MultiRaftHost write caching', () => {
  async function singleNode(writeCaching: boolean) {
    const storage = new MemoryHostStorage();
    const host = new MultiRaftHost({
      nodeId: 1 as NodeId,
      storage,
      transport: new LoopbackNetwork().transport(1 as NodeId),
      tickMs: 5,
      onFatal: (error) => {
        throw error;
      },
    });
    const group = await host.createGroup(1 as GroupId, { stm: new ListStm(), bootstrapVoters: [1 as NodeId], writeCaching });
    host.start();
    // Leader, and its election (new term, vote, no-op) persisted and applied.
    await until(() => group.isLeader() && group.raw.status().applied === group.raw.status().lastIndex);
    return { host, group, storage };
  }

  it('fsyncs every append by default', async () => {
    const { host, group, storage } = await singleNode(false);
    try {
      const before = storage.writes.length;
      await group.propose(new TextEncoder().encode('durable'));
      expect(storage.writes.slice(before).some((w) => w.sync)).toBe(true);
    } finally {
      host.stop();
    }
  });

  it('acknowledges appends of a write-caching group without an fsync, but never a vote', async () => {
    const { host, group, storage } = await singleNode(true);
    try {
      // Becoming leader changed the term and the vote: that write was synced.
      expect(storage.writes.some((w) => w.sync)).toBe(true);
      const before = storage.writes.length;
      await group.propose(new TextEncoder().encode('cached'));
      const writes = storage.writes.slice(before);
      expect(writes.length).toBeGreaterThan(0);
      expect(writes.every((w) => !w.sync)).toBe(true);
    } finally {
      host.stop();
    }
  });

  it("asks storage to fsync a write-caching group's appends within the group's own bound (its topic's write.caching.flush.ms)", async () => {
    const { host, group, storage } = await singleNode(true);
    try {
      group.writeCachingFlushMs = 7;
      const before = storage.writes.length;
      await group.propose(new TextEncoder().encode('cached'));
      const appends = storage.writes.slice(before).filter((w) => w.groups > 0 && !w.sync);
      expect(appends.length).toBeGreaterThan(0);
      expect(appends[0]!.flushWithinMs).toBe(7);
    } finally {
      host.stop();
    }
  });
});
