/** Capped exponential backoff with jitter, shared by every retry loop of the SDK. */
import type { RetryOptions } from './options.js';

/** The delay before retry number `attempt + 1` (attempt 0 is the first failure). */
export function backoffDelayMs(attempt: number, retry: Pick<RetryOptions, 'initialBackoffMs' | 'backoffMaxMs'>): number {
  const ceilingMs = Math.min(retry.backoffMaxMs, retry.initialBackoffMs * 2 ** Math.min(attempt, 30));
  // Jitter spreads clients that failed together; the fixed half keeps retries from bunching at zero.
  return ceilingMs / 2 + (Math.random() * ceilingMs) / 2;
}
