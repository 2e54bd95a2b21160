/** Bounds a wait on work that is shared, or bounded only by its own retries, by a caller's deadline. */
import type { CairnError } from './errors.js';

/**
 * Settles as `promise` does, or rejects with `late()` once `deadlineMs`
 * (a Date.now() time) has passed; the work behind `promise` goes on.
 */
export function settleBy<T>(promise: Promise<T>, deadlineMs: number, late: () => CairnError): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expiry = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(late()), Math.max(0, deadlineMs - Date.now()));
  });
  return Promise.race([promise, expiry]).finally(() => clearTimeout(timer));
}
