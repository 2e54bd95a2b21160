/** The chaos checker on synthetic histories: each anomaly is found, and a clean history passes. */
import { describe, expect, it } from 'vitest';
import { ANOMALY_KINDS, check, formatDetails, formatTable } from '../../chaos/checker.js';
import type { AnomalyKind } from '../../chaos/checker.js';
import { History } from '../../chaos/history.js';
import type { CommitOffset, ReadRecord } from '../../chaos/history.js';

/** Builds histories tersely: sends are acknowledged unless told otherwise. */
class Script {
  readonly history = new History();

  send(process: string, value: string, partition: number, offset: number | 'fail' | 'pending'): this {
    this.history.record({ type: 'invoke', f: 'send', process, value, partition });
    if (offset === 'fail') this.history.record({ type: 'fail', f: 'send', process, value, partition, error: 'DELIVERY_TIMED_OUT' });
    else if (offset !== 'pending') this.history.record({ type: 'ok', f: 'send', process, value, partition, offset });
    return this;
  }

  assigned(process: string, partitions: readonly number[]): this {
    this.history.record({ type: 'ok', f: 'assigned', process, partitions });
    return this;
  }

  revoked(process: string, partitions: readonly number[], f: 'revoked' | 'lost' = 'revoked'): this {
    this.history.record({ type: 'ok', f, process, partitions });
    return this;
  }

  /** A commit made and answered at once. */
  commit(process: string, offsets: readonly CommitOffset[], outcome: 'ok' | 'fail' = 'ok'): this {
    return this.commitInvoke(process, offsets).commitAnswer(process, offsets, outcome);
  }

  commitInvoke(process: string, offsets: readonly CommitOffset[]): this {
    this.history.record({ type: 'invoke', f: 'commit', process, offsets });
    return this;
  }

  commitAnswer(process: string, offsets: readonly CommitOffset[], outcome: 'ok' | 'fail' = 'ok'): this {
    if (outcome === 'ok') this.history.record({ type: 'ok', f: 'commit', process, offsets });
    else this.history.record({ type: 'fail', f: 'commit', process, offsets, error: 'FENCED_MEMBER_EPOCH' });
    return this;
  }

  poll(process: string, ...records: ReadRecord[]): this {
    this.history.record({ type: 'ok', f: 'poll', process, records });
    return this;
  }

  final(partition: number, endOffset: number, ...records: ReadRecord[]): this {
    this.history.record({ type: 'ok', f: 'final-read', process: 'final', partition, startOffset: 0, endOffset, records });
    return this;
  }

  counts(): Record<AnomalyKind, number> {
    return { ...check(this.history.ops).counts };
  }
}

const none = Object.fromEntries(ANOMALY_KINDS.map((kind) => [kind, 0])) as Record<AnomalyKind, number>;

/** Two acknowledged sends on partition 0, both polled and in the final read: the baseline. */
function clean(): Script {
  return new Script()
    .send('p1', 'a', 0, 0)
    .send('p1', 'b', 0, 1)
    .assigned('c1', [0])
    .poll('c1', [0, 0, 'a'], [0, 1, 'b']);
}

describe('chaos checker', () => {
  it('passes a clean history', () => {
    const script = clean().final(0, 2, [0, 0, 'a'], [0, 1, 'b']);
    const result = check(script.history.ops);
    expect(result.counts).toEqual(none);
    expect(result.valid).toBe(true);
    expect(result.stats).toMatchObject({ sendsInvoked: 2, sendsAcked: 2, sendsFailed: 0, recordsPolled: 2, recordsFinal: 2, partitionsFinal: 1 });
  });

  it('finds a lost write: acknowledged, absent from the final read', () => {
    const script = clean().send('p1', 'c', 0, 2).final(0, 2, [0, 0, 'a'], [0, 1, 'b']);
    expect(script.counts()).toEqual({ ...none, lost: 1 });
    expect(check(script.history.ops).valid).toBe(false);
  });

  it('does not count a failed or unanswered send as lost, and accepts its value once in the log', () => {
    const script = clean().send('p1', 'c', 0, 'fail').send('p1', 'd', 0, 'pending').final(0, 3, [0, 0, 'a'], [0, 1, 'b'], [0, 2, 'c']);
    const result = check(script.history.ops);
    expect(result.counts).toEqual(none);
    expect(result.stats).toMatchObject({ sendsFailed: 1, sendsPending: 1 });
  });

  it('finds a duplicate: one value at two offsets', () => {
    const script = clean().final(0, 3, [0, 0, 'a'], [0, 1, 'b'], [0, 2, 'a']);
    expect(script.counts()).toEqual({ ...none, duplicate: 1 });
  });

  it('finds a duplicate of a failed send written twice', () => {
    const script = clean().send('p1', 'c', 0, 'fail').final(0, 4, [0, 0, 'a'], [0, 1, 'b'], [0, 2, 'c'], [0, 3, 'c']);
    expect(script.counts()).toEqual({ ...none, duplicate: 1 });
  });

  it('finds an inconsistent offset: two reads disagree', () => {
    const script = new Script()
      .send('p1', 'a', 0, 0)
      .send('p2', 'b', 0, 'fail')
      .assigned('c1', [0])
      .poll('c1', [0, 0, 'a'])
      .assigned('c2', [0])
      .poll('c2', [0, 0, 'b'])
      .final(0, 1, [0, 0, 'a']);
    expect(script.counts()).toEqual({ ...none, 'inconsistent-offset': 1 });
  });

  it('finds an inconsistent offset and a lost write where an acknowledged offset holds another value', () => {
    // The shape of an acknowledgement before commit: the leader's entry was replaced by a new leader's.
    const script = new Script().send('p1', 'a', 0, 0).send('p2', 'b', 0, 0).final(0, 1, [0, 0, 'b']);
    expect(script.counts()).toEqual({ ...none, lost: 1, 'inconsistent-offset': 1, unseen: 1 });
  });

  it('finds a non-monotonic send: a later send of one producer at a lower offset', () => {
    const script = new Script().send('p1', 'a', 0, 1).send('p1', 'b', 0, 0).final(0, 2, [0, 0, 'b'], [0, 1, 'a']);
    expect(script.counts()).toEqual({ ...none, 'nonmonotonic-send': 1, unseen: 2 });
  });

  it('orders sends by invocation, not by acknowledgement', () => {
    const script = new Script();
    const { history } = script;
    history.record({ type: 'invoke', f: 'send', process: 'p1', value: 'a', partition: 0 });
    history.record({ type: 'invoke', f: 'send', process: 'p1', value: 'b', partition: 0 });
    history.record({ type: 'ok', f: 'send', process: 'p1', value: 'b', partition: 0, offset: 1 });
    history.record({ type: 'ok', f: 'send', process: 'p1', value: 'a', partition: 0, offset: 0 });
    script.final(0, 2, [0, 0, 'a'], [0, 1, 'b']);
    expect(script.counts()['nonmonotonic-send']).toBe(0);
  });

  it('does not compare sends of different producers or partitions', () => {
    const script = new Script().send('p1', 'a', 0, 1).send('p2', 'b', 0, 0).send('p1', 'c', 1, 0).final(0, 2, [0, 0, 'b'], [0, 1, 'a']).final(1, 1, [1, 0, 'c']);
    expect(script.counts()['nonmonotonic-send']).toBe(0);
  });

  it('finds a non-monotonic poll: a consumer handed an offset again', () => {
    const script = clean().poll('c1', [0, 1, 'b']).final(0, 2, [0, 0, 'a'], [0, 1, 'b']);
    expect(script.counts()).toEqual({ ...none, 'nonmonotonic-poll': 1 });
  });

  it('finds a non-monotonic poll within one poll', () => {
    const script = new Script().send('p1', 'a', 0, 0).send('p1', 'b', 0, 1).assigned('c1', [0]).poll('c1', [0, 1, 'b'], [0, 0, 'a']).final(0, 2, [0, 0, 'a'], [0, 1, 'b']);
    expect(script.counts()).toEqual({ ...none, 'nonmonotonic-poll': 1 });
  });

  it('lets a consumer given a partition again resume below what it was handed before (at the committed offset)', () => {
    const script = clean().revoked('c1', [0], 'lost').assigned('c1', [0]).poll('c1', [0, 0, 'a'], [0, 1, 'b']).final(0, 2, [0, 0, 'a'], [0, 1, 'b']);
    expect(script.counts()).toEqual(none);
    expect(check(script.history.ops).stats).toMatchObject({ partitionsAssigned: 2, partitionsRevoked: 0, partitionsLost: 1 });
  });

  it('finds a non-monotonic poll after a revocation without a new assignment: one assignment lasts until the next', () => {
    const script = clean().revoked('c1', [0]).poll('c1', [0, 0, 'a']).final(0, 2, [0, 0, 'a'], [0, 1, 'b']);
    expect(script.counts()).toEqual({ ...none, 'nonmonotonic-poll': 1, 'poll-unassigned': 1 });
  });

  it('finds a consumer handed records of a partition it does not hold: revoked, lost, left, or never assigned', () => {
    const base = (): Script => new Script().send('p1', 'a', 0, 0).send('p1', 'b', 0, 1).send('p1', 'c', 1, 0);
    const finals = (script: Script): Script => script.final(0, 2, [0, 0, 'a'], [0, 1, 'b']).final(1, 1, [1, 0, 'c']);
    const revoked = base().assigned('c1', [0, 1]).poll('c1', [0, 0, 'a']).revoked('c1', [0]).poll('c1', [1, 0, 'c'], [0, 1, 'b']);
    expect(finals(revoked).counts()).toEqual({ ...none, 'poll-unassigned': 1 });
    expect(formatDetails(check(revoked.history.ops))).toMatch(/c1 was handed partition 0 offset 1 \(b, op \d+\) while not holding it \(revoked at op \d+\)/);
    const lost = base().assigned('c1', [0]).poll('c1', [0, 0, 'a']).revoked('c1', [0], 'lost').poll('c1', [0, 1, 'b']);
    expect(finals(lost).counts()).toMatchObject({ 'poll-unassigned': 1 });
    const left = base().assigned('c1', [0]).poll('c1', [0, 0, 'a']);
    left.history.record({ type: 'ok', f: 'left', process: 'c1' });
    expect(finals(left.poll('c1', [0, 1, 'b'])).counts()).toMatchObject({ 'poll-unassigned': 1 });
    const never = base().assigned('c1', [0]).poll('c1', [1, 0, 'c']);
    expect(finals(never).counts()).toMatchObject({ 'poll-unassigned': 1 });
  });

  it('accepts records of a partition assigned again after it was given up', () => {
    const script = new Script()
      .send('p1', 'a', 0, 0)
      .send('p1', 'b', 0, 1)
      .assigned('c1', [0])
      .poll('c1', [0, 0, 'a'])
      .revoked('c1', [0])
      .assigned('c1', [0])
      .poll('c1', [0, 1, 'b'])
      .final(0, 2, [0, 0, 'a'], [0, 1, 'b']);
    expect(script.counts()).toEqual(none);
  });

  it('starts a new assignment only for the partitions assigned', () => {
    const script = new Script()
      .send('p1', 'a', 0, 0)
      .send('p1', 'b', 1, 0)
      .assigned('c1', [0, 1])
      .poll('c1', [0, 0, 'a'])
      .poll('c1', [1, 0, 'b'])
      .assigned('c1', [1])
      .poll('c1', [1, 0, 'b'])
      .poll('c1', [0, 0, 'a'])
      .final(0, 1, [0, 0, 'a'])
      .final(1, 1, [1, 0, 'b']);
    expect(script.counts()).toEqual({ ...none, 'nonmonotonic-poll': 1 });
  });

  it('finds a commit acknowledged below one acknowledged before it was made', () => {
    const script = clean().commit('c1', [[0, 2]]).commit('c2', [[0, 1]]).final(0, 2, [0, 0, 'a'], [0, 1, 'b']);
    expect(script.counts()).toEqual({ ...none, 'commit-backwards': 1 });
    expect(check(script.history.ops).stats).toMatchObject({ commitsAcked: 2, commitsFailed: 0 });
  });

  it('accepts a lower commit made while a higher one was unanswered, and ignores failed commits', () => {
    const concurrent = clean().commitInvoke('c1', [[0, 2]]).commitInvoke('c2', [[0, 1]]).commitAnswer('c1', [[0, 2]]).commitAnswer('c2', [[0, 1]]);
    expect(concurrent.final(0, 2, [0, 0, 'a'], [0, 1, 'b']).counts()).toEqual(none);
    const failed = clean().commit('c1', [[0, 2]], 'fail').commit('c2', [[0, 1]]).final(0, 2, [0, 0, 'a'], [0, 1, 'b']);
    expect(failed.counts()).toEqual(none);
    expect(check(failed.history.ops).stats).toMatchObject({ commitsAcked: 1, commitsFailed: 1 });
  });

  it('finds an assignment read from below a commit acknowledged before it began', () => {
    const below = clean().commit('c1', [[0, 1]]).revoked('c1', [0]).assigned('c2', [0]).poll('c2', [0, 0, 'a']).final(0, 2, [0, 0, 'a'], [0, 1, 'b']);
    expect(below.counts()).toEqual({ ...none, 'commit-backwards': 1 });
    const at = clean().commit('c1', [[0, 1]]).revoked('c1', [0]).assigned('c2', [0]).poll('c2', [0, 1, 'b']).final(0, 2, [0, 0, 'a'], [0, 1, 'b']);
    expect(at.counts()).toEqual(none);
  });

  it('finds a poll skip: a consumer jumping over an offset', () => {
    const script = new Script()
      .send('p1', 'a', 0, 0)
      .send('p1', 'b', 0, 1)
      .send('p1', 'c', 0, 2)
      .assigned('c1', [0])
      .poll('c1', [0, 0, 'a'])
      .poll('c1', [0, 2, 'c'])
      .final(0, 3, [0, 0, 'a'], [0, 1, 'b'], [0, 2, 'c']);
    expect(script.counts()).toEqual({ ...none, 'poll-skip': 1, unseen: 1 });
  });

  it('finds gaps in the final read, inside it and at either end', () => {
    const inside = clean().send('p1', 'c', 0, 2).final(0, 3, [0, 0, 'a'], [0, 2, 'c']);
    expect(inside.counts()).toMatchObject({ 'poll-skip': 1, lost: 1 });
    const end = clean().final(0, 3, [0, 0, 'a'], [0, 1, 'b']);
    expect(end.counts()).toMatchObject({ 'poll-skip': 1, lost: 0 });
    const start = clean().final(0, 2, [0, 1, 'b']);
    expect(start.counts()).toMatchObject({ 'poll-skip': 1, lost: 1 });
  });

  it('reports an unseen record without failing the run', () => {
    const script = clean().send('p1', 'c', 0, 2).final(0, 3, [0, 0, 'a'], [0, 1, 'b'], [0, 2, 'c']);
    const result = check(script.history.ops);
    expect(result.counts).toEqual({ ...none, unseen: 1 });
    expect(result.valid).toBe(true);
  });

  it('fails a history whose final read misses a partition that was written to', () => {
    const script = clean().send('p1', 'x', 1, 0).final(0, 2, [0, 0, 'a'], [0, 1, 'b']);
    const result = check(script.history.ops);
    expect(result.incomplete).toEqual(['partition 1 has acknowledged sends but no final read']);
    expect(result.valid).toBe(false);
  });

  it('fails a history with a harness error, listed apart from the anomalies, which are all still counted', () => {
    const script = clean();
    script.history.record({ type: 'error', f: 'harness', process: 'nemesis', phase: 'start', kind: 'pause', step: 3, error: 'docker top: no such container' });
    script.final(0, 2, [0, 0, 'a'], [0, 1, 'b']);
    const result = check(script.history.ops);
    expect(result.counts).toEqual(none);
    expect(result.harnessErrors).toEqual(['#3 pause, starting: docker top: no such container']);
    expect(result.valid).toBe(false);
    expect(formatDetails(result)).toBe('harness error: #3 pause, starting: docker top: no such container');
  });

  it('counts the sends in flight during a pause, and those of them that failed', () => {
    const script = new Script().send('p1', 'before', 0, 0);
    const { history } = script;
    history.record({ type: 'info', f: 'nemesis', process: 'nemesis', phase: 'start', kind: 'pause', step: 1, detail: '#1 pause n1' });
    history.record({ type: 'invoke', f: 'send', process: 'p1', value: 'during', partition: 0 });
    script.send('p2', 'failed', 1, 'fail');
    history.record({ type: 'info', f: 'nemesis', process: 'nemesis', phase: 'heal', kind: 'pause', step: 1, detail: '#1 healed' });
    history.record({ type: 'ok', f: 'send', process: 'p1', value: 'during', partition: 0, offset: 1 });
    // A pause left open is held until the heal of everything.
    history.record({ type: 'info', f: 'nemesis', process: 'nemesis', phase: 'start', kind: 'pause', step: 2, detail: '#2 pause n2' });
    script.send('p2', 'pending', 1, 'pending');
    history.record({ type: 'info', f: 'nemesis', process: 'nemesis', phase: 'heal', kind: 'all', detail: 'every node running' });
    script.send('p1', 'after', 0, 'fail');
    const { pauses } = check(history.ops);
    expect(pauses).toMatchObject({ count: 2, sendsInFlight: 3, sendsFailed: 1 });
    const firstPause = history.ops.filter((op) => op.f === 'nemesis' && op.step === 1);
    expect(pauses.longestMs).toBeGreaterThanOrEqual(firstPause[1]!.time - firstPause[0]!.time);
  });

  it('prints one table with every anomaly, and examples of those found', () => {
    const result = check(clean().send('p1', 'c', 0, 2).final(0, 2, [0, 0, 'a'], [0, 1, 'b']).history.ops);
    const table = formatTable(result);
    expect(table.split('\n')).toHaveLength(2 + ANOMALY_KINDS.length);
    expect(table).toMatch(/^lost\s+1\s+yes$/m);
    expect(table).toMatch(/^unseen\s+0\s+no$/m);
    expect(formatDetails(result)).toContain('c: acknowledged at 0/2, absent from the final read');
  });
});
