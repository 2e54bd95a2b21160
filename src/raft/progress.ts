/**
 * The leader's view of one follower (Figure 2's nextIndex/matchIndex,
 * extended as in etcd/raft and the thesis §10.2 on pipelining):
 *
 *  - probe:     we do not know where the follower's log matches ours; send
 *               one App at a time and wait for its answer (or a heartbeat
 *               answer) before the next, backing off with conflict hints.
 *  - replicate: the follower matches; stream entries optimistically, bounded
 *               by an in-flight window of messages and bytes.
 *  - snapshot:  the entries it needs are compacted; a snapshot is on its way
 *               and nothing else is sent until the caller reports the outcome.
 */
import { assert } from './assert.js';
import type { LogIndex } from './types.js';

export const ProgressState = { Probe: 'probe', Replicate: 'replicate', Snapshot: 'snapshot' } as const;
export type ProgressState = (typeof ProgressState)[keyof typeof ProgressState];

/** A bounded window of App messages sent but not yet acknowledged, by last index and bytes. */
export class Inflights {
  private readonly lastIndexes: LogIndex[] = [];
  private readonly sizes: number[] = [];
  private bytes = 0;

  constructor(
    private readonly countMax: number,
    private readonly bytesMax: number,
  ) {}

  add(lastIndex: LogIndex, bytes: number): void {
    assert(!this.full(), 'inflights overflow');
    const previous = this.lastIndexes[this.lastIndexes.length - 1];
    assert(previous === undefined || lastIndex > previous, `inflight ${lastIndex} not after ${previous}`);
    this.lastIndexes.push(lastIndex);
    this.sizes.push(bytes);
    this.bytes += bytes;
  }

  /** Frees every message whose last index is ≤ index (acknowledged). */
  freeLE(index: LogIndex): void {
    let n = 0;
    while (n < this.lastIndexes.length && this.lastIndexes[n]! <= index) n++;
    this.freeFirst(n);
  }

  /** Frees the oldest message; used when a heartbeat answer shows the follower is alive but the window is stuck. */
  freeFirstOne(): void {
    this.freeFirst(Math.min(1, this.lastIndexes.length));
  }

  private freeFirst(n: number): void {
    for (const size of this.sizes.splice(0, n)) this.bytes -= size;
    this.lastIndexes.splice(0, n);
  }

  full(): boolean {
    return this.lastIndexes.length >= this.countMax || (this.bytesMax > 0 && this.bytes >= this.bytesMax);
  }

  count(): number {
    return this.lastIndexes.length;
  }

  reset(): void {
    this.freeFirst(this.lastIndexes.length);
  }
}

export class Progress {
  match = 0 as LogIndex;
  next: LogIndex;
  state: ProgressState = ProgressState.Probe;
  /** In probe state: an App is out and unanswered. */
  probeSent = false;
  /** In snapshot state: the index of the snapshot being sent. */
  pendingSnapshot = 0 as LogIndex;
  /** Heard from since the last check-quorum round. */
  recentActive = false;
  /** The follower's run (RaftConfig.boot) that `match` was learned from; undefined until it first answers. */
  boot: number | undefined = undefined;
  readonly inflights: Inflights;

  constructor(next: LogIndex, inflightMsgsMax: number, inflightBytesMax: number) {
    this.next = next;
    this.inflights = new Inflights(inflightMsgsMax, inflightBytesMax);
  }

  private resetState(state: ProgressState): void {
    this.probeSent = false;
    this.pendingSnapshot = 0 as LogIndex;
    this.state = state;
    this.inflights.reset();
  }

  becomeProbe(): void {
    // After a snapshot, the follower holds at least the snapshot.
    const floor = this.state === ProgressState.Snapshot ? Math.max(this.match, this.pendingSnapshot) : this.match;
    this.resetState(ProgressState.Probe);
    this.next = (floor + 1) as LogIndex;
  }

  becomeReplicate(): void {
    this.resetState(ProgressState.Replicate);
    this.next = (this.match + 1) as LogIndex;
  }

  becomeSnapshot(snapshotIndex: LogIndex): void {
    this.resetState(ProgressState.Snapshot);
    this.pendingSnapshot = snapshotIndex;
  }

  /**
   * An answer from the follower's run `boot`. A run other than the one
   * `match` was learned from may hold less than `match`: with write caching
   * a follower acknowledges entries it holds only in memory, and a power
   * loss takes them. So `match` is forgotten (a rejection below it is no
   * longer stale) and the follower is probed from where we believed it was,
   * its rejection hint leading back to where its log really ends. A late
   * answer of an earlier run does the same: it costs a probe, never
   * safety, as a follower commits only what it has checked against the
   * leader itself (Raft.leaderMatch). Returns whether the run changed.
   */
  observeBoot(boot: number): boolean {
    const known = this.boot;
    this.boot = boot;
    if (known === undefined || known === boot) return false;
    const believed = this.match;
    this.resetState(ProgressState.Probe);
    this.match = 0 as LogIndex;
    this.next = (believed + 1) as LogIndex;
    return true;
  }

  /** A success answer for `index`: returns whether it taught us anything new. */
  maybeUpdate(index: LogIndex): boolean {
    let updated = false;
    if (this.match < index) {
      this.match = index;
      updated = true;
      this.probeSent = false;
    }
    if (this.next < index + 1) this.next = (index + 1) as LogIndex;
    return updated;
  }

  /**
   * A rejection of the App sent after `rejected`, with the follower's hint
   * of where the logs may still match. Returns false for stale rejections.
   */
  maybeDecrTo(rejected: LogIndex, matchHint: LogIndex): boolean {
    if (this.state === ProgressState.Replicate) {
      if (rejected <= this.match) return false;
      this.next = (this.match + 1) as LogIndex;
      return true;
    }
    if (this.next - 1 !== rejected) return false;
    this.next = Math.max(Math.min(rejected, matchHint + 1), this.match + 1, 1) as LogIndex;
    this.probeSent = false;
    return true;
  }

  /** Records that an App carrying entries up to `lastIndex` (`bytes` of data) was sent. */
  sentEntries(lastIndex: LogIndex | undefined, bytes: number): void {
    if (this.state === ProgressState.Replicate) {
      if (lastIndex === undefined) return;
      this.next = (lastIndex + 1) as LogIndex;
      this.inflights.add(lastIndex, bytes);
    } else if (this.state === ProgressState.Probe) {
      this.probeSent = true;
    }
  }

  isPaused(): boolean {
    switch (this.state) {
      case ProgressState.Probe:
        return this.probeSent;
      case ProgressState.Replicate:
        return this.inflights.full();
      case ProgressState.Snapshot:
        return true;
    }
  }
}
