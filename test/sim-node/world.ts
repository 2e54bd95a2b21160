/**
 * Virtual time for the whole-node simulator: one queue of callbacks ordered
 * by (time, insertion order), and the Clock each run of a node gets. A
 * node's clock dies with it: its timers and scheduled turns never fire
 * after a crash, as a dead process's would not.
 */
import type { Clock, Timer } from '../../src/host/clock.js';
import { EventQueue } from '../sim/event-queue.js';

/** Virtual time starts at a plausible wall-clock time, so record timestamps pass the topic's window. */
const EPOCH_MS = 1_750_000_000_000;

export class World {
  private readonly queue = new EventQueue<() => void>();
  nowUs = 0;
  events = 0;

  after(delayUs: number, callback: () => void): void {
    this.queue.push(this.nowUs + Math.max(0, Math.round(delayUs)), callback);
  }

  nowMs(): number {
    return EPOCH_MS + Math.floor(this.nowUs / 1000);
  }

  /** Runs the next event; false when none is left. */
  step(): boolean {
    const next = this.queue.pop();
    if (next === undefined) return false;
    this.nowUs = next.timeUs;
    this.events++;
    next.item();
    return true;
  }
}

/** The Clock of one run of one node. */
export class NodeClock implements Clock {
  alive = true;

  constructor(
    private readonly world: World,
    /** The node's timers run this much slow (> 1) or fast (< 1): no two nodes tick in step. */
    private readonly skew: number,
  ) {}

  now(): number {
    return this.world.nowMs();
  }

  after(ms: number, callback: () => void): Timer {
    let cancelled = false;
    this.world.after(ms * 1000 * this.skew, () => {
      if (!cancelled && this.alive) callback();
    });
    return { cancel: () => (cancelled = true) };
  }

  every(ms: number, callback: () => void): Timer {
    let cancelled = false;
    const fire = (): void => {
      if (cancelled || !this.alive) return;
      callback();
      this.world.after(ms * 1000 * this.skew, fire);
    };
    this.world.after(ms * 1000 * this.skew, fire);
    return { cancel: () => (cancelled = true) };
  }

  soon(callback: () => void): void {
    this.world.after(0, () => {
      if (this.alive) callback();
    });
  }
}
