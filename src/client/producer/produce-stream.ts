/**
 * One long-lived ProduceStream to one node: requests are pipelined with
 * correlation ids and answered in any order. A stream that fails, ends, or
 * leaves a request unanswered for requestTimeoutMs is abandoned (a silent
 * peer may be half-open) and every request on it fails with a retriable
 * error; the next send opens a new stream.
 */
import type { StatusObject } from '@grpc/grpc-js';
import type { ProduceRequest } from '../../gen/cairn/v1/ProduceRequest.js';
import type { ProduceResponse__Output } from '../../gen/cairn/v1/ProduceResponse.js';
import type { ProduceStreamResponse__Output } from '../../gen/cairn/v1/ProduceStreamResponse.js';
import type { Connection, DuplexOf } from '../connection.js';
import { CairnError } from '../errors.js';

interface Pending {
  readonly resolve: (response: ProduceResponse__Output) => void;
  readonly reject: (error: CairnError) => void;
  readonly timer: NodeJS.Timeout;
}

/** How long close() lets the server end the stream before cancelling it. */
const CLOSE_GRACE_MS = 1_000;

export class ProduceStream {
  readonly #connection: Connection;
  readonly #requestTimeoutMs: number;
  #call: DuplexOf<'ProduceStream'> | undefined;
  readonly #pending = new Map<string, Pending>();
  #nextCorrelationId = 1;

  constructor(connection: Connection, requestTimeoutMs: number) {
    this.#connection = connection;
    this.#requestTimeoutMs = requestTimeoutMs;
  }

  get address(): string {
    return this.#connection.address;
  }

  get inFlightCount(): number {
    return this.#pending.size;
  }

  /** Rejects only with a CairnError. */
  send(request: ProduceRequest): Promise<ProduceResponse__Output> {
    const call = (this.#call ??= this.#open());
    const correlationId = String(this.#nextCorrelationId++);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#abandon(call, new CairnError('REQUEST_TIMED_OUT', `${this.#connection.address}: no produce answer within ${this.#requestTimeoutMs} ms`));
      }, this.#requestTimeoutMs);
      this.#pending.set(correlationId, { resolve, reject, timer });
      call.write({ correlationId, request });
    });
  }

  /** Gives the stream up (its node stopped answering): every request on it fails with `error`; the next send opens a new one. */
  abandon(error: CairnError): void {
    if (this.#call !== undefined) this.#abandon(this.#call, error);
  }

  /** Ends the stream once nothing is pending; cancels it after a grace period. */
  async close(): Promise<void> {
    const call = this.#call;
    if (call === undefined) return;
    this.#abandon(call, new CairnError('CLIENT_CLOSED', 'the producer closed'));
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        call.cancel();
        resolve();
      }, CLOSE_GRACE_MS);
      call.once('status', () => {
        clearTimeout(timer);
        resolve();
      });
      call.end();
    });
  }

  #open(): DuplexOf<'ProduceStream'> {
    const call = this.#connection.stream('ProduceStream');
    call.on('data', (message: ProduceStreamResponse__Output) => {
      const pending = this.#pending.get(message.correlationId);
      // Unknown ids belong to requests that timed out already.
      if (pending === undefined) return;
      this.#pending.delete(message.correlationId);
      clearTimeout(pending.timer);
      pending.resolve(message.response ?? { results: [] });
    });
    // grpc-js emits 'error' for every status but OK; without a listener it would crash the process.
    call.on('error', () => undefined);
    call.on('status', (status: StatusObject) => {
      // Our own cancels abandon the call first, so this status is not of our making.
      const error = this.#connection.errorOf(Object.assign(new Error(status.details), status), false);
      // An OK status while requests are pending is the server ending the stream early.
      this.#abandon(call, status.code === 0 ? new CairnError('UNAVAILABLE', `${this.#connection.address}: the produce stream ended`) : error);
    });
    return call;
  }

  /** Fails every request of `call` if it is still the current stream, and forgets it. */
  #abandon(call: DuplexOf<'ProduceStream'>, error: CairnError): void {
    if (call !== this.#call) return;
    this.#call = undefined;
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const request of pending) {
      clearTimeout(request.timer);
      request.reject(error);
    }
    if (error.code !== 'CLIENT_CLOSED') call.cancel();
  }
}
