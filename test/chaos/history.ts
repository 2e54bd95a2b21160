/**
 * The history of a chaos run: every send invocation and its outcome, every
 * poll, every change of a consumer's partitions, every commit, the final
 * read, every nemesis step and every error of the harness, in the order
 * they happened, each with its time. The checker reads it; it is also
 * written as JSON lines as the run goes, so a run that dies still leaves its
 * history.
 */
import { createWriteStream } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { once } from 'node:events';

/** A record as read: [partition, offset, value]. */
export type ReadRecord = readonly [partition: number, offset: number, value: string];

/** A committed position: the next offset the group reads in that partition. */
export type CommitOffset = readonly [partition: number, offset: number];

export type OpBody =
  /** A producer starts sending one value to one partition. */
  | { readonly type: 'invoke'; readonly f: 'send'; readonly process: string; readonly value: string; readonly partition: number }
  /** The send was acknowledged at that offset. */
  | { readonly type: 'ok'; readonly f: 'send'; readonly process: string; readonly value: string; readonly partition: number; readonly offset: number }
  /** The send failed: the value may or may not have been written (indeterminate). */
  | { readonly type: 'fail'; readonly f: 'send'; readonly process: string; readonly value: string; readonly partition: number; readonly error: string }
  /**
   * The group gave a consumer these partitions (onAssigned): each resumes at
   * the group's committed offset, else at the start, so its reads may go back
   * to offsets it was handed before.
   */
  | { readonly type: 'ok'; readonly f: 'assigned'; readonly process: string; readonly partitions: readonly number[] }
  /** The group took these partitions back: revoked (onRevoked) or lost without a commit (onLost). */
  | { readonly type: 'ok'; readonly f: 'revoked' | 'lost'; readonly process: string; readonly partitions: readonly number[] }
  /** A consumer closed, leaving the group: it holds no partition until a new assignment. */
  | { readonly type: 'ok'; readonly f: 'left'; readonly process: string }
  /** A consumer commits, for the group, the offset to resume each partition at. */
  | { readonly type: 'invoke' | 'ok'; readonly f: 'commit'; readonly process: string; readonly offsets: readonly CommitOffset[] }
  | { readonly type: 'fail'; readonly f: 'commit'; readonly process: string; readonly offsets: readonly CommitOffset[]; readonly error: string }
  /** Records a consumer was handed, in the order it was handed them. */
  | { readonly type: 'ok'; readonly f: 'poll'; readonly process: string; readonly records: readonly ReadRecord[] }
  | { readonly type: 'fail'; readonly f: 'poll'; readonly process: string; readonly error: string }
  /** The final read of one whole partition, from its start offset to its end offset, after every fault healed. */
  | {
      readonly type: 'ok';
      readonly f: 'final-read';
      readonly process: string;
      readonly partition: number;
      readonly startOffset: number;
      readonly endOffset: number;
      readonly records: readonly ReadRecord[];
    }
  /** A fault starts or heals; `detail` says on which nodes and how; `step` is its place in the schedule (none for the heal of everything). */
  | { readonly type: 'info'; readonly f: 'nemesis'; readonly process: 'nemesis'; readonly phase: 'start' | 'heal'; readonly kind: string; readonly step?: number; readonly detail: string }
  /**
   * The harness failed to start or heal a fault (a command that failed on
   * this machine, a node it could not restart): not an anomaly of the log,
   * but the run cannot pass, since the faults it claims did not all happen.
   */
  | { readonly type: 'error'; readonly f: 'harness'; readonly process: 'nemesis'; readonly phase: 'start' | 'heal'; readonly kind: string; readonly step?: number; readonly error: string };

/** An operation with its place in the history and its time, in ms since the run began. */
export type Op = OpBody & { readonly index: number; readonly time: number };

export class History {
  readonly ops: Op[] = [];
  /** Wall-clock time of time 0, to line the history up with the nodes' logs. */
  readonly startedAtIso = new Date().toISOString();
  private readonly startedAt = performance.now();
  private readonly out: WriteStream | undefined;

  /** With a file, every operation is also appended to it as one JSON line. */
  constructor(file?: string) {
    this.out = file === undefined ? undefined : createWriteStream(file, { flags: 'w' });
  }

  /** Milliseconds since the run began, to the microsecond. */
  now(): number {
    return Math.round((performance.now() - this.startedAt) * 1000) / 1000;
  }

  record(body: OpBody): Op {
    const op = { ...body, index: this.ops.length, time: this.now() } as Op;
    this.ops.push(op);
    this.out?.write(`${JSON.stringify(op)}\n`);
    return op;
  }

  async close(): Promise<void> {
    if (this.out === undefined) return;
    this.out.end();
    await once(this.out, 'finish');
  }
}
