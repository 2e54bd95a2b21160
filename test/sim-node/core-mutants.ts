/**
 * Planted bugs in the Raft core's quiescence, for the whole-node simulator:
 * each is a RawNode whose Raft overrides one protected hook, handed to the
 * real host through HostOptions.rawNode. (The host's own planted bugs are
 * switches in src/host/mutants.ts.)
 */
import type { RaftConfig, RaftOptions, WakeCause } from '../../src/raft/index.js';
import { Raft, RawNode, Role } from '../../src/raft/index.js';

type RaftClass = new (config: RaftConfig) => Raft;

/** A quiet follower never wakes: not for a message, not when its leader's node dies. */
class FollowerNeverWakes extends Raft {
  protected override wake(cause: WakeCause): void {
    if (this.role !== Role.Follower) super.wake(cause);
  }
}

/** A quiet leader takes a proposal (or a membership change) and stays quiet: it sends nothing and never ticks. */
class ProposesWhileQuiet extends Raft {
  protected override wake(cause: WakeCause): void {
    if (cause !== 'request') super.wake(cause);
  }
}

/** A follower whose leader's node died raises its term at once, without asking whether it could win (no pre-vote). */
class WakeSkipsPreVote extends Raft {
  protected override leaderNodeDead(): void {
    this.campaign('election');
  }
}

function rawNodeWith(raft: RaftClass): (options: RaftOptions) => RawNode {
  class Mutant extends RawNode {
    protected override createRaft(config: RaftConfig): Raft {
      return new raft(config);
    }
  }
  return (options) => new Mutant(options);
}

export const CORE_MUTANTS: Readonly<Record<string, (options: RaftOptions) => RawNode>> = {
  'quiet-follower-never-wakes': rawNodeWith(FollowerNeverWakes),
  'quiet-leader-proposes-silently': rawNodeWith(ProposesWhileQuiet),
  'wake-skips-pre-vote': rawNodeWith(WakeSkipsPreVote),
};

/** The core mutant the running seed switched on, if any (one seed at a time per process). */
export const coreMutant: { current: ((options: RaftOptions) => RawNode) | undefined } = { current: undefined };
