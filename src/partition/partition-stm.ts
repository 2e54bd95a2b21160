/**
 * The state machine of one partition's Raft group. The group's log is the
 * partition's message log; this class tracks what the data path needs from
 * the applied part of it.
 */
import type { GroupStateMachine } from '../host/state-machine.js';
import type { Entry, LogIndex, Snapshot } from '../raft/index.js';

export class PartitionStm implements GroupStateMachine {
  /** Index of the last entry applied. */
  appliedIndex = 0 as LogIndex;

  restore(snapshot: Snapshot): void {
    this.appliedIndex = snapshot.metadata.index;
  }

  apply(entries: readonly Entry[]): void {
    const last = entries[entries.length - 1];
    if (last !== undefined) this.appliedIndex = last.index;
  }

  compaction(): undefined {
    return undefined;
  }
}
