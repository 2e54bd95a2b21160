/**
 * Keeping a healthy leader in place: pre-vote (thesis §9.6), check-quorum
 * (thesis §6.2) and the leader lease that makes voters ignore disruptive
 * vote requests (thesis §4.2.3).
 */
import { describe, expect, it } from 'vitest';
import type { RaftOptions } from '../../../src/raft/index.js';
import { MessageType, Role } from '../../../src/raft/index.js';
import { TestCluster, bytes } from './harness.js';
import { loneNode, msg, runTicks, sent, statusOf, tickNodeUntil, tickUntil } from './helpers.js';

const E = 5;

/**
 * Three voters led by node 1 at term 2; node 3 is partitioned away for ten election timeouts and rejoins just
 * as its election timer fires (the worst moment), then two more election timeouts pass.
 */
function rejoin(options: Partial<RaftOptions>, duringPartition: (c: TestCluster) => void = () => {}): TestCluster {
  const c = TestCluster.bootstrap(3, { electionTicks: E, ...options });
  c.elect(1);
  c.isolate(3);
  duringPartition(c);
  runTicks(c, 10 * E);
  c.heal();
  c.node(3).raw.campaign();
  c.stabilize();
  runTicks(c, 2 * E);
  return c;
}

const termsAndLeads = (c: TestCluster): { term: number; lead: number }[] =>
  [1, 2, 3].map((id) => ({ term: statusOf(c, id).term, lead: statusOf(c, id).lead }));

describe('thesis §9.6 pre-vote', () => {
  // Reference: thesis §9.6 "a candidate only increments its term if it first learns from a majority of the
  // cluster that they would be willing to grant the candidate their votes"
  it('a partitioned follower keeps its term while it cannot reach a majority', () => {
    const c = TestCluster.bootstrap(3, { electionTicks: E });
    c.elect(1);
    c.isolate(3);
    runTicks(c, 10 * E);
    expect(statusOf(c, 3)).toMatchObject({ role: Role.PreCandidate, term: 2 });
  });

  // Reference: thesis §9.6 with §6.2: the rejoining server does not disrupt the leader.
  it('with pre-vote and check-quorum, a rejoining follower neither raises its term nor deposes the leader', () => {
    const c = rejoin({});
    expect(termsAndLeads(c)).toEqual([
      { term: 2, lead: 1 },
      { term: 2, lead: 1 },
      { term: 2, lead: 1 },
    ]);
  });

  // Reference: thesis §9.6 "the candidate's log is sufficiently up-to-date" — a follower that missed entries
  // during the partition is refused at the pre-vote and leaves no trace of its campaign.
  it('with pre-vote alone, a rejoining follower whose log fell behind is refused and catches up at the same term', () => {
    const c = rejoin({ checkQuorum: false }, (cluster) => {
      cluster.node(1).raw.propose(bytes('x'));
      cluster.stabilize();
    });
    expect(termsAndLeads(c)).toEqual([
      { term: 2, lead: 1 },
      { term: 2, lead: 1 },
      { term: 2, lead: 1 },
    ]);
    expect(c.payloads(3)).toEqual(['x']);
  });

  // Reference: thesis §9.6 "(if the candidate's log is sufficiently up-to-date, and the voters have not received
  // heartbeats from a valid leader for at least a baseline election timeout)". Here the rejoining follower's
  // log is as long as everyone's, so only the second condition can refuse it.

  it('with pre-vote alone, a rejoining follower with an up-to-date log does not depose the leader', () => {
    const c = rejoin({ checkQuorum: false });
    expect(termsAndLeads(c)).toEqual([
      { term: 2, lead: 1 },
      { term: 2, lead: 1 },
      { term: 2, lead: 1 },
    ]);
  });

  // Reference: thesis §9.6 — the disruption pre-vote exists to prevent: without it, the rejoining follower's
  // inflated term deposes the leader.
  it('without pre-vote or check-quorum, a rejoining follower deposes the leader with the term it inflated', () => {
    const c = TestCluster.bootstrap(3, { electionTicks: E, preVote: false, checkQuorum: false });
    c.elect(1);
    c.isolate(3);
    runTicks(c, 10 * E);
    const inflated = statusOf(c, 3).term;
    expect(inflated).toBeGreaterThan(2);
    c.heal();
    runTicks(c, 2 * E);
    expect([1, 2, 3].map((id) => statusOf(c, id).term)).toEqual([inflated + 1, inflated + 1, inflated + 1]);
    expect(c.leaders()).toEqual([3]);
  });

  it('a pre-candidate counts only grants for the term it asks about, not a late grant from the round before', () => {
    const c = loneNode({ terms: [1, 1] }, { electionTicks: E });
    const raw = c.node(1).raw;
    tickNodeUntil(raw, () => raw.basicStatus().role === Role.PreCandidate, 3 * E);
    const { term } = raw.basicStatus();
    // A grant at our own term answers an earlier round (the one asking about this term).
    raw.step(msg(MessageType.PreVoteResp, 2, 1, term));
    expect(raw.basicStatus()).toMatchObject({ role: Role.PreCandidate, term });
    raw.step(msg(MessageType.PreVoteResp, 2, 1, term + 1));
    expect(raw.basicStatus()).toMatchObject({ role: Role.Candidate, term: term + 1 });
  });
});

describe('thesis §6.2 check-quorum', () => {
  // Reference: thesis §6.2 "a leader steps down if an election timeout elapses without a successful round of
  // heartbeats to a majority of its cluster". The round under way at the partition still counts the answers to
  // the new leader's first AppendEntries, so the leader steps down at the end of the next round.
  it('a leader cut off from the majority steps down at the end of the first full election timeout without it', () => {
    const c = TestCluster.bootstrap(3, { electionTicks: E });
    c.elect(1);
    c.isolate(1);
    runTicks(c, 2 * E - 1);
    expect(statusOf(c, 1).role).toBe(Role.Leader);
    runTicks(c, 1);
    expect(statusOf(c, 1)).toMatchObject({ role: Role.Follower, term: 2, lead: 0 });
  });

  // Reference: thesis §6.2 with §9.6 (etcd's TestPreVoteWithCheckQuorum): followers of a leader that vanished
  // must not hold each other off with their leases; a pre-candidate follows no leader.
  it('after the leader vanishes, the two remaining followers elect one of them', () => {
    const c = TestCluster.bootstrap(3, { electionTicks: E });
    c.elect(1);
    c.isolate(1);
    const ticks = tickUntil(c, () => c.leaders().some((id) => id !== 1), 4 * E);
    // Nodes 2 and 3 draw the same timeout (5 ticks): both win their pre-votes, split the term-3 vote, and the
    // next timeout (tick 10) elects node 2 at term 4; by then the isolated node 1 has stepped down.
    expect({ ticks, leaders: c.leaders(), term: statusOf(c, 2).term }).toEqual({ ticks: 10, leaders: [2], term: 4 });
  });

  // Reference: thesis §6.2 (the converse): heartbeats answered by a majority keep the leader in place.
  it('a leader that hears from a majority stays leader', () => {
    const c = TestCluster.bootstrap(3, { electionTicks: E });
    c.elect(1);
    c.isolate(3);
    runTicks(c, 10 * E);
    expect(statusOf(c, 1)).toMatchObject({ role: Role.Leader, term: 2 });
  });
});

describe('thesis §4.2.3 leader lease', () => {
  /** Node 2 follows leader 1 at term 2 and has just heard from it. */
  function follower(): TestCluster {
    const c = TestCluster.bootstrap(3, { electionTicks: E });
    c.elect(1);
    return c;
  }

  // Reference: thesis §4.2.3 "if a server receives a RequestVote request within the minimum election timeout of
  // hearing from a current leader, it does not update its term or grant its vote".
  it.each([
    { name: 'RequestVote', type: MessageType.Vote },
    { name: 'PreVote', type: MessageType.PreVote },
  ])('a follower that heard from its leader within the election timeout ignores a $name of a higher term', ({ type }) => {
    const c = follower();
    c.node(2).raw.step(msg(type, 3, 2, 3, { index: 2, logTerm: 2 }));
    expect(sent(c, 2)).toEqual([]);
    expect(statusOf(c, 2)).toMatchObject({ term: 2, vote: 1, lead: 1 });
  });

  // Reference: thesis §4.2.3 — the lease lasts the minimum election timeout, no longer.
  it('once an election timeout passes without the leader, the follower grants the vote', () => {
    const c = follower();
    for (let t = 0; t < E; t++) c.node(2).raw.tick();
    sent(c, 2);
    c.node(2).raw.step(msg(MessageType.Vote, 3, 2, 3, { index: 2, logTerm: 2 }));
    expect(sent(c, 2).map(({ type, to, term, reject }) => ({ type, to, term, reject }))).toEqual([
      { type: MessageType.VoteResp, to: 3, term: 3, reject: false },
    ]);
  });

  // Reference: thesis §4.2.3 with §3.10: the lease must not stop the election a leadership transfer starts; the
  // transferee's RequestVote says it comes from one.
  it('a RequestVote from a leadership transfer is granted within the lease', () => {
    const c = follower();
    c.node(2).raw.step(msg(MessageType.Vote, 3, 2, 3, { index: 2, logTerm: 2, transfer: true }));
    expect(sent(c, 2).map(({ type, to, term, reject }) => ({ type, to, term, reject }))).toEqual([
      { type: MessageType.VoteResp, to: 3, term: 3, reject: false },
    ]);
    expect(statusOf(c, 2)).toMatchObject({ term: 3, vote: 3, lead: 0 });
  });
});
