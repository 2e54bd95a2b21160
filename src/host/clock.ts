/**
 * Time and scheduling as a port. The data path (the host's ticks and turns,
 * the storage writer's flush timer, the partition's produce queue and its
 * waits) reads time and arms timers only through a Clock, so the whole-node
 * simulator can run the real code under a virtual clock. Production passes
 * `realClock`, which is exactly the Node.js timers the code used before.
 */

/** A scheduled callback that can be called off. */
export interface Timer {
  cancel(): void;
}

export interface Clock {
  /** Milliseconds since the epoch (Date.now()). */
  now(): number;
  /** Runs `callback` once, after `ms` (setTimeout). */
  after(ms: number, callback: () => void): Timer;
  /** Runs `callback` every `ms` until cancelled (setInterval). */
  every(ms: number, callback: () => void): Timer;
  /** Runs `callback` once the current turn's I/O is done (setImmediate): work batched per event-loop turn. */
  soon(callback: () => void): void;
}

export const realClock: Clock = {
  now: () => Date.now(),
  after(ms, callback) {
    const timer = setTimeout(callback, ms);
    return { cancel: () => clearTimeout(timer) };
  },
  every(ms, callback) {
    const timer = setInterval(callback, ms);
    return { cancel: () => clearInterval(timer) };
  },
  soon(callback) {
    setImmediate(callback);
  },
};
