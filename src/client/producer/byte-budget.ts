/**
 * Bounds the bytes a producer holds, from the send() call until the records
 * are acknowledged or failed. Waiters are served first come, first served,
 * so a large send is not starved by a stream of small ones; each waits at
 * most its own deadline. Sends waiting for room hold their messages too, so
 * their bytes are bounded as well: a send that would make the waiting bytes
 * exceed bytesMax is refused at once. A producer thus holds at most twice
 * bytesMax, however fast an application sends into an outage.
 */
import assert from 'node:assert/strict';
import { CairnError } from '../errors.js';

interface Waiter {
  readonly bytes: number;
  readonly resolve: () => void;
  readonly reject: (error: CairnError) => void;
  readonly timer: NodeJS.Timeout;
}

export class ByteBudget {
  readonly bytesMax: number;
  #usedBytes = 0;
  #waitingBytes = 0;
  readonly #waiters: Waiter[] = [];

  constructor(bytesMax: number) {
    this.bytesMax = bytesMax;
  }

  /** Bytes granted: buffered, in flight, or of sends on their way into a batch. */
  get usedBytes(): number {
    return this.#usedBytes;
  }

  /** Bytes of sends waiting for room. */
  get waitingBytes(): number {
    return this.#waitingBytes;
  }

  /** Takes `bytes` at once if they are free and nobody waits before us. */
  tryAcquire(bytes: number): boolean {
    assert(bytes > 0 && bytes <= this.bytesMax, `cannot take ${bytes} of ${this.bytesMax} bytes`);
    if (this.#waiters.length > 0 || this.#usedBytes + bytes > this.bytesMax) return false;
    this.#usedBytes += bytes;
    return true;
  }

  /**
   * Takes `bytes`, at once when there is room (synchronously: the bytes
   * count before this returns), else after the waiters before it; rejects
   * with BUFFER_FULL after `timeoutMs`, or at once when the waiting bytes
   * would exceed bytesMax.
   */
  acquire(bytes: number, timeoutMs: number): Promise<void> {
    if (this.tryAcquire(bytes)) return Promise.resolve();
    const refused = this.refusal(bytes);
    if (refused !== undefined) return Promise.reject(refused);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#remove(waiter);
        const message = `no room for ${bytes} bytes within maxBlockMs (${timeoutMs} ms left of it when the send began waiting); ${this.#usedBytes} of ${this.bytesMax} bytes (bufferBytesMax) are buffered or in flight`;
        reject(new CairnError('BUFFER_FULL', message));
        // The head may have been the one blocking those behind it.
        this.#grant();
      }, timeoutMs);
      const waiter: Waiter = { bytes, resolve, reject, timer };
      this.#waiters.push(waiter);
      this.#waitingBytes += bytes;
    });
  }

  /** The BUFFER_FULL error of a send of `bytes` that could neither take them now nor wait for them; undefined if it could. */
  refusal(bytes: number): CairnError | undefined {
    const fitsNow = this.#waiters.length === 0 && this.#usedBytes + bytes <= this.bytesMax;
    if (fitsNow || this.#waitingBytes + bytes <= this.bytesMax) return undefined;
    const message = `${this.#usedBytes} of ${this.bytesMax} bytes (bufferBytesMax) are buffered or in flight, and sends of ${this.#waitingBytes} more bytes wait for room; ${bytes} more would exceed bufferBytesMax again`;
    return new CairnError('BUFFER_FULL', message);
  }

  release(bytes: number): void {
    assert(bytes >= 0 && bytes <= this.#usedBytes, `releasing ${bytes} of ${this.#usedBytes} used bytes`);
    this.#usedBytes -= bytes;
    this.#grant();
  }

  #grant(): void {
    for (let head = this.#waiters[0]; head !== undefined && this.#usedBytes + head.bytes <= this.bytesMax; head = this.#waiters[0]) {
      this.#waiters.shift();
      this.#waitingBytes -= head.bytes;
      clearTimeout(head.timer);
      this.#usedBytes += head.bytes;
      head.resolve();
    }
  }

  #remove(waiter: Waiter): void {
    const index = this.#waiters.indexOf(waiter);
    if (index < 0) return;
    this.#waiters.splice(index, 1);
    this.#waitingBytes -= waiter.bytes;
  }
}
