import { afterEach, describe, expect, it } from 'vitest';
import { MultiRaftHost } from '../../../src/host/multi-raft-host.js';
import { StateMachineFailure } from '../../../src/host/state-machine.js';
import type { Entry, NodeId } from '../../../src/raft/index.js';
import { OffsetOrderError } from '../../../src/storage/errors.js';
import type { GroupId, GroupWrite, WriteOptions } from '../../../src/storage/types.js';
import { ListStm, LoopbackNetwork, MemoryHostStorage } from './fakes.js';

const NODES = [1, 2, 3] as NodeId[];
const POISON = 'poison';

/** A state machine that finds the entry POISON breaks its invariants, as a partition does a batch whose offsets do not follow. */
class RefusingStm extends ListStm {
  override apply(entries: readonly Entry[]): void {
    for (const entry of entries) {
      if (new TextDecoder().decode(entry.data) === POISON) throw new StateMachineFailure('entry breaks the invariants');
    }
    super.apply(entries);
  }
}

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met before the deadline');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('MultiRaftHost with a state machine that refuses a committed entry', () => {
  const hosts: MultiRaftHost[] = [];
  afterEach(() => {
    for (const host of hosts.splice(0)) host.stop();
  });

  it('stops that group where the entry is applied, and the nodes and their other groups go on', async () => {
    const network = new LoopbackNetwork();
    const fatal: unknown[] = [];
    const failed: [NodeId, GroupId][] = [];
    const healthy = new Map<NodeId, ListStm>();
    for (const id of NODES) {
      const host = new MultiRaftHost({
        nodeId: id,
        storage: new MemoryHostStorage(),
        transport: network.transport(id),
        tickMs: 5,
        seed: id,
        raft: { electionTicks: 10, heartbeatTicks: 2 },
        onFatal: (error) => fatal.push(error),
        onGroupFailed: (group, error) => {
          expect(error).toBeInstanceOf(StateMachineFailure);
          failed.push([id, group]);
        },
      });
      network.inboxes.set(id, (_from, envelopes) => host.receive(envelopes));
      hosts.push(host);
      await host.createGroup(1 as GroupId, { stm: new RefusingStm(), bootstrapVoters: NODES });
      const stm = new ListStm();
      healthy.set(id, stm);
      await host.createGroup(2 as GroupId, { stm, bootstrapVoters: NODES });
      host.start();
    }
    const leaderOf = (g: number) => hosts.find((h) => h.group(g as GroupId)?.isLeader());
    await until(() => leaderOf(1) !== undefined && leaderOf(2) !== undefined);

    const leader = leaderOf(1)!;
    const poisoned = leader.group(1 as GroupId)!.propose(new TextEncoder().encode(POISON));
    await expect(poisoned).rejects.toMatchObject({ failure: { reason: 'group-closed' } });
    // Each replica stops the group once it learns the entry committed; a stopped leader tells no one more.
    expect(leader.group(1 as GroupId)!.closed).toBe(true);
    expect(failed.length).toBeGreaterThanOrEqual(1);
    expect(failed.every(([, group]) => group === 1)).toBe(true);
    expect(hosts.filter((host) => host.group(1 as GroupId)!.closed).length).toBe(failed.length);

    // Group 2 still elects, commits and applies on every node.
    await until(() => leaderOf(2) !== undefined);
    await leaderOf(2)!.group(2 as GroupId)!.propose(new TextEncoder().encode('still here'));
    await until(() => NODES.every((id) => healthy.get(id)!.values.includes('still here')));
    expect(fatal).toEqual([]);
  });

  it('stops a group whose entries storage refuses for offsets that do not follow, on every replica, and the other groups go on', async () => {
    const network = new LoopbackNetwork();
    const fatal: unknown[] = [];
    const failed: [NodeId, GroupId][] = [];
    const healthy = new Map<NodeId, ListStm>();
    for (const id of NODES) {
      const storage = new RefusingStorage();
      const host = new MultiRaftHost({
        nodeId: id,
        storage,
        transport: network.transport(id),
        tickMs: 5,
        seed: id,
        raft: { electionTicks: 10, heartbeatTicks: 2 },
        onFatal: (error) => fatal.push(error),
        onGroupFailed: (group) => failed.push([id, group]),
      });
      network.inboxes.set(id, (_from, envelopes) => host.receive(envelopes));
      hosts.push(host);
      await host.createGroup(1 as GroupId, { stm: new ListStm(), bootstrapVoters: NODES });
      const stm = new ListStm();
      healthy.set(id, stm);
      await host.createGroup(2 as GroupId, { stm, bootstrapVoters: NODES });
      host.start();
    }
    const leaderOf = (g: number) => hosts.find((h) => h.group(g as GroupId)?.isLeader());
    await until(() => leaderOf(1) !== undefined && leaderOf(2) !== undefined);
    const leader = leaderOf(1)!;
    const refused = leader.group(1 as GroupId)!.propose(new TextEncoder().encode(POISON));
    await expect(refused).rejects.toMatchObject({ failure: { reason: 'group-closed' } });
    expect(leader.group(1 as GroupId)!.closed).toBe(true);
    // Every replica is sent the entry before the leader writes it, and refuses it alike.
    await until(() => failed.length === NODES.length);
    expect(failed.every(([, group]) => group === 1)).toBe(true);

    await until(() => leaderOf(2) !== undefined);
    await leaderOf(2)!.group(2 as GroupId)!.propose(new TextEncoder().encode('still here'));
    await until(() => NODES.every((id) => healthy.get(id)!.values.includes('still here')));
    expect(fatal).toEqual([]);
  });
});

/** Storage that refuses group 1's entry POISON as NodeStorage refuses offsets that do not follow: before writing anything. */
class RefusingStorage extends MemoryHostStorage {
  override write(writes: readonly GroupWrite[], options: WriteOptions): Promise<void> {
    const poisoned = writes.find((write) => write.entries?.some((entry) => new TextDecoder().decode(entry.data) === POISON));
    if (poisoned !== undefined) throw new OffsetOrderError(poisoned.group, 'offset point does not follow');
    return super.write(writes, options);
  }
}
