/**
 * The terms of the stored entries as runs of equal terms, so term(i) — which
 * Raft asks on every append and vote — is a binary search in memory. A log
 * has one run per leader change it saw, so this stays small.
 */
import { assert } from '../raft/assert.js';
import type { Entry, LogIndex, Term } from '../raft/types.js';

export interface TermRun {
  /** First index of the run; the run ends where the next one starts (or at the last index). */
  readonly start: LogIndex;
  readonly term: Term;
}

export class TermRuns {
  private runs: TermRun[];

  constructor(runs: readonly TermRun[]) {
    this.runs = runs.slice();
  }

  all(): readonly TermRun[] {
    return this.runs;
  }

  /** The term of `index`, which must lie at or after the first run's start. */
  termAt(index: LogIndex): Term {
    let lo = 0;
    let hi = this.runs.length - 1;
    assert(hi >= 0 && index >= this.runs[0]!.start, `no term run covers index ${index}`);
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.runs[mid]!.start <= index) lo = mid;
      else hi = mid - 1;
    }
    return this.runs[lo]!.term;
  }

  /** Removes the runs starting at or after `index` and returns them (their keys must go). */
  truncateFrom(index: LogIndex): TermRun[] {
    const keep = this.runs.findIndex((run) => run.start >= index);
    return keep === -1 ? [] : this.runs.splice(keep);
  }

  /** Extends the runs over entries appended after the current last one; returns the runs it started. */
  append(entries: readonly Entry[]): TermRun[] {
    const started: TermRun[] = [];
    for (const entry of entries) {
      if ((started.at(-1) ?? this.runs.at(-1))?.term === entry.term) continue;
      started.push({ start: entry.index, term: entry.term });
    }
    // A new array of the exact size (concat makes one; push and spread leave spare slots, in every log): runs start only when leaders change.
    if (started.length > 0) this.runs = this.runs.concat(started);
    return started;
  }

  /**
   * Forgets everything before `first` (compaction). When the run holding
   * `first` started earlier it is re-started at `first` and returned, so its
   * key can be written before the older keys are deleted.
   */
  dropBefore(first: LogIndex, lastIndex: LogIndex): TermRun | null {
    const kept = this.runs.findIndex((run) => run.start >= first);
    const covering = first <= lastIndex && (kept === -1 || this.runs[kept]!.start > first) ? this.termAt(first) : null;
    this.runs = kept === -1 ? [] : this.runs.slice(kept);
    if (covering === null) return null;
    const run = { start: first, term: covering };
    this.runs.unshift(run);
    return run;
  }
}
