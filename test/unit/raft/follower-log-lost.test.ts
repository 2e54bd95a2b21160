/**
 * A follower whose log goes backwards: with write caching a follower
 * acknowledges entries it holds only in memory, and a power loss takes them.
 * It restarts (under a new boot) with a shorter log than its leader's
 * progress says it matched, or with entries of an older term where the
 * lost ones were. It must never commit beyond what it has checked against
 * the leader, and the leader must find out where its log really ends.
 */
import { describe, expect, it } from 'vitest';
import type { MemoryStorage, NodeId } from '../../../src/raft/index.js';
import { MessageType, Progress, ProgressState, RawNode, SeededRng, logIndex } from '../../../src/raft/index.js';
import { TestCluster, bytes } from './harness.js';

/** Node `id` loses power: it restarts on `kept` (what reached its disk) under run `boot`. */
function powerLoss(c: TestCluster, id: number, kept: MemoryStorage, boot: number): void {
  const node = c.node(id);
  node.storage = kept;
  node.applied = [];
  node.raw = new RawNode({ id: id as NodeId, storage: kept, rng: new SeededRng(id), electionTicks: 10, heartbeatTicks: 1, boot });
}

function statusOf(c: TestCluster, id: number): { commit: number; lastIndex: number } {
  const { commit, lastIndex } = c.node(id).raw.status();
  return { commit, lastIndex };
}

describe('a follower that lost entries it acknowledged', () => {
  it('takes a heartbeat commit only up to its own log and is caught up by the leader', () => {
    const c = TestCluster.bootstrap(3, { boot: 1 });
    c.elect(1);
    c.node(1).raw.propose(bytes('a'));
    c.stabilize();
    const kept = c.node(2).storage.clone();
    for (const p of ['b', 'c', 'd']) c.node(1).raw.propose(bytes(p));
    c.stabilize();
    const leader = statusOf(c, 1);
    // The leader counted node 2's acknowledgement of b, c, d, and told it they are committed.
    expect(c.node(1).raw.status().progress.get(2 as NodeId)?.match).toBe(leader.lastIndex);
    const keptLast = kept.lastIndex();
    expect(keptLast).toBeLessThan(leader.commit);

    powerLoss(c, 2, kept, 2);
    c.node(1).raw.tick(); // a heartbeat whose commit is beyond node 2's log
    const delivered = c.stabilize();

    expect(delivered.some((m) => m.type === MessageType.Heartbeat && m.to === 2 && m.commit > keptLast)).toBe(true);
    expect(statusOf(c, 2)).toEqual(leader);
    expect(c.payloads(2)).toEqual(['a', 'b', 'c', 'd']);
    expect(c.node(1).raw.status().progress.get(2 as NodeId)?.match).toBe(leader.lastIndex);
  });

  it('never commits an entry of an older term that the lost entries had replaced (a clamp to its last index would)', () => {
    // Vote requests without the lease, so node 1 can be elected while node 2 still leads alone.
    const c = TestCluster.bootstrap(3, { boot: 1, preVote: false, checkQuorum: false });
    c.elect(2);
    c.node(2).raw.propose(bytes('a'));
    c.stabilize();
    // Node 2, cut off, appends x in its term; it never commits.
    c.isolate(2);
    c.node(2).raw.propose(bytes('x'));
    c.stabilize();
    const xIndex = c.node(2).raw.status().lastIndex;
    c.elect(1);
    for (const p of ['p', 'q']) c.node(1).raw.propose(bytes(p));
    c.stabilize();
    // What node 2's disk keeps: x, and the new term (terms and votes are always synced).
    const kept = c.node(2).storage.clone();
    const term = c.node(1).raw.status().term;
    kept.setHardState({ ...kept.hard(), term, vote: 0 as NodeId });

    // Node 2 rejoins; the leader overwrites x, node 2 acknowledges, then loses the overwrite.
    c.heal();
    c.node(1).raw.tick();
    c.stabilize();
    const leader = statusOf(c, 1);
    expect(statusOf(c, 2)).toEqual(leader);
    expect(leader.commit).toBeGreaterThan(xIndex);
    powerLoss(c, 2, kept, 2);
    expect(statusOf(c, 2).lastIndex).toBe(xIndex);

    c.node(1).raw.tick();
    c.stabilize();

    expect(c.payloads(2)).toEqual(['a', 'p', 'q']);
    expect(statusOf(c, 2)).toEqual(leader);
  });
});

describe('a quiet leader', () => {
  it('wakes when a member answers under a new boot, and catches that member up', () => {
    const c = TestCluster.bootstrap(3, { boot: 1 });
    c.elect(1);
    c.node(1).raw.propose(bytes('a'));
    c.stabilize();
    const kept = c.node(2).storage.clone();
    c.node(1).raw.propose(bytes('b'));
    c.stabilize();
    const leader = statusOf(c, 1);
    expect(c.node(1).raw.maybeQuiesce(() => true)).toBe(true);
    c.processReady(c.node(1));

    // Node 2 loses power with b unsynced; the leader's quiesce heartbeat reaches its next run.
    powerLoss(c, 2, kept, 2);
    c.stabilize();

    expect(c.node(1).raw.isQuiesced()).toBe(false);
    expect(statusOf(c, 2)).toEqual(leader);
    expect(c.payloads(2)).toEqual(['a', 'b']);
  });
});

describe('Progress.observeBoot', () => {
  it('adopts the first boot it hears without forgetting anything', () => {
    const pr = new Progress(logIndex(11), 4, 0);
    pr.maybeUpdate(logIndex(10));
    pr.becomeReplicate();
    expect(pr.observeBoot(7)).toBe(false);
    expect(pr.observeBoot(7)).toBe(false);
    expect(pr.match).toBe(10);
    expect(pr.state).toBe(ProgressState.Replicate);
  });

  it('forgets match and probes from where the follower was believed to be when the boot changes', () => {
    const pr = new Progress(logIndex(11), 4, 0);
    pr.observeBoot(7);
    pr.maybeUpdate(logIndex(10));
    pr.becomeReplicate();
    pr.sentEntries(logIndex(12), 100);

    expect(pr.observeBoot(8)).toBe(true);
    expect(pr.match).toBe(0);
    expect(pr.state).toBe(ProgressState.Probe);
    expect(pr.next).toBe(11);
    expect(pr.inflights.count()).toBe(0);
    // A rejection of the probe below the old match now moves next back: it is no longer stale.
    expect(pr.maybeDecrTo(logIndex(10), logIndex(6))).toBe(true);
    expect(pr.next).toBe(7);
  });
});
