/**
 * Leadership transfer (thesis §3.10): the leader brings the transferee up to
 * date, then sends TimeoutNow; the transferee campaigns at once, and its
 * votes override the lease. Proposals wait; a transfer that stalls for an
 * election timeout is abandoned.
 */
import { describe, expect, it } from 'vitest';
import type { Message, NodeId } from '../../../src/raft/index.js';
import { MessageType, Role } from '../../../src/raft/index.js';
import { TestCluster, bytes } from './harness.js';
import { runTicks, statusOf } from './helpers.js';

const E = 5;

function led(): TestCluster {
  const c = TestCluster.bootstrap(3, { electionTicks: E });
  c.elect(1);
  return c;
}

const brief = (messages: readonly Message[]): { type: number; from: number; to: number }[] =>
  messages.map(({ type, from, to }) => ({ type, from, to }));

describe('thesis §3.10 leadership transfer', () => {
  // Reference: thesis §3.10 "the prior leader sends a TimeoutNow request to the target server. This request has
  // the same effect as the target server's election timer firing: the target server starts a new election".
  it('to an up-to-date follower: TimeoutNow at once, and the follower wins at the next term', () => {
    const c = led();
    expect(c.node(1).raw.transferLeadership(3 as NodeId)).toEqual({ ok: true });
    c.processReady(c.node(1));
    expect(brief(c.inbox)).toEqual([{ type: MessageType.TimeoutNow, from: 1, to: 3 }]);
    const before = c.delivered.length;
    c.stabilize();
    expect(c.leaders()).toEqual([3]);
    expect([1, 2, 3].map((id) => ({ term: statusOf(c, id).term, lead: statusOf(c, id).lead }))).toEqual(
      Array(3).fill({ term: 3, lead: 3 }),
    );
    // No pre-vote, and the RequestVotes say they come from a transfer so the voters' lease gives way.
    const votes = c.delivered.slice(before).filter((m) => m.type === MessageType.Vote || m.type === MessageType.PreVote);
    expect(votes.map(({ type, to, transfer }) => ({ type, to, transfer }))).toEqual([
      { type: MessageType.Vote, to: 1, transfer: true },
      { type: MessageType.Vote, to: 2, transfer: true },
    ]);
  });

  // Reference: thesis §3.10: the prior leader first brings the target's log up to date with ordinary
  // replication, then sends TimeoutNow.
  it('to a lagging follower: the leader first brings it up to date, then sends TimeoutNow', () => {
    const c = TestCluster.bootstrap(3, { electionTicks: E, msgBytesMax: 1 }); // one entry per AppendEntries
    c.elect(1);
    c.cut.add('1-3');
    for (const data of ['x', 'y']) c.node(1).raw.propose(bytes(data));
    c.stabilize();
    c.heal();
    expect(c.node(1).raw.transferLeadership(3 as NodeId)).toEqual({ ok: true });
    const before = c.delivered.length;
    c.stabilize();
    const traffic = c.delivered.slice(before);
    const acks = traffic.filter((m) => m.type === MessageType.AppResp && m.from === 3 && !m.reject && m.term === 2);
    expect(acks.map((m) => m.index)).toEqual([3, 4]);
    const timeoutNows = traffic.filter((m) => m.type === MessageType.TimeoutNow);
    expect(timeoutNows).toHaveLength(1);
    expect(traffic.indexOf(timeoutNows[0]!)).toBeGreaterThan(traffic.indexOf(acks[1]!));
    expect(c.leaders()).toEqual([3]);
    expect(statusOf(c, 3)).toMatchObject({ term: 3, commit: 5 });
    expect(c.payloads(3)).toEqual(['x', 'y']);
  });

  // Reference: thesis §3.10: while the transfer is under way, the prior leader stops accepting client requests.
  it("while the transfer is under way, proposals and configuration changes are refused with 'transferring'", () => {
    const c = led();
    c.isolate(3);
    const raw = c.node(1).raw;
    expect(raw.transferLeadership(3 as NodeId)).toEqual({ ok: true });
    expect(raw.propose(bytes('x'))).toEqual({ ok: false, reason: 'transferring', leaderHint: 3 });
    expect(raw.proposeConfChange({ type: 'add-learner', node: 4 as NodeId })).toEqual({
      ok: false,
      reason: 'transferring',
      leaderHint: 3,
    });
  });

  // Reference: thesis §3.10 "If the transfer does not complete within an election timeout, the prior leader
  // aborts the transfer and resumes accepting client requests."
  it('a transfer that has not finished within an election timeout is abandoned and proposals are accepted again', () => {
    const c = led();
    c.isolate(3);
    const raw = c.node(1).raw;
    raw.transferLeadership(3 as NodeId);
    runTicks(c, E - 1);
    expect(raw.propose(bytes('x'))).toMatchObject({ ok: false, reason: 'transferring' });
    runTicks(c, 1);
    expect(raw.propose(bytes('x'))).toEqual({ ok: true, term: 2, index: 3 });
    expect(statusOf(c, 1).role).toBe(Role.Leader);
  });

  // Reference: thesis §3.10 — the target must be a voting member other than the leader (a learner cannot win).
  it.each([
    { to: 1, reason: 'already-leader' },
    { to: 9, reason: 'unknown-node' },
    { to: 4, reason: 'not-voter' },
  ])('transfer to node $to is refused with $reason', ({ to, reason }) => {
    const c = led();
    c.add(4 as NodeId);
    expect(c.node(1).raw.proposeConfChange({ type: 'add-learner', node: 4 as NodeId }).ok).toBe(true);
    c.stabilize();
    expect(c.node(1).raw.transferLeadership(to as NodeId)).toEqual({ ok: false, reason });
    expect(c.node(1).raw.propose(bytes('x')).ok).toBe(true);
  });

  // Reference: thesis §3.10 — only the prior leader can transfer its leadership.
  it("a follower refuses to transfer with 'not-leader'", () => {
    const c = led();
    expect(c.node(2).raw.transferLeadership(3 as NodeId)).toEqual({ ok: false, reason: 'not-leader' });
  });
});
