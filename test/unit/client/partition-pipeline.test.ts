import { describe, expect, it } from 'vitest';
import { CairnError } from '../../../src/client/errors.js';
import { PartitionPipeline } from '../../../src/client/producer/partition-pipeline.js';
import { ProducerBatch, SendGroup } from '../../../src/client/producer/producer-batch.js';

function batchOf(recordsCount: number): ProducerBatch {
  const batch = new ProducerBatch('t', 0, Date.now() + 60_000);
  const group = new SendGroup(recordsCount);
  group.promise.catch(() => undefined);
  for (let i = 0; i < recordsCount; i++) batch.append({ key: null, value: null, timestamp: 0n }, 40, group, i);
  return batch;
}

/** Peeks and takes, as the sender does; returns the sequence sent. */
function send(pipeline: PartitionPipeline, nowMs = 0): number | undefined {
  const batch = pipeline.peek(nowMs, true);
  if (batch === undefined) return undefined;
  pipeline.take(batch, true);
  return batch.sequence;
}

describe('PartitionPipeline', () => {
  it('gives batches sequences by record count and keeps at most 5 unacknowledged', () => {
    const pipeline = new PartitionPipeline('t', 0);
    for (const count of [2, 3, 1, 1, 1, 1]) pipeline.enqueue(batchOf(count));
    expect([send(pipeline), send(pipeline), send(pipeline), send(pipeline), send(pipeline)]).toEqual([0, 2, 5, 6, 7]);
    expect(send(pipeline)).toBeUndefined();
    const first = pipeline.unacked[0]!;
    pipeline.answered(first);
    first.succeed(0n);
    expect(send(pipeline)).toBe(8);
  });

  it('is busy while a batch is queued, in flight or waiting to be resent, and not once its only batch is acknowledged', () => {
    const pipeline = new PartitionPipeline('t', 0);
    expect(pipeline.busy).toBe(false);
    const batch = batchOf(1);
    pipeline.enqueue(batch);
    expect(pipeline.busy).toBe(true);
    send(pipeline);
    expect(pipeline.busy).toBe(true);
    pipeline.answered(batch);
    expect(pipeline.busy).toBe(true); // answered with a retriable error: it goes out again
    pipeline.take(batch, true);
    pipeline.answered(batch);
    batch.succeed(0n);
    // The settled batch is still listed until the next peek; an awaited send's next record must not wait on it.
    expect(pipeline.unacked).toHaveLength(1);
    expect(pipeline.busy).toBe(false);
  });

  it('closes the gap a refused batch leaves: later batches move into its sequences, across the int32 wrap', () => {
    const pipeline = new PartitionPipeline('t', 0);
    pipeline.nextSequence = 2 ** 31 - 2;
    const [refused, later, last] = [batchOf(3), batchOf(2), batchOf(1)];
    for (const batch of [refused!, later!, last!]) pipeline.enqueue(batch);
    expect([send(pipeline), send(pipeline), send(pipeline)]).toEqual([2 ** 31 - 2, 1, 3]);

    expect(pipeline.closeGap(refused!)).toEqual([later, last]);

    expect([later!.sequence, last!.sequence, pipeline.nextSequence]).toEqual([2 ** 31 - 2, 0, 1]);
    expect([refused!.renumbered, later!.renumbered, last!.renumbered]).toEqual([false, true, true]);
  });

  it('after a retriable error, waits for every answer and the backoff, then resends in sequence order before anything new', () => {
    const pipeline = new PartitionPipeline('t', 0);
    const [a, b, c] = [batchOf(1), batchOf(1), batchOf(1)];
    for (const batch of [a!, b!, c!]) pipeline.enqueue(batch);
    send(pipeline);
    send(pipeline);
    // b's answer (OUT_OF_ORDER_SEQUENCE at a new leader) comes before a's (NOT_LEADER).
    pipeline.answered(b!);
    expect(pipeline.hasEarlierUnsettled(b!)).toBe(true);
    pipeline.recover(100);
    expect(pipeline.peek(200, true)).toBeUndefined(); // a is still in flight
    pipeline.answered(a!);
    pipeline.recover(150);
    expect(pipeline.peek(120, true)).toBeUndefined(); // backing off
    expect([send(pipeline, 150), send(pipeline, 150), send(pipeline, 150)]).toEqual([0, 1, 2]);
    expect(pipeline.unacked).toEqual([a, b, c]);
  });

  it('puts the batches a partition refused for a forgotten producer id back before those never sent, in order, to be numbered from 0 under the next id; one in flight follows when answered', () => {
    const pipeline = new PartitionPipeline('t', 0);
    const [acked, refused, waiting, flying, fresh] = [batchOf(1), batchOf(2), batchOf(1), batchOf(3), batchOf(1)];
    for (const batch of [acked, refused, waiting, flying]) pipeline.enqueue(batch);
    for (let i = 0; i < 4; i++) send(pipeline);
    pipeline.enqueue(fresh);
    pipeline.answered(acked);
    acked.succeed(0n);
    pipeline.answered(refused);
    pipeline.answered(waiting);
    pipeline.requeueForNewId(refused);
    expect(pipeline.unacked).toEqual([flying]);
    expect([refused.sequence, refused.bytes, waiting.sequence]).toEqual([-1, undefined, -1]);
    pipeline.answered(flying);
    pipeline.requeueForNewId(flying);
    expect(pipeline.queued()).toEqual([refused, waiting, flying, fresh]);
    pipeline.resetSequences();
    expect([send(pipeline), send(pipeline), send(pipeline), send(pipeline)]).toEqual([0, 2, 3, 6]);
    expect(pipeline.unacked).toEqual([refused, waiting, flying, fresh]);
  });

  it('drops settled batches once no request for them is out, and restarts sequences on a new producer id', () => {
    const pipeline = new PartitionPipeline('t', 0);
    const batch = batchOf(4);
    pipeline.enqueue(batch);
    send(pipeline);
    batch.fail(new CairnError('BATCH_TOO_LARGE'));
    expect(pipeline.unacked).toHaveLength(1); // still in flight
    pipeline.answered(batch);
    expect(pipeline.idle).toBe(true);
    expect(pipeline.nextSequence).toBe(4);
    pipeline.resetSequences();
    pipeline.enqueue(batchOf(1));
    expect(send(pipeline)).toBe(0);
  });
});
