/**
 * Logs refusals (of peer hellos, of controller reports) without letting a client that repeats them
 * fill the log: per window, the first refusal of each reason is logged; the rest are counted and
 * summed up in one line when the next window opens.
 */
import type { PeerRefusal, TransportLogger } from './types.js';

export const REFUSAL_LOG_WINDOW_MS = 10_000;

export class RefusalLog {
  private windowStartMs = -Infinity;
  private readonly logged = new Set<PeerRefusal>();
  private unlogged = 0;

  constructor(
    private readonly logger: Pick<TransportLogger, 'warn'>,
    /** The summary line's message, e.g. 'more peer hellos refused than were logged'. */
    private readonly summary: string,
    private readonly nowMs: () => number = () => performance.now(),
    private readonly windowMs = REFUSAL_LOG_WINDOW_MS,
  ) {}

  refused(refusal: PeerRefusal, fields: object, message: string): void {
    const now = this.nowMs();
    if (now - this.windowStartMs >= this.windowMs) {
      if (this.unlogged > 0) this.logger.warn({ refused: this.unlogged, windowMs: this.windowMs }, this.summary);
      this.windowStartMs = now;
      this.logged.clear();
      this.unlogged = 0;
    }
    if (this.logged.has(refusal)) {
      this.unlogged++;
      return;
    }
    this.logged.add(refusal);
    this.logger.warn(fields, message);
  }
}
