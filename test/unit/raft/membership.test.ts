/**
 * Membership changes one server at a time (paper §6, thesis §4): a
 * configuration takes effect on append, learners catch up without voting,
 * the leader may remove itself, and one change is in flight at a time.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ConfChange, ConfState, Message, NodeId } from '../../../src/raft/index.js';
import { MessageType, Role, applyConfChange, decodeConfState, encodeConfState } from '../../../src/raft/index.js';
import { TestCluster, bytes } from './harness.js';
import { runTicks, statusOf, termsOf } from './helpers.js';

const E = 5;

/** Three voters led by node 1 at term 2 (commit 2). */
function led(): TestCluster {
  const c = TestCluster.bootstrap(3, { electionTicks: E });
  c.elect(1);
  return c;
}

function change(c: TestCluster, cc: ConfChange): void {
  expect(c.node(1).raw.proposeConfChange(cc).ok).toBe(true);
  c.stabilize();
}

/** Voters 1-3 led by node 1, and node 4 added as a learner (the change is committed at index 3). */
function withLearner(): TestCluster {
  const c = led();
  c.add(4 as NodeId);
  change(c, { type: 'add-learner', node: 4 as NodeId });
  return c;
}

const conf = (voters: number[], learners: number[] = []): ConfState => ({ voters: voters as NodeId[], learners: learners as NodeId[] });

describe('thesis §4.2.1 learners (non-voting members)', () => {
  // Reference: thesis §4.2.1: a new server first joins as a non-voting member; the leader replicates entries to
  // it, but it does not count toward majorities for elections or commitment.
  it('a learner added to the group receives the log and applies what is committed', () => {
    const c = withLearner();
    c.node(1).raw.propose(bytes('x'));
    c.stabilize();
    expect([1, 4].map((id) => c.confOf(id))).toEqual([conf([1, 2, 3], [4]), conf([1, 2, 3], [4])]);
    expect(termsOf(c.node(4))).toEqual([1, 2, 2, 2]);
    expect(c.payloads(4)).toEqual(['x']);
  });

  // Reference: thesis §4.2.1 (not counted toward commitment).
  it('a learner does not count toward commitment', () => {
    const c = withLearner();
    c.cut.add('1-2');
    c.cut.add('1-3');
    c.node(1).raw.propose(bytes('y'));
    c.stabilize();
    expect(statusOf(c, 4).lastIndex).toBe(4);
    expect(statusOf(c, 1).progress.get(4 as NodeId)?.match).toBe(4);
    expect(statusOf(c, 1).commit).toBe(3);
  });

  // Reference: thesis §4.2.1 (not counted toward elections: it never stands).
  it('a learner never campaigns, however long it hears nothing', () => {
    const c = withLearner();
    const fromLearner: Message[] = [];
    c.afterPersist = (node, rd) => {
      if (node.id === 4) fromLearner.push(...rd.messages);
    };
    c.isolate(4);
    runTicks(c, 10 * E);
    expect(fromLearner).toEqual([]);
    expect(statusOf(c, 4)).toMatchObject({ role: Role.Follower, term: 2 });
  });

  // Reference: thesis §4.2.1: once the non-voting member has caught up, the change that makes it a voter
  // proceeds; promotion is that single-server change (§4.1).
  it('a promoted learner becomes a voter: commitment then needs three of four', () => {
    const c = withLearner();
    change(c, { type: 'promote-learner', node: 4 as NodeId });
    expect([1, 2, 3, 4].map((id) => c.confOf(id))).toEqual(Array(4).fill(conf([1, 2, 3, 4])));
    c.cut.add('1-3');
    c.cut.add('1-4');
    c.node(1).raw.propose(bytes('z'));
    c.stabilize();
    expect(statusOf(c, 1)).toMatchObject({ lastIndex: 5, commit: 4 }); // nodes 1 and 2: two of four
  });
});

describe('thesis §4.1 single-server changes', () => {
  // Reference: thesis §4.1 "the new configuration takes effect on each server as soon as it is added to that
  // server's log ... a server always uses the latest configuration in its log, regardless of whether the entry
  // is committed."
  it('a follower uses a configuration as soon as it appends it, before it is committed', () => {
    const c = led();
    c.cut.add('1-3');
    c.dropIf = (m) => m.type === MessageType.AppResp;
    change(c, { type: 'add-learner', node: 4 as NodeId });
    expect(c.confOf(2)).toEqual(conf([1, 2, 3], [4]));
    expect([statusOf(c, 1).commit, statusOf(c, 2).commit]).toEqual([2, 2]);
    expect(c.confOf(3)).toEqual(conf([1, 2, 3]));
  });

  // Reference: thesis §4.1 — adding one voter; the new configuration's majority decides commitment at once.
  it('a voter added directly receives the log and counts toward commitment', () => {
    const c = led();
    c.add(4 as NodeId);
    change(c, { type: 'add-voter', node: 4 as NodeId });
    expect(c.confOf(4)).toEqual(conf([1, 2, 3, 4]));
    c.isolate(3);
    c.node(1).raw.propose(bytes('x'));
    c.stabilize();
    expect(statusOf(c, 1).commit).toBe(4); // nodes 1, 2 and 4: three of four
    expect(c.payloads(4)).toEqual(['x']);
  });

  // Reference: thesis §4.2.3 "removed servers (those not in Cnew) can disrupt the cluster. These servers will not
  // receive heartbeats, so they will time out and start new elections"; pre-vote and the lease keep them out.
  it('a removed follower gets nothing more, and its campaigns do not disturb the leader', () => {
    const c = led();
    const before = c.delivered.length;
    change(c, { type: 'remove-node', node: 3 as NodeId });
    expect([1, 2].map((id) => c.confOf(id))).toEqual([conf([1, 2]), conf([1, 2])]);
    expect(c.confOf(3)).toEqual(conf([1, 2, 3])); // the change took effect on the leader before it was sent
    c.node(1).raw.propose(bytes('x'));
    runTicks(c, 10 * E);
    expect(c.delivered.slice(before).filter((m) => m.to === 3)).toEqual([]);
    const fromRemoved = c.delivered.slice(before).filter((m) => m.from === 3);
    expect(new Set(fromRemoved.map((m) => m.type))).toEqual(new Set([MessageType.PreVote]));
    expect([1, 2, 3].map((id) => statusOf(c, id).term)).toEqual([2, 2, 2]);
    expect(statusOf(c, 1)).toMatchObject({ role: Role.Leader, commit: 4 });
  });

  // Reference: thesis §4.2.2 "the leader steps down ... once the Cnew entry is committed ... the leader
  // manages a cluster that does not include itself ... it replicates log entries but does not count itself in
  // majorities." Cairn then hands over at once with TimeoutNow (thesis §3.10) rather than wait for a timeout.
  it('a leader that removes itself commits the change without counting itself, steps down and hands over', () => {
    const c = led();
    const campaigns: Message[] = [];
    c.afterPersist = (node, rd) => {
      if (node.id === 1) campaigns.push(...rd.messages.filter((m) => m.type === MessageType.PreVote || m.type === MessageType.Vote));
    };
    c.cut.add('1-3');
    expect(c.node(1).raw.proposeConfChange({ type: 'remove-node', node: 1 as NodeId }).ok).toBe(true);
    c.stabilize();
    expect(statusOf(c, 1)).toMatchObject({ role: Role.Leader, commit: 2, conf: conf([2, 3]) }); // node 2 alone is no majority of {2, 3}
    c.cut.delete('1-3');
    runTicks(c, 1);
    expect(statusOf(c, 1)).toMatchObject({ role: Role.Follower, term: 2, commit: 3 });
    const handover = c.delivered.filter((m) => m.type === MessageType.TimeoutNow);
    expect(handover.map(({ from, to, term }) => ({ from, to, term }))).toEqual([{ from: 1, to: 2, term: 2 }]);
    expect(c.leaders()).toEqual([2]);
    expect(statusOf(c, 2)).toMatchObject({ term: 3, commit: 4, conf: conf([2, 3]) });
    expect(campaigns).toEqual([]);
  });

  // Reference: thesis §4.1: the leader starts a configuration change only once the previous one's entry has
  // committed.
  it("a second change while one is uncommitted is refused with 'conf-change-pending'", () => {
    const c = led();
    const raw = c.node(1).raw;
    expect(raw.proposeConfChange({ type: 'add-learner', node: 4 as NodeId }).ok).toBe(true);
    expect(raw.proposeConfChange({ type: 'add-learner', node: 5 as NodeId })).toEqual({ ok: false, reason: 'conf-change-pending' });
    c.stabilize();
    expect(raw.proposeConfChange({ type: 'add-learner', node: 5 as NodeId })).toEqual({ ok: true, term: 2, index: 4 });
  });

  // Reference: the single-server change bug (raft-dev, 2015, thesis errata): "a leader may not append a new
  // configuration entry until it has committed an entry from its current term".
  it("a new leader refuses a change with 'conf-change-pending' until its first entry commits", () => {
    const c = TestCluster.bootstrap(3, { electionTicks: E });
    c.dropIf = (m) => m.type === MessageType.AppResp;
    c.elect(1);
    const raw = c.node(1).raw;
    expect(statusOf(c, 1)).toMatchObject({ role: Role.Leader, commit: 1 });
    expect(raw.proposeConfChange({ type: 'add-learner', node: 4 as NodeId })).toEqual({ ok: false, reason: 'conf-change-pending' });
    expect(raw.propose(bytes('x')).ok).toBe(true);
    c.dropIf = null;
    runTicks(c, 1);
    expect(statusOf(c, 1).commit).toBe(3);
    expect(raw.proposeConfChange({ type: 'add-learner', node: 4 as NodeId })).toEqual({ ok: true, term: 2, index: 4 });
  });

  // Reference: thesis §4.1 — each change adds or removes exactly one server; a change that names a server in the
  // wrong role is no such change.
  it.each([
    { change: { type: 'add-learner', node: 2 }, detail: 'node 2 is already a member' },
    { change: { type: 'add-learner', node: 4 }, detail: 'node 4 is already a member' },
    { change: { type: 'add-voter', node: 2 }, detail: 'node 2 is already a voter' },
    { change: { type: 'promote-learner', node: 2 }, detail: 'node 2 is not a learner' },
    { change: { type: 'promote-learner', node: 5 }, detail: 'node 5 is not a learner' },
    { change: { type: 'remove-node', node: 5 }, detail: 'node 5 is not a member' },
  ] as const)("$change.type of node $change.node is refused with 'invalid-conf-change': $detail", ({ change: cc, detail }) => {
    const c = withLearner();
    const refused = c.node(1).raw.proposeConfChange({ type: cc.type, node: cc.node as NodeId });
    expect(refused).toEqual({ ok: false, reason: 'invalid-conf-change', detail });
    expect(statusOf(c, 1).lastIndex).toBe(3);
  });

  // Reference: thesis §4.1 — a configuration without voters could never elect a leader again.
  it("removing the last voter is refused with 'invalid-conf-change'", () => {
    const c = TestCluster.bootstrap(1);
    c.elect(1);
    expect(c.node(1).raw.proposeConfChange({ type: 'remove-node', node: 1 as NodeId })).toEqual({
      ok: false,
      reason: 'invalid-conf-change',
      detail: 'cannot remove the last voter',
    });
  });

  // Reference: thesis §4.1 "a log entry for a configuration change can be removed (if leadership changes); in
  // this case, a server must be prepared to fall back to the previous configuration in its log."
  it('a follower whose uncommitted configuration entry is overwritten falls back to the previous configuration', () => {
    // No pre-vote lease, so the majority side elects at once rather than after an election timeout.
    const c = TestCluster.bootstrap(5, { checkQuorum: false, preVote: false });
    c.elect(1);
    c.partition([1, 2], [3, 4, 5]);
    change(c, { type: 'remove-node', node: 5 as NodeId });
    expect(c.confOf(2)).toEqual(conf([1, 2, 3, 4]));
    c.elect(3);
    expect(statusOf(c, 3)).toMatchObject({ role: Role.Leader, term: 3 });
    c.heal();
    runTicks(c, 1);
    expect(termsOf(c.node(2))).toEqual([1, 2, 3]);
    expect([1, 2].map((id) => c.confOf(id))).toEqual([conf([1, 2, 3, 4, 5]), conf([1, 2, 3, 4, 5])]);
  });
});

describe('thesis §4.1 configuration changes, as properties', () => {
  const ids = fc.uniqueArray(fc.integer({ min: 1, max: 9 }), { maxLength: 7 });
  const confState = fc
    .record({ members: ids, votersCount: fc.nat() })
    .map(({ members, votersCount }) => {
      const split = votersCount % (members.length + 1);
      const sorted = (xs: number[]): NodeId[] => xs.sort((a, b) => a - b) as NodeId[];
      return { voters: sorted(members.slice(0, split)), learners: sorted(members.slice(split)) };
    });
  const confChange = fc.record({
    type: fc.constantFrom('add-learner', 'add-voter', 'promote-learner', 'remove-node'),
    node: fc.integer({ min: 1, max: 9 }),
  }) as fc.Arbitrary<ConfChange>;

  // Reference: thesis §4.1 — configurations travel as log entries, so they must decode to what was encoded.
  it('a ConfState survives encode/decode unchanged', () => {
    fc.assert(
      fc.property(confState, (cs) => {
        expect(decodeConfState(encodeConfState(cs))).toEqual(cs);
      }),
    );
  });

  // Reference: thesis §4.1 "only one server can be added or removed from the cluster at a time", so any
  // majority of the old configuration overlaps any majority of the new one.
  it('every accepted change moves at most one voter, is no no-op, and leaves voters and learners disjoint', () => {
    fc.assert(
      fc.property(confState, confChange, (before, cc) => {
        const outcome = applyConfChange(before, cc);
        const isVoter = before.voters.includes(cc.node);
        const isLearner = before.learners.includes(cc.node);
        const valid = {
          'add-learner': !isVoter && !isLearner,
          'add-voter': !isVoter,
          'promote-learner': isLearner,
          'remove-node': (isVoter && before.voters.length > 1) || isLearner,
        }[cc.type];
        expect(outcome.ok).toBe(valid);
        if (!outcome.ok) return;
        const after = outcome.conf;
        const moved = [
          ...after.voters.filter((v) => !before.voters.includes(v)),
          ...before.voters.filter((v) => !after.voters.includes(v)),
        ];
        expect(moved.length).toBeLessThanOrEqual(1);
        expect(after).not.toEqual(before);
        expect(after.voters.filter((v) => after.learners.includes(v))).toEqual([]);
        expect(decodeConfState(encodeConfState(after))).toEqual(after);
      }),
    );
  });
});

describe('a removed node that never learns its removal committed', () => {
  // Reference: thesis §4.2.3 — removed servers can disrupt the cluster by timing out and starting elections
  // with higher terms. Leaders do not replicate to removed members, so node 3 below never learns that the
  // removal it proposed committed. It may still campaign (its removal is uncommitted as far as it knows, and
  // in a two-voter group that is what finishes the change), but it must ask with a pre-vote first, even with
  // pre-vote and check-quorum off, so it can never raise the term and depose the new leader.
  it('only ever pre-votes, so the group keeps its leader and its term', () => {
    const c = TestCluster.bootstrap(3, { electionTicks: E, preVote: false, checkQuorum: false });
    c.elect(3);
    // Node 3 proposes its own removal; nodes 1 and 2 append it, but their acknowledgements never reach node 3.
    c.dropIf = (m) => m.type === MessageType.AppResp && m.to === 3;
    expect(c.node(3).raw.proposeConfChange({ type: 'remove-node', node: 3 as NodeId }).ok).toBe(true);
    c.stabilize();
    expect(c.confOf(1)).toEqual(conf([1, 2]));
    c.isolate(3);
    c.dropIf = null;
    c.elect(1);
    expect(statusOf(c, 1)).toMatchObject({ role: Role.Leader });
    const { term } = statusOf(c, 1);
    expect(statusOf(c, 1).commit).toBeGreaterThanOrEqual(statusOf(c, 1).lastIndex);
    c.heal();
    const rejoinedAt = c.delivered.length;
    // Node 3 times out again and again; each time it asks, and is refused, without raising anyone's term.
    for (let round = 0; round < 5; round++) {
      runTicks(c, 2 * E);
      c.stabilize();
    }
    const sentBy3 = c.delivered.slice(rejoinedAt).filter((m) => m.from === 3).map((m) => m.type);
    expect(sentBy3).toContain(MessageType.PreVote);
    expect(sentBy3).not.toContain(MessageType.Vote);
    expect(statusOf(c, 1)).toMatchObject({ role: Role.Leader, term });
    expect(statusOf(c, 2).term).toBe(term);
  });
});
