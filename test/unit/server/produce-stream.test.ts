import { EventEmitter } from 'node:events';
import type { ServerDuplexStream } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { CairnError, fromGrpcError } from '../../../src/client/errors.js';
import type { GrpcErrorLike } from '../../../src/client/errors.js';
import type { ProduceResponse } from '../../../src/gen/cairn/v1/ProduceResponse.js';
import type { ProduceStreamRequest__Output } from '../../../src/gen/cairn/v1/ProduceStreamRequest.js';
import type { ProduceStreamResponse } from '../../../src/gen/cairn/v1/ProduceStreamResponse.js';
import { serveProduceStream } from '../../../src/server/produce-stream.js';
import { PRODUCE_STREAM_IN_FLIGHT_MAX } from '../../../src/server/request-limits.js';

/** The server side of one stream as the handler uses it: what it writes, whether it ended, and the status it sent. */
class FakeCall extends EventEmitter {
  cancelled = false;
  destroyed = false;
  writableEnded = false;
  readonly written: ProduceStreamResponse[] = [];
  status: CairnError | undefined;

  constructor() {
    super();
    // As grpc-js does: an emitted error becomes the stream's status, then the stream ends.
    this.on('error', (error: GrpcErrorLike) => {
      this.status = fromGrpcError(error);
      this.end();
    });
  }

  write(message: ProduceStreamResponse): boolean {
    expect(this.writableEnded).toBe(false);
    this.written.push(message);
    return true;
  }

  end(): void {
    this.writableEnded = true;
  }

  send(correlationId: number): void {
    this.emit('data', { correlationId: String(correlationId), request: { partitions: [] } } as unknown as ProduceStreamRequest__Output);
  }
}

function serve(produce: () => Promise<ProduceResponse>): FakeCall {
  const call = new FakeCall();
  serveProduceStream(call as unknown as ServerDuplexStream<ProduceStreamRequest__Output, ProduceStreamResponse>, produce);
  return call;
}

describe('ProduceStream', () => {
  it(`ends the stream with TOO_MANY_REQUESTS when a request would be the ${PRODUCE_STREAM_IN_FLIGHT_MAX + 1}th unanswered`, async () => {
    let started = 0;
    const call = serve(() => {
      started++;
      return new Promise<ProduceResponse>(() => {});
    });
    for (let id = 1; id <= PRODUCE_STREAM_IN_FLIGHT_MAX; id++) call.send(id);
    expect([started, call.status]).toEqual([PRODUCE_STREAM_IN_FLIGHT_MAX, undefined]);
    call.send(PRODUCE_STREAM_IN_FLIGHT_MAX + 1);
    expect(started).toBe(PRODUCE_STREAM_IN_FLIGHT_MAX);
    expect(call.status?.code).toBe('TOO_MANY_REQUESTS');
    expect(call.status?.retriable).toBe(true);
    call.send(PRODUCE_STREAM_IN_FLIGHT_MAX + 2);
    expect(started).toBe(PRODUCE_STREAM_IN_FLIGHT_MAX);
  });

  it('answers each request under its correlation id, and ends once the client has ended and every answer is written', async () => {
    const answers: ((response: ProduceResponse) => void)[] = [];
    const call = serve(() => new Promise((resolve) => answers.push(resolve)));
    call.send(1);
    call.send(2);
    call.emit('end');
    answers[1]!({ results: [] });
    await Promise.resolve();
    expect(call.written.map((w) => w.correlationId)).toEqual(['2']);
    expect(call.writableEnded).toBe(false);
    answers[0]!({ results: [] });
    await Promise.resolve();
    expect(call.written.map((w) => w.correlationId)).toEqual(['2', '1']);
    expect(call.writableEnded).toBe(true);
    expect(call.status).toBeUndefined();
  });

  it('ends the stream with the typed status of a request that fails as a whole', async () => {
    const call = serve(() => Promise.reject(new CairnError('NOT_ENOUGH_REPLICAS', 'two of three replicas are down')));
    call.send(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect([call.status?.code, call.status?.message]).toEqual(['NOT_ENOUGH_REPLICAS', 'two of three replicas are down']);
  });
});
