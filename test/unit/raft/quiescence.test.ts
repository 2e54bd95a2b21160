/**
 * Quiescence of idle groups: a leader whose members hold its whole log,
 * committed, goes quiet with them; anything that has work for the group
 * wakes it; node liveness (the host's) stands in for heartbeats and
 * election timers while it is quiet.
 */
import { describe, expect, it } from 'vitest';
import type { NodeId } from '../../../src/raft/index.js';
import { MessageType, Role } from '../../../src/raft/index.js';
import { TestCluster, bytes } from './harness.js';
import { msg, runTicks, sent, statusOf, tickUntil } from './helpers.js';

const E = 10;
const everyoneLive = (): boolean => true;

/** Three voters led by node 1, idle and quiet. */
function quietCluster(): TestCluster {
  const c = TestCluster.bootstrap(3, { electionTicks: E });
  c.elect(1);
  expect(c.node(1).raw.maybeQuiesce(everyoneLive)).toBe(true);
  c.stabilize();
  return c;
}

const quiet = (c: TestCluster): boolean[] => [1, 2, 3].map((id) => c.node(id).raw.isQuiesced());

describe('quiescence', () => {
  it('an idle leader goes quiet with its followers, and then ticks send nothing', () => {
    const c = quietCluster();
    expect(quiet(c)).toEqual([true, true, true]);
    const before = c.delivered.length;
    runTicks(c, 5 * E);
    expect(c.delivered.length).toBe(before);
    expect([1, 2, 3].map((id) => statusOf(c, id).lead)).toEqual([1, 1, 1]);
  });

  it('a leader does not go quiet while a live member lacks part of its log or commit', () => {
    const c = TestCluster.bootstrap(3, { electionTicks: E });
    c.elect(1);
    c.isolate(3);
    c.node(1).raw.propose(bytes('x'));
    c.stabilize();
    expect(c.node(1).raw.maybeQuiesce(everyoneLive)).toBe(false);
    // With node 3's node dead, the leader may go quiet; node 3 is not told to, and is woken by the host when it returns.
    expect(c.node(1).raw.maybeQuiesce((node: NodeId) => node !== 3)).toBe(true);
    const told = sent(c, 1).filter((m) => m.quiesce);
    expect(told.map((m) => m.to)).toEqual([2]);
  });

  it('a proposal wakes the leader, its append wakes the followers, and the entry commits', () => {
    const c = quietCluster();
    const result = c.node(1).raw.propose(bytes('after-quiet'));
    expect(result.ok).toBe(true);
    expect(c.node(1).raw.isQuiesced()).toBe(false);
    c.stabilize();
    expect(quiet(c)).toEqual([false, false, false]);
    expect(c.payloads(2)).toContain('after-quiet');
  });

  it('an append lost while the group wakes is sent again from the leader’s heartbeats', () => {
    const c = quietCluster();
    c.dropIf = (m) => m.type === MessageType.App;
    c.node(1).raw.propose(bytes('lost-once'));
    c.stabilize();
    c.dropIf = null;
    tickUntil(c, () => c.payloads(2).includes('lost-once') && c.payloads(3).includes('lost-once'), 5 * E);
  });

  it('a follower whose log does not end at the leader’s last entry stays awake', () => {
    const c = TestCluster.bootstrap(3, { electionTicks: E });
    c.elect(1);
    const { term, lastIndex } = statusOf(c, 2);
    c.node(2).raw.step(msg(MessageType.Heartbeat, 1, 2, term, { index: lastIndex + 1, logTerm: term, commit: lastIndex }));
    expect(c.node(2).raw.isQuiesced()).toBe(false);
    const quiesceBeyond = { ...msg(MessageType.Heartbeat, 1, 2, term, { index: lastIndex + 1, logTerm: term, commit: lastIndex }), quiesce: true };
    c.node(2).raw.step(quiesceBeyond);
    expect(c.node(2).raw.isQuiesced()).toBe(false);
  });

  it('a heartbeat answer from a member that holds the log keeps a quiet leader quiet; other messages wake it', () => {
    const c = quietCluster();
    const { term } = statusOf(c, 1);
    c.node(1).raw.step(msg(MessageType.HeartbeatResp, 2, 1, term));
    expect(c.node(1).raw.isQuiesced()).toBe(true);
    c.node(1).raw.step(msg(MessageType.AppResp, 2, 1, term, { index: statusOf(c, 1).lastIndex }));
    expect(c.node(1).raw.isQuiesced()).toBe(false);
  });

  it('a follower woken because its leader’s node died grants pre-votes at once and elects a leader with a pre-vote', () => {
    const c = quietCluster();
    c.isolate(1);
    c.node(2).raw.unquiesce('leader-dead');
    c.node(3).raw.unquiesce('leader-dead');
    // A fresh election timer would run at least E ticks; an expired lease leaves at most E - 1.
    const ticks = tickUntil(c, () => c.delivered.some((m) => m.type === MessageType.PreVote), 3 * E);
    expect(ticks).toBeLessThan(E);
    tickUntil(c, () => c.leaders().some((id) => id !== 1), 3 * E);
    const campaign = c.delivered.filter((m) => m.type === MessageType.PreVote || m.type === MessageType.Vote);
    expect(campaign[0]?.type).toBe(MessageType.PreVote);
  });

  it('a quiet follower woken by a vote request keeps its lease on a leader its node still hears', () => {
    const c = quietCluster();
    const { term, lastIndex } = statusOf(c, 3);
    c.node(3).raw.step(msg(MessageType.PreVote, 2, 3, term + 1, { index: lastIndex, logTerm: term }));
    expect(c.node(3).raw.isQuiesced()).toBe(false);
    const answers = sent(c, 3).filter((m) => m.type === MessageType.PreVoteResp);
    // In its lease the follower ignores the request (thesis §4.2.3), as an awake one would.
    expect(answers.every((m) => m.reject)).toBe(true);
    expect(statusOf(c, 3)).toMatchObject({ lead: 1, term });
  });

  it('a quiet leader cut off from its followers is woken by node liveness and steps down by check-quorum', () => {
    const c = quietCluster();
    c.isolate(1);
    c.node(1).raw.unquiesce('peer-change');
    tickUntil(c, () => statusOf(c, 1).role !== Role.Leader, 2 * E + 1);
  });

  it('a woken leader sends heartbeats again at its next tick', () => {
    const c = quietCluster();
    c.node(1).raw.unquiesce('peer-change');
    c.tickAll(1);
    const beats = sent(c, 1).filter((m) => m.type === MessageType.Heartbeat);
    expect(beats.map((m) => m.to).sort()).toEqual([2, 3]);
    expect(beats.every((m) => !m.quiesce)).toBe(true);
  });
});
