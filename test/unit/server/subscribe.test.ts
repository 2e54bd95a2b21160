import { EventEmitter } from 'node:events';
import type { ServerDuplexStream } from '@grpc/grpc-js';
import { describe, expect, it, vi } from 'vitest';
import type { CairnError, GrpcErrorLike } from '../../../src/client/errors.js';
import { fromGrpcError } from '../../../src/client/errors.js';
import type { SubscribeRequest__Output } from '../../../src/gen/cairn/v1/SubscribeRequest.js';
import type { SubscribeResponse } from '../../../src/gen/cairn/v1/SubscribeResponse.js';
import { SUBSCRIBE_CREDIT_BYTES_MAX } from '../../../src/server/request-limits.js';
import { serveSubscription } from '../../../src/server/subscribe.js';
import { HostedPartitions } from './hosted-partitions.js';

/** The server side of one Subscribe stream: pushes are held until the test flushes them, as a connection would. */
class FakeCall extends EventEmitter {
  cancelled = false;
  destroyed = false;
  writableEnded = false;
  readonly pushes: SubscribeResponse[] = [];
  private readonly unflushed: (() => void)[] = [];
  status: CairnError | undefined;

  constructor() {
    super();
    // As grpc-js does: an emitted error becomes the stream's status, then the stream ends.
    this.on('error', (error: GrpcErrorLike) => {
      this.status = fromGrpcError(error);
      this.end();
    });
  }

  write(message: SubscribeResponse, flushed: () => void): boolean {
    this.pushes.push(message);
    this.unflushed.push(flushed);
    return true;
  }

  end(): void {
    this.writableEnded = true;
  }

  /** The connection takes every push written so far. */
  flush(): void {
    for (const flushed of this.unflushed.splice(0)) flushed();
  }

  pushedBytes(): number {
    return this.pushes.reduce((sum, push) => sum + (push.records as Uint8Array).byteLength, 0);
  }

  start(topic: string, offset: string, creditBytes: number): void {
    this.emit('data', { start: { topic, partition: 0, offset, creditBytes } } as SubscribeRequest__Output);
  }
}

/** Lets every read and wake already under way run to its end: the fake log answers within the event loop's turns. */
async function settled(): Promise<void> {
  for (let turn = 0; turn < 10; turn++) await new Promise((resolve) => setImmediate(resolve));
}

function subscribe(partitions: HostedPartitions): FakeCall {
  const call = new FakeCall();
  serveSubscription(call as unknown as ServerDuplexStream<SubscribeRequest__Output, SubscribeResponse>, partitions);
  return call;
}

describe('Subscribe', () => {
  it('ends a start on an unknown topic or from offset 2^64-1 with its status at once, though no credit was granted', async () => {
    const partitions = new HostedPartitions();
    partitions.add('t', 0).append(1);
    const unknown = subscribe(partitions);
    unknown.start('missing', '0', 0);
    const beyond = subscribe(partitions);
    beyond.start('t', '18446744073709551615', 0);
    await vi.waitFor(() => expect([unknown.status?.code, beyond.status?.code]).toEqual(['UNKNOWN_TOPIC_OR_PARTITION', 'OFFSET_OUT_OF_RANGE']));
    expect(unknown.writableEnded && beyond.writableEnded).toBe(true);
  });

  it('reads the next push only once the previous one is flushed to the connection', async () => {
    const partitions = new HostedPartitions();
    const hosted = partitions.add('t', 0);
    // Batches over half a push each: one batch per push.
    hosted.append(3, { valueBytes: 600_000 });
    const read = vi.spyOn(hosted.reader, 'read');
    const call = subscribe(partitions);
    call.start('t', '0', 4_294_967_295);
    await vi.waitFor(() => expect(call.pushes).toHaveLength(1));
    const readsBefore = read.mock.calls.length;
    await settled();
    expect([call.pushes.length, read.mock.calls.length]).toEqual([1, readsBefore]);
    call.flush();
    await vi.waitFor(() => expect(call.pushes).toHaveLength(2));
  });

  it(`caps credit at ${SUBSCRIBE_CREDIT_BYTES_MAX} bytes whatever the client grants, and pushes more as it grants more`, async () => {
    const partitions = new HostedPartitions();
    const [batchBytes] = partitions.add('t', 0).append(24, { valueBytes: 1_000_000 });
    const call = subscribe(partitions);
    call.start('t', '0', 4_294_967_295);
    call.emit('data', { creditBytes: 4_294_967_295 } as SubscribeRequest__Output);
    // Flushed as fast as pushed, until the credit runs out.
    await vi.waitFor(() => {
      call.flush();
      expect(call.pushedBytes()).toBeGreaterThanOrEqual(SUBSCRIBE_CREDIT_BYTES_MAX);
    });
    call.flush();
    await settled();
    expect(call.pushedBytes()).toBeLessThan(SUBSCRIBE_CREDIT_BYTES_MAX + batchBytes!);
    const pushesBefore = call.pushes.length;
    call.emit('data', { creditBytes: batchBytes } as SubscribeRequest__Output);
    await vi.waitFor(() => expect(call.pushes.length).toBeGreaterThan(pushesBefore));
  });

  it('stops reading once the client cancels', async () => {
    const partitions = new HostedPartitions();
    const hosted = partitions.add('t', 0);
    const read = vi.spyOn(hosted.reader, 'read');
    const call = subscribe(partitions);
    call.start('t', '0', 1024 * 1024);
    await vi.waitFor(() => expect(read).toHaveBeenCalledTimes(2));
    call.cancelled = true;
    call.emit('cancelled');
    hosted.append(3);
    await settled();
    expect(read).toHaveBeenCalledTimes(2);
    expect(call.pushes).toHaveLength(0);
  });
});
