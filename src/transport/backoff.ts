/**
 * Delay before reconnect attempt `attempt` (0-based): exponential from minMs up to maxMs, with
 * "equal jitter" (half fixed, half random) so that nodes restarted together spread out while a
 * refused or failing peer is never retried sooner than half the exponential delay.
 */
export function backoffDelayMs(attempt: number, minMs: number, maxMs: number, random: () => number): number {
  const ceilingMs = Math.min(maxMs, minMs * 2 ** Math.min(attempt, 30));
  return ceilingMs / 2 + (random() * ceilingMs) / 2;
}
