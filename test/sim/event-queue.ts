/**
 * The virtual clock: a binary min-heap of events ordered by virtual time,
 * ties broken by insertion order so that a seed always replays the same
 * interleaving.
 */
import { assert } from '../../src/raft/assert.js';
import { EVENTS_QUEUED_MAX } from './limits.js';

interface Slot<T> {
  readonly timeUs: number;
  readonly seq: number;
  readonly item: T;
}

export class EventQueue<T> {
  private readonly heap: Slot<T>[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  push(timeUs: number, item: T): void {
    assert(Number.isInteger(timeUs) && timeUs >= 0, `event time ${timeUs} is not a virtual microsecond`);
    assert(this.heap.length < EVENTS_QUEUED_MAX, `event queue overflow (${EVENTS_QUEUED_MAX})`);
    const heap = this.heap;
    heap.push({ timeUs, seq: this.seq++, item });
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  /** The earliest event, removed from the queue. */
  pop(): { timeUs: number; item: T } | undefined {
    const heap = this.heap;
    const top = heap[0];
    if (top === undefined) return undefined;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let least = i;
        if (left < heap.length && before(heap[left]!, heap[least]!)) least = left;
        if (right < heap.length && before(heap[right]!, heap[least]!)) least = right;
        if (least === i) break;
        [heap[i], heap[least]] = [heap[least]!, heap[i]!];
        i = least;
      }
    }
    return { timeUs: top.timeUs, item: top.item };
  }
}

function before<T>(a: Slot<T>, b: Slot<T>): boolean {
  return a.timeUs < b.timeUs || (a.timeUs === b.timeUs && a.seq < b.seq);
}
