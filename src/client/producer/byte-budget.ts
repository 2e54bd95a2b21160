/**
 * Bounds the bytes a producer holds, from send() until the records are
 * acknowledged or failed. Waiters are served first come, first served, so a
 * large send is not starved by a stream of small ones; each waits at most
 * its own deadline.
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
  readonly #waiters: Waiter[] = [];
  #closedError: CairnError | undefined;

  constructor(bytesMax: number) {
    this.bytesMax = bytesMax;
  }

  get usedBytes(): number {
    return this.#usedBytes;
  }

  /** Takes `bytes` at once if they are free and nobody waits before us. */
  tryAcquire(bytes: number): boolean {
    assert(bytes > 0 && bytes <= this.bytesMax, `cannot take ${bytes} of ${this.bytesMax} bytes`);
    if (this.#closedError !== undefined || this.#waiters.length > 0 || this.#usedBytes + bytes > this.bytesMax) return false;
    this.#usedBytes += bytes;
    return true;
  }

  /** Waits up to `timeoutMs` for `bytes`; rejects with BUFFER_FULL then, or with the close error. */
  acquire(bytes: number, timeoutMs: number): Promise<void> {
    if (this.#closedError !== undefined) return Promise.reject(this.#closedError);
    if (this.tryAcquire(bytes)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#remove(waiter);
        const message = `waited ${timeoutMs} ms (maxBlockMs) for ${bytes} bytes; ${this.#usedBytes} of ${this.bytesMax} bytes (bufferBytesMax) are buffered or in flight`;
        reject(new CairnError('BUFFER_FULL', message));
        // The head may have been the one blocking those behind it.
        this.#grant();
      }, timeoutMs);
      const waiter: Waiter = { bytes, resolve, reject, timer };
      this.#waiters.push(waiter);
    });
  }

  release(bytes: number): void {
    assert(bytes >= 0 && bytes <= this.#usedBytes, `releasing ${bytes} of ${this.#usedBytes} used bytes`);
    this.#usedBytes -= bytes;
    this.#grant();
  }

  /** Rejects current and future waiters; bytes already taken are still released as usual. */
  close(error: CairnError): void {
    this.#closedError = error;
    for (const waiter of this.#waiters.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.reject(error);
    }
  }

  #grant(): void {
    for (let head = this.#waiters[0]; head !== undefined && this.#usedBytes + head.bytes <= this.bytesMax; head = this.#waiters[0]) {
      this.#waiters.shift();
      clearTimeout(head.timer);
      this.#usedBytes += head.bytes;
      head.resolve();
    }
  }

  #remove(waiter: Waiter): void {
    const index = this.#waiters.indexOf(waiter);
    if (index >= 0) this.#waiters.splice(index, 1);
  }
}
