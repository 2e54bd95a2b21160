/**
 * Whether a node is ready to serve (the /readyz answer), and a log of why
 * it is not: an operator, or the chaos harness, reading a node's log after
 * it hung back must see which group held it and in what state.
 */
import type { Status } from '../raft/index.js';
import type { Logger } from '../observability/index.js';

/**
 * What each hosted group had committed at the last two control rounds. A
 * group counts as caught up once it has applied what it had committed a
 * round before: an entry committed an instant ago and not applied yet is
 * the normal state of a busy group, not a lag, and judging by it would
 * make a node under load flap between ready and not.
 */
export class CommitMarks {
  private previous = new Map<number, number>();
  private latest = new Map<number, number>();

  /** Once a round, with every hosted group's commit index. */
  mark(commits: ReadonlyMap<number, number>): void {
    this.previous = this.latest;
    this.latest = new Map(commits);
  }

  /** What the group must have applied to be caught up: its commit a round ago, or its commit now while it is that new. */
  appliedFloor(id: number, status: Status): number {
    return this.previous.get(id) ?? status.commit;
  }
}

/** Why the group keeps this node from being ready, or undefined if it does not. */
export function groupNotReady(id: number, status: Status, appliedFloor: number = status.commit): string | undefined {
  if (status.lead === 0) {
    return `group ${id} has no leader (term ${status.term}, ${status.role}, voted ${status.vote}, commit ${status.commit}, last ${status.lastIndex})`;
  }
  if (status.applied < appliedFloor) return `group ${id} is catching up (applied ${status.applied} of commit ${status.commit}, leader ${status.lead})`;
  return undefined;
}

/**
 * Why a node that no controller has answered for `silentMs` is not ready, or undefined. Past the
 * controller's nodeDeadAfterMs it counts this node dead, places nothing here and stops telling
 * it who leads what; clients it answered would be sent to stale leaders, and an orchestrator
 * must not take it for a working member (a node cut off from the metadata leader, or whose peer
 * streams are all refused, ends here).
 */
export function controllerNotReady(silentMs: number, nodeDeadAfterMs: number): string | undefined {
  if (silentMs <= nodeDeadAfterMs) return undefined;
  return `no controller has accepted this node's reports for ${silentMs} ms (it counts a node dead after ${nodeDeadAfterMs} ms)`;
}

/**
 * Why a node with peers but no open stream to any of them is not ready, or undefined: it can
 * replicate nothing and hear of nothing, whatever its groups last knew.
 */
export function transportNotReady(links: { readonly linked: number; readonly open: number }): string | undefined {
  if (links.linked === 0 || links.open > 0) return undefined;
  return `no peer stream is open (${links.linked} peers, each refusing or unreachable)`;
}

/** How long a node must stay not ready before it says why, and how often it says it again. */
export const NOT_READY_LOG_AFTER_MS = 5_000;
export const NOT_READY_REPEAT_MS = 10_000;

/**
 * Logs why a node is not ready once that has lasted NOT_READY_LOG_AFTER_MS,
 * then every NOT_READY_REPEAT_MS; and that it is ready, the first time and
 * after each spell it logged. Elections make short spells that say nothing.
 */
export class ReadinessLog {
  private since: number | undefined;
  private lastLoggedMs = -Infinity;
  private everReady = false;
  private spellLogged = false;

  constructor(private readonly logger: Pick<Logger, 'info' | 'warn'>) {}

  observe(reason: string | undefined, nowMs: number): void {
    if (reason === undefined) {
      if (!this.everReady || this.spellLogged) this.logger.info({ notReadyMs: this.since === undefined ? 0 : nowMs - this.since }, 'ready');
      this.everReady = true;
      this.spellLogged = false;
      this.since = undefined;
      return;
    }
    this.since ??= nowMs;
    if (nowMs - this.since < NOT_READY_LOG_AFTER_MS || nowMs - this.lastLoggedMs < NOT_READY_REPEAT_MS) return;
    this.spellLogged = true;
    this.lastLoggedMs = nowMs;
    this.logger.warn({ reason, notReadyMs: nowMs - this.since }, 'not ready');
  }
}
