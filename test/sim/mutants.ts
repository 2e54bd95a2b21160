/**
 * Deliberately broken cores and hosts, to prove the simulator catches the
 * bugs it claims to. They live only here: production code keeps the hooks
 * (protected methods) but never the broken overrides.
 */
import type { RaftConfig, RaftOptions } from '../../src/raft/config.js';
import { RaftLog } from '../../src/raft/log.js';
import { Raft } from '../../src/raft/raft.js';
import { RawNode } from '../../src/raft/raw-node.js';
import type { RaftStorage } from '../../src/raft/storage.js';
import type { Entry, LogIndex } from '../../src/raft/types.js';

export const MUTANT_NAMES = ['commit-old-term', 'vote-any-log', 'no-persist-vote', 'no-truncate', 'apply-past-ready'] as const;
export type MutantName = (typeof MUTANT_NAMES)[number];

export function isMutantName(name: string): name is MutantName {
  return (MUTANT_NAMES as readonly string[]).includes(name);
}

/** How the simulator builds nodes and carries out Readies: correctly, or with one planted bug. */
export interface Core {
  createNode(options: RaftOptions): RawNode;
  /** The host sends vote answers when it takes the Ready, before the vote in it is durable. */
  readonly votesBeforeDurable: boolean;
}

/** Figure 8 ignored: entries of earlier terms commit by counting replicas. */
class CommitOldTermRaft extends Raft {
  protected override canCommitAt(): boolean {
    return true;
  }
}

/** §5.4.1 ignored: votes go to candidates whatever their log. */
class VoteAnyLogRaft extends Raft {
  protected override isUpToDate(): boolean {
    return true;
  }
}

/** A follower never drops a conflicting suffix: only entries beyond its last index count as new. */
class NoTruncateLog extends RaftLog {
  override findConflict(entries: readonly Entry[]): LogIndex {
    const lastIndex = this.lastIndex();
    for (const entry of entries) if (entry.index > lastIndex) return entry.index;
    return 0 as LogIndex;
  }
}

class NoTruncateRaft extends Raft {
  protected override createLog(storage: RaftStorage, applied: LogIndex): RaftLog {
    return new NoTruncateLog(storage, applied);
  }
}

/** Stored committed entries are handed out even while a Ready's own committed entries wait for its write. */
class ApplyPastReadyNode extends RawNode {
  protected override readyHasCommitted(): boolean {
    return false;
  }
}

function nodeWith(createRaft: (config: RaftConfig) => Raft): (options: RaftOptions) => RawNode {
  class MutantNode extends RawNode {
    protected override createRaft(config: RaftConfig): Raft {
      return createRaft(config);
    }
  }
  return (options) => new MutantNode(options);
}

export function coreFor(mutant: MutantName | null): Core {
  switch (mutant) {
    case null:
      return { createNode: (options) => new RawNode(options), votesBeforeDurable: false };
    case 'commit-old-term':
      return { createNode: nodeWith((config) => new CommitOldTermRaft(config)), votesBeforeDurable: false };
    case 'vote-any-log':
      return { createNode: nodeWith((config) => new VoteAnyLogRaft(config)), votesBeforeDurable: false };
    case 'no-truncate':
      return { createNode: nodeWith((config) => new NoTruncateRaft(config)), votesBeforeDurable: false };
    case 'apply-past-ready':
      return { createNode: (options) => new ApplyPastReadyNode(options), votesBeforeDurable: false };
    case 'no-persist-vote':
      return { createNode: (options) => new RawNode(options), votesBeforeDurable: true };
  }
}
