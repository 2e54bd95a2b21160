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
