/**
 * Whether a node is ready to serve (the /readyz answer), and a log of why
 * it is not: an operator, or the chaos harness, reading a node's log after
 * it hung back must see which group held it and in what state.
 */
import type { Status } from '../raft/index.js';
import type { Logger } from '../observability/index.js';

/** Why the group keeps this node from being ready, or undefined if it does not. */
export function groupNotReady(id: number, status: Status): string | undefined {
  if (status.lead === 0) {
    return `group ${id} has no leader (term ${status.term}, ${status.role}, voted ${status.vote}, commit ${status.commit}, last ${status.lastIndex})`;
  }
  if (status.applied < status.commit) return `group ${id} is catching up (applied ${status.applied} of commit ${status.commit}, leader ${status.lead})`;
  return undefined;
}

/** How often a node that stays not ready repeats why. */
export const NOT_READY_REPEAT_MS = 10_000;

/** Logs a node's readiness as it changes, and while it stays not ready, every NOT_READY_REPEAT_MS. */
export class ReadinessLog {
  private since: number | undefined;
  private lastLoggedMs = -Infinity;
  private ready = false;

  constructor(private readonly logger: Pick<Logger, 'info' | 'warn'>) {}

  observe(reason: string | undefined, nowMs: number): void {
    if (reason === undefined) {
      if (!this.ready) this.logger.info({ notReadyMs: this.since === undefined ? 0 : nowMs - this.since }, 'ready');
      this.ready = true;
      this.since = undefined;
      return;
    }
    if (this.since === undefined) this.since = nowMs;
    if (!this.ready && nowMs - this.lastLoggedMs < NOT_READY_REPEAT_MS) return;
    this.ready = false;
    this.lastLoggedMs = nowMs;
    this.logger.warn({ reason, notReadyMs: nowMs - this.since }, 'not ready');
  }
}
