/**
 * The leader's view of a follower (Figure 2's nextIndex/matchIndex, with the
 * probe/replicate/snapshot states and the in-flight window of thesis
 * §10.2.2), tested directly and against a naive model.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LogIndex } from '../../../src/raft/index.js';
import { AssertionError, Inflights, Progress, ProgressState } from '../../../src/raft/index.js';

type Op = { op: 'add'; step: number; bytes: number } | { op: 'freeLE'; index: number } | { op: 'freeFirstOne' } | { op: 'reset' };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('add' as const), step: fc.integer({ min: 1, max: 3 }), bytes: fc.integer({ min: 0, max: 8 }) }),
  fc.record({ op: fc.constant('freeLE' as const), index: fc.integer({ min: 0, max: 60 }) }),
  fc.record({ op: fc.constant('freeFirstOne' as const) }),
  fc.record({ op: fc.constant('reset' as const) }),
);

/** The naive twin: a plain array of (lastIndex, bytes), searched and summed on every question. */
class InflightsModel {
  entries: { lastIndex: number; bytes: number }[] = [];

  constructor(
    private readonly countMax: number,
    private readonly bytesMax: number,
  ) {}

  full(): boolean {
    const bytes = this.entries.reduce((sum, e) => sum + e.bytes, 0);
    return this.entries.length >= this.countMax || (this.bytesMax > 0 && bytes >= this.bytesMax);
  }
}

describe('thesis §10.2.2 the in-flight window', () => {
  // Reference: thesis §10.2.2 — pipelining needs a bound on what is in flight; the window is that bound.
  it('Inflights agrees with a naive array model on count() and full() after every operation', () => {
    const scenario = fc.record({
      countMax: fc.integer({ min: 1, max: 6 }),
      bytesMax: fc.integer({ min: 0, max: 20 }),
      ops: fc.array(op, { maxLength: 40 }),
    });
    fc.assert(
      fc.property(scenario, ({ countMax, bytesMax, ops }) => {
        const inflights = new Inflights(countMax, bytesMax);
        const model = new InflightsModel(countMax, bytesMax);
        let lastIndex = 0;
        for (const o of ops) {
          switch (o.op) {
            case 'add':
              lastIndex += o.step;
              if (model.full()) {
                expect(() => inflights.add(lastIndex as LogIndex, o.bytes)).toThrow(AssertionError);
              } else {
                inflights.add(lastIndex as LogIndex, o.bytes);
                model.entries.push({ lastIndex, bytes: o.bytes });
              }
              break;
            case 'freeLE':
              inflights.freeLE(o.index as LogIndex);
              model.entries = model.entries.filter((e) => e.lastIndex > o.index);
              break;
            case 'freeFirstOne':
              inflights.freeFirstOne();
              model.entries = model.entries.slice(1);
              break;
            case 'reset':
              inflights.reset();
              model.entries = [];
              break;
          }
          expect({ count: inflights.count(), full: inflights.full() }).toEqual({ count: model.entries.length, full: model.full() });
        }
      }),
    );
  });

  // Reference: thesis §10.2.2 — pipelined AppendEntries carry increasing indexes.
  it('Inflights refuses a last index that does not move forward', () => {
    const inflights = new Inflights(4, 0);
    inflights.add(5 as LogIndex, 1);
    expect(() => inflights.add(5 as LogIndex, 1)).toThrow(new AssertionError('inflight 5 not after 5'));
  });
});

describe('Figure 2 nextIndex/matchIndex with probe, replicate and snapshot states', () => {
  /** A progress that has sent one App ending at `lastIndex` in probe state, with next = 8. */
  const probing = (): Progress => {
    const pr = new Progress(8 as LogIndex, 4, 0);
    pr.sentEntries(9 as LogIndex, 10);
    return pr;
  };

  // Reference: §5.3 (after a rejection the leader retries): one AppendEntries at a time until it finds the match point.
  it('in probe state one App pauses the follower until an answer', () => {
    const pr = probing();
    expect(pr.isPaused()).toBe(true);
    expect(pr.maybeUpdate(9 as LogIndex)).toBe(true);
    expect({ paused: pr.isPaused(), match: pr.match, next: pr.next }).toEqual({ paused: false, match: 9, next: 10 });
  });

  // Reference: §5.3 "After a rejection, the leader decrements nextIndex and retries", with the follower's hint.
  it('in probe state a rejection of next-1 moves next back to the hint, and a stale rejection is ignored', () => {
    const pr = probing();
    expect(pr.maybeDecrTo(5 as LogIndex, 3 as LogIndex)).toBe(false); // not the App we have out
    expect(pr.next).toBe(8);
    expect(pr.maybeDecrTo(7 as LogIndex, 3 as LogIndex)).toBe(true);
    expect({ next: pr.next, paused: pr.isPaused() }).toEqual({ next: 4, paused: false });
  });

  // Reference: Figure 2 — matchIndex is known replicated, so nextIndex never has to go back below it.
  it('in probe state next never falls to or below match', () => {
    const pr = new Progress(8 as LogIndex, 4, 0);
    pr.maybeUpdate(5 as LogIndex);
    expect(pr.maybeDecrTo(7 as LogIndex, 1 as LogIndex)).toBe(true);
    expect(pr.next).toBe(6);
  });

  // Reference: §5.3 with thesis §10.2.2 — a pipelined rejection rewinds to what is known to match.
  it('in replicate state a rejection above match resumes from match+1, and one at or below match is stale', () => {
    const pr = new Progress(8 as LogIndex, 4, 0);
    pr.maybeUpdate(7 as LogIndex);
    pr.becomeReplicate();
    pr.sentEntries(10 as LogIndex, 3);
    pr.sentEntries(12 as LogIndex, 2);
    expect(pr.maybeDecrTo(7 as LogIndex, 0 as LogIndex)).toBe(false);
    expect(pr.next).toBe(13);
    expect(pr.maybeDecrTo(10 as LogIndex, 0 as LogIndex)).toBe(true);
    expect(pr.next).toBe(8);
  });

  // Reference: §7 — after InstallSnapshot the follower holds everything up to the snapshot's last index.
  it('a follower in snapshot state is paused; back in probe it resumes after the snapshot', () => {
    const pr = new Progress(8 as LogIndex, 4, 0);
    pr.maybeUpdate(2 as LogIndex);
    pr.becomeSnapshot(20 as LogIndex);
    expect({ state: pr.state, paused: pr.isPaused() }).toEqual({ state: ProgressState.Snapshot, paused: true });
    pr.becomeProbe();
    expect({ state: pr.state, next: pr.next, match: pr.match }).toEqual({ state: ProgressState.Probe, next: 21, match: 2 });
  });
});
