/**
 * One wait on a partition's state machine, shared by every long poll and
 * subscription reading the partition: any number of waiting readers cost the
 * partition one waiter and one timer, and a reader that leaves (answered,
 * cancelled) unregisters at once rather than leaving a waiter behind until
 * its deadline.
 */
import type { PartitionStm } from '../partition/partition-stm.js';

/**
 * The longest one shared wait lasts. Its end wakes the readers still
 * registered as a change would (they read again and find nothing new), and
 * bounds how long a wait outlives its last reader.
 */
export const CHANGE_FEED_WAIT_MS = 5_000;

type Waitable = Pick<PartitionStm, 'waitForChange'>;

const feeds = new WeakMap<Waitable, ChangeFeed>();

/** The feed of `stm`, made on first use and dropped with the state machine. */
export function changeFeedOf(stm: Waitable): ChangeFeed {
  let feed = feeds.get(stm);
  if (feed === undefined) {
    feed = new ChangeFeed(stm);
    feeds.set(stm, feed);
  }
  return feed;
}

export class ChangeFeed {
  private readonly listeners = new Set<() => void>();
  private armed = false;

  constructor(private readonly stm: Waitable) {}

  /** Calls `onChange` once, at the next change (or when the shared wait ends); returns what unregisters it first. */
  next(onChange: () => void): () => void {
    this.listeners.add(onChange);
    if (!this.armed) this.arm();
    return () => this.listeners.delete(onChange);
  }

  private arm(): void {
    this.armed = true;
    void this.stm.waitForChange(CHANGE_FEED_WAIT_MS).then(() => {
      this.armed = false;
      const woken = [...this.listeners];
      this.listeners.clear();
      for (const listener of woken) listener();
    });
  }
}
