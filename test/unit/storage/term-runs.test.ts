import { describe, expect, it } from 'vitest';
import type { LogIndex } from '../../../src/raft/types.js';
import { TermRuns } from '../../../src/storage/term-runs.js';
import { entries } from './helpers.js';

const at = (n: number): LogIndex => n as LogIndex;

describe('TermRuns', () => {
  it('starts a run only where the term changes and answers term(i) by the run covering i', () => {
    const runs = new TermRuns([]);
    expect(runs.append([...entries(1, 3, 1), ...entries(4, 4, 2)]).map((run) => run.start)).toEqual([1, 4]);
    expect(runs.append(entries(5, 6, 2))).toEqual([]);
    expect([1, 3, 4, 6].map((i) => runs.termAt(at(i)))).toEqual([1, 1, 2, 2]);
  });

  it('truncation returns the runs starting at or after the cut, whose keys must go', () => {
    const runs = new TermRuns([]);
    runs.append([...entries(1, 3, 1), ...entries(4, 5, 2), ...entries(6, 9, 3)]);
    expect(runs.truncateFrom(at(5)).map((run) => run.start)).toEqual([6]);
    expect(runs.truncateFrom(at(4)).map((run) => run.start)).toEqual([4]);
    expect(runs.all()).toEqual([{ start: 1, term: 1 }]);
  });

  it('compaction restarts the run holding the new first index at that index', () => {
    const runs = new TermRuns([]);
    runs.append([...entries(1, 3, 1), ...entries(4, 9, 2)]);
    expect(runs.dropBefore(at(6), at(9))).toEqual({ start: 6, term: 2 });
    expect(runs.all()).toEqual([{ start: 6, term: 2 }]);
    expect(runs.dropBefore(at(10), at(9))).toBeNull();
    expect(runs.all()).toEqual([]);
  });
});
