/**
 * Deliberate bugs the whole-node simulator (test/sim-node) switches on, one
 * at a time, to prove its checker catches each broken promise in the real
 * code rather than in a copy of it. Every switch is off unless a simulator
 * run sets it; nothing in production sets them.
 */
export interface Mutants {
  /** The host writes every turn without fsync, so acknowledgements and votes leave before they are durable. */
  ackBeforeSync: boolean;
  /** A leader answers its proposals once its own write is done, before a quorum holds (commits) them. */
  ackBeforeCommit: boolean;
  /** A changed vote or term does not force an fsync: a vote may be sent, then forgotten by a crash. */
  voteBeforeDurable: boolean;
  /** The partition leader appends every batch, never recognising a producer's retry. */
  idempotenceOff: boolean;
  /** A new partition leader serves produce requests before its term's first entry is applied (its offsets and producer state may be stale). */
  serveBeforeReady: boolean;
}

export const mutants: Mutants = {
  ackBeforeSync: false,
  ackBeforeCommit: false,
  voteBeforeDurable: false,
  idempotenceOff: false,
  serveBeforeReady: false,
};
