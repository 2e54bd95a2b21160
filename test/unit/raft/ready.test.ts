/**
 * The Ready contract (Figure 2, "Persistent state on all servers ... updated
 * on stable storage before responding to RPCs"; thesis §3.8): a message that
 * promises durable state leaves in the Ready that carries that state, and a
 * restarted node resumes from what was persisted.
 */
import { describe, expect, it } from 'vitest';
import type { Ready } from '../../../src/raft/index.js';
import { AssertionError, MessageType } from '../../../src/raft/index.js';
import type { TestNode } from './harness.js';
import { TestCluster, bytes } from './harness.js';
import { entry, loneNode, msg, runTicks, sent, statusOf } from './helpers.js';

const brief = (rd: Ready): { type: number; to: number; term: number; index: number; reject: boolean }[] =>
  rd.messages.map(({ type, to, term, index, reject }) => ({ type, to, term, index, reject }));

describe('Figure 2 / thesis §3.8 the Ready contract', () => {
  // Reference: Figure 2 "votedFor ... (updated on stable storage before responding to RPCs)".
  it.each([
    { when: 'of a higher term', term: 1 },
    { when: 'of its current term', term: 2 },
  ])('a vote granted to a candidate $when leaves in the Ready whose hard state records it', ({ term }) => {
    const c = loneNode({ terms: [1], term });
    const raw = c.node(1).raw;
    raw.step(msg(MessageType.Vote, 2, 1, 2, { index: 1, logTerm: 1 }));
    const rd = raw.ready();
    expect(rd.hardState).toEqual({ term: 2, vote: 2, commit: 1 });
    expect(brief(rd)).toEqual([{ type: MessageType.VoteResp, to: 2, term: 2, index: 0, reject: false }]);
  });

  // Reference: Figure 2 "log[] ... (updated on stable storage before responding to RPCs)".
  it('an acknowledgement of new entries leaves in the Ready that carries the entries', () => {
    const c = loneNode({ terms: [1], term: 2 });
    const raw = c.node(1).raw;
    raw.step(msg(MessageType.App, 2, 1, 2, { index: 1, logTerm: 1, commit: 1, entries: [entry(2, 2), entry(3, 2)] }));
    const rd = raw.ready();
    expect(rd.entries.map((e) => [e.index, e.term])).toEqual([[2, 2], [3, 2]]);
    expect(brief(rd)).toEqual([{ type: MessageType.AppResp, to: 2, term: 2, index: 3, reject: false }]);
  });

  // Reference: Figure 2 "(updated on stable storage before responding to RPCs)", checked on every Ready.
  it('through elections, replication, a restart and a new leader, every promise is durable when it is sent', () => {
    const c = TestCluster.bootstrap(3, { preVote: false, checkQuorum: false });
    const checked = { votes: 0, grants: 0, acks: 0 };
    c.afterPersist = (node: TestNode, rd: Ready) => {
      const hard = node.storage.hard();
      for (const m of rd.messages) {
        if (m.type === MessageType.Vote) {
          expect(hard).toMatchObject({ term: m.term, vote: node.id });
          checked.votes++;
        } else if (m.type === MessageType.VoteResp && !m.reject) {
          expect(hard).toMatchObject({ term: m.term, vote: m.to });
          checked.grants++;
        } else if (m.type === MessageType.AppResp && !m.reject) {
          expect(node.storage.lastIndex()).toBeGreaterThanOrEqual(m.index);
          checked.acks++;
        }
      }
    };
    c.elect(1);
    c.node(1).raw.propose(bytes('a'));
    c.stabilize();
    c.restart(2);
    c.isolate(1);
    c.elect(2);
    expect(c.node(2).raw.propose(bytes('b')).ok).toBe(true);
    c.stabilize();
    c.heal();
    runTicks(c, 1);
    expect(c.payloads(3)).toEqual(['a', 'b']);
    // Two elections of two RequestVotes each, three grants (node 1 is cut off from node 2's election); eight
    // acknowledgements in term 2, four in term 3, two answers of term 3 to node 1's stale heartbeats, and two
    // for node 1's catch-up.
    expect(checked).toEqual({ votes: 4, grants: 3, acks: 16 });
  });

  // Reference: Figure 2 "currentTerm, votedFor: persistent state"; §5.2 "vote for at most one candidate in a
  // given term" must hold across a crash.
  it('after a restart a node keeps its term and vote and refuses another candidate of that term', () => {
    const c = loneNode();
    const raw = (): TestNode['raw'] => c.node(1).raw;
    raw().step(msg(MessageType.Vote, 2, 1, 2, { index: 1, logTerm: 1 }));
    sent(c, 1);
    c.restart(1);
    expect(statusOf(c, 1)).toMatchObject({ term: 2, vote: 2 });
    const answer = (from: number): boolean => {
      raw().step(msg(MessageType.Vote, from, 1, 2, { index: 1, logTerm: 1 }));
      return !sent(c, 1)[0]!.reject;
    };
    expect([answer(3), answer(2)]).toEqual([false, true]);
  });

  // Reference: thesis §3.8 — advance() is where the node learns what was persisted; skipping it would let the
  // next Ready promise state that may never have reached the disk.
  // Reference: Figure 2 lists commitIndex under "Volatile state on all servers".
  it('a commit that moves on its own asks for no write; the next entries carry it to disk', () => {
    const c = TestCluster.bootstrap(3);
    c.elect(1);
    const leader = c.node(1);
    leader.raw.propose(bytes('a'));
    c.processReady(leader);
    c.stabilize();
    const commitOnDisk = leader.storage.hard().commit;
    expect(leader.raw.status().commit).toBeGreaterThan(commitOnDisk);
    expect(c.payloads(1)).toEqual(['a']);
    expect(leader.raw.hasReady()).toBe(false);

    leader.raw.propose(bytes('b'));
    const rd = leader.raw.ready();
    expect(rd.hardState?.commit).toBe(leader.raw.status().commit);
  });

  it('when an append replaces the tail of a write in flight, only the replaced entries are written again', () => {
    const c = loneNode({ terms: [1], term: 2 });
    const node = c.node(1);
    node.raw.step(msg(MessageType.App, 2, 1, 2, { index: 1, logTerm: 1, commit: 1, entries: [entry(2, 2), entry(3, 2)] }));
    const writing = node.raw.ready();
    // A new leader's append keeps entry 2 and replaces entry 3 while the write of both is under way.
    node.raw.step(msg(MessageType.App, 3, 1, 3, { index: 2, logTerm: 2, commit: 1, entries: [entry(3, 3)] }));
    node.storage.append(writing.entries);
    if (writing.hardState !== null) node.storage.setHardState(writing.hardState);
    node.raw.advance();
    expect(node.raw.ready().entries.map((e) => [e.index, e.term])).toEqual([[3, 3]]);
  });

  it('ready() again before advance(), or advance() without ready(), is a bug and throws', () => {
    const c = loneNode();
    const raw = c.node(1).raw;
    raw.campaign();
    raw.ready();
    expect(() => raw.ready()).toThrow(new AssertionError('ready() called again before advance()'));
    raw.advance();
    expect(() => raw.advance()).toThrow(new AssertionError('advance() without ready()'));
  });
});

describe('thesis §10.2.1 the leader writes its own copy in parallel', () => {
  // Reference: thesis §10.2.1 "the leader can write to its disk in parallel with replicating to the followers
  // ... the leader may even commit an entry before it has been written to its own disk". Cairn's leader sends
  // its appends before its own write, but counts its own copy only once durable.
  it("sends its appends before its own write, and counts its own copy toward commit only after advance()", () => {
    const c = TestCluster.bootstrap(3, { preVote: false });
    c.elect(1);
    const leader = c.node(1);
    leader.raw.propose(bytes('parallel'));
    const rd = leader.raw.ready();
    expect(rd.entries.map((e) => e.index)).toEqual([3]);
    expect(rd.earlyMessages.filter((m) => m.type === MessageType.App).map((m) => m.to)).toEqual([2, 3]);
    expect(rd.messages.filter((m) => m.type === MessageType.App)).toEqual([]);
    // Follower 2's copy alone, with the leader's not yet durable, is one of three: not a majority.
    leader.raw.step(msg(MessageType.AppResp, 2, 1, 2, { index: 3 }));
    expect(leader.raw.status().commit).toBe(2);
    leader.storage.append(rd.entries);
    if (rd.hardState !== null) leader.storage.setHardState(rd.hardState);
    leader.raw.advance();
    expect(leader.raw.status().commit).toBe(3);
  });

  it('holds back every message of a Ready that makes a new term or vote durable', () => {
    const c = TestCluster.bootstrap(3, { preVote: false });
    const candidate = c.node(1);
    candidate.raw.campaign();
    const rd = candidate.raw.ready();
    expect(rd.hardState).toMatchObject({ term: 2, vote: 1 });
    expect(rd.earlyMessages).toEqual([]);
    expect(rd.messages.map((m) => m.type)).toEqual([MessageType.Vote, MessageType.Vote]);
  });

  it('commits a single voter only once its own write is durable', () => {
    const c = TestCluster.bootstrap(1);
    c.elect(1);
    const node = c.node(1);
    node.raw.propose(bytes('alone'));
    expect(node.raw.status().commit).toBe(2);
    const rd = node.raw.ready();
    expect(rd.committedEntries).toEqual([]);
    node.storage.append(rd.entries);
    node.raw.advance();
    expect(node.raw.status().commit).toBe(3);
  });
});
