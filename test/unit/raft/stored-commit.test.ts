/**
 * Applying committed entries without waiting for a write (RawNode.
 * takeStoredCommitted), and telling followers of a commit lazily
 * (broadcastCommit off): two ways the leader's answer to a proposal stops
 * depending on work it need not wait for.
 */
import { describe, expect, it } from 'vitest';
import type { LogIndex, NodeId, Ready } from '../../../src/raft/index.js';
import { MemoryStorage, MessageType, RawNode, SeededRng } from '../../../src/raft/index.js';
import type { TestNode } from './harness.js';
import { TestCluster, bytes } from './harness.js';
import { runTicks, statusOf } from './helpers.js';

const text = (data: Uint8Array): string => new TextDecoder().decode(data);

/** Persists a Ready as the host would once its write is durable, and returns its messages. */
function persist(node: TestNode, rd: Ready): void {
  node.storage.append(rd.entries);
  if (rd.hardState !== null) node.storage.setHardState(rd.hardState);
}

/** A 3-node cluster led by node 1 with entry 'a' stored on the leader but not yet sent on: its App is returned. */
function leaderHoldingA(): { c: TestCluster; leader: TestNode; appOfA: Ready['earlyMessages'] } {
  const c = TestCluster.bootstrap(3);
  c.elect(1);
  const leader = c.node(1);
  leader.raw.propose(bytes('a'));
  const rd = leader.raw.ready();
  persist(leader, rd);
  leader.raw.advance();
  return { c, leader, appOfA: rd.earlyMessages };
}

describe('RawNode.takeStoredCommitted', () => {
  it('hands out an entry a follower acknowledgement commits while the write of a later entry is in flight', () => {
    const { c, leader, appOfA } = leaderHoldingA();
    leader.raw.propose(bytes('b'));
    const writingB = leader.raw.ready();
    expect(writingB.entries.map((e) => text(e.data))).toEqual(['b']);
    expect(writingB.committedEntries).toEqual([]);

    // Node 2 stores 'a' and acknowledges it while the leader's write of 'b' is still under way.
    c.node(2).raw.step(appOfA.find((m) => m.to === 2)!);
    c.processReady(c.node(2));
    for (const ack of c.inbox.filter((m) => m.type === MessageType.AppResp)) leader.raw.step(ack);

    const taken = leader.raw.takeStoredCommitted();
    expect(taken.map((e) => text(e.data))).toEqual(['a']);
    expect(leader.raw.takeStoredCommitted()).toEqual([]);

    persist(leader, writingB);
    leader.raw.advance();
    // 'a' is not handed out a second time.
    const next = leader.raw.ready();
    expect(next.committedEntries.map((e) => text(e.data))).not.toContain('a');
  });

  it('hands out nothing that is committed but not yet stored on this node', () => {
    const { c, leader, appOfA } = leaderHoldingA();
    leader.raw.propose(bytes('b'));
    const writingB = leader.raw.ready();
    // Both followers store 'a' and 'b' and acknowledge them: 'b' is committed, but the leader's copy is not written yet.
    for (const to of [2, 3]) {
      c.node(to).raw.step(appOfA.find((m) => m.to === to)!);
      c.node(to).raw.step(writingB.earlyMessages.find((m) => m.to === to)!);
      c.processReady(c.node(to));
    }
    for (const ack of c.inbox.filter((m) => m.type === MessageType.AppResp)) leader.raw.step(ack);
    expect(statusOf(c, 1).commit).toBe(writingB.entries[0]!.index);

    expect(leader.raw.takeStoredCommitted().map((e) => text(e.data))).toEqual(['a']);
    persist(leader, writingB);
    leader.raw.advance();
    expect(leader.raw.ready().committedEntries.map((e) => text(e.data))).toEqual(['b']);
  });

  it('hands out nothing while the outstanding Ready has committed entries of its own, which come first', () => {
    const { c, leader, appOfA } = leaderHoldingA();
    c.node(2).raw.step(appOfA.find((m) => m.to === 2)!);
    c.processReady(c.node(2));
    for (const ack of c.inbox.filter((m) => m.type === MessageType.AppResp)) leader.raw.step(ack);
    const rd = leader.raw.ready();
    expect(rd.committedEntries.map((e) => text(e.data))).toEqual(['a']);

    expect(leader.raw.takeStoredCommitted()).toEqual([]);
    persist(leader, rd);
    leader.raw.advance();
    expect(leader.raw.takeStoredCommitted()).toEqual([]);
    expect(statusOf(c, 1).applied).toBe(rd.committedEntries[0]!.index);
  });

  it('a node that compacted past the commit its hard state records restarts with commit at the snapshot', () => {
    // Entries applied through takeStoredCommitted() may be compacted before a hard state with their commit is written.
    const storage = new MemoryStorage();
    storage.bootstrap({ voters: [1 as NodeId, 2 as NodeId, 3 as NodeId], learners: [] });
    storage.append([2, 3, 4].map((index) => ({ index: index as LogIndex, term: 1 as never, type: 0 as never, data: bytes(`e${index}`) })));
    storage.setHardState({ ...storage.hard(), term: 1 as never, commit: 2 as LogIndex });
    storage.compact(4 as LogIndex, { voters: [1 as NodeId, 2 as NodeId, 3 as NodeId], learners: [] }, bytes('state at 4'));

    const raw = new RawNode({ id: 1 as NodeId, storage, rng: new SeededRng(1), applied: 4 as LogIndex });
    expect(raw.status()).toMatchObject({ commit: 4, applied: 4 });
  });
});

describe('broadcastCommit', () => {
  const afterProposal = (options: { broadcastCommit: boolean }): { c: TestCluster; traffic: ReturnType<TestCluster['stabilize']> } => {
    const c = TestCluster.bootstrap(3, options);
    c.elect(1);
    runTicks(c, 1);
    c.node(1).raw.propose(bytes('a'));
    return { c, traffic: c.stabilize() };
  };
  const emptyApps = (traffic: ReturnType<TestCluster['stabilize']>): number =>
    traffic.filter((m) => m.type === MessageType.App && m.entries.length === 0).length;

  it('on, followers hear of a commit at once, by an empty App, and apply the entry', () => {
    const { c, traffic } = afterProposal({ broadcastCommit: true });
    expect(emptyApps(traffic)).toBe(2);
    expect(c.payloads(2)).toEqual(['a']);
  });

  it('off, no empty App announces a commit: followers learn it from the next heartbeat', () => {
    const { c, traffic } = afterProposal({ broadcastCommit: false });
    expect(emptyApps(traffic)).toBe(0);
    expect(c.payloads(1)).toEqual(['a']);
    expect(c.payloads(2)).toEqual([]);
    runTicks(c, 1);
    expect(c.payloads(2)).toEqual(['a']);
    expect(c.payloads(3)).toEqual(['a']);
  });

  it('off, the next entry carries the commit of the one before it', () => {
    const { c } = afterProposal({ broadcastCommit: false });
    c.node(1).raw.propose(bytes('b'));
    c.stabilize();
    expect(c.payloads(2)).toEqual(['a']);
  });
});
