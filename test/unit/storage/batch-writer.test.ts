import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BatchOp, BatchSink } from '../../../src/storage/batch-writer.js';
import { BatchWriter } from '../../../src/storage/batch-writer.js';
import type { WriteSeq } from '../../../src/storage/types.js';

/** A sink whose batches complete only when the test says so. */
class HeldSink implements BatchSink {
  readonly calls: { ops: BatchOp[]; sync: boolean; release: () => void; fail: (error: Error) => void }[] = [];
  readonly events: string[] = [];

  batch(ops: BatchOp[], options: { sync: boolean }): Promise<void> {
    this.events.push(`batch:${ops.map(name).join(',')}`);
    return new Promise((release, fail) => this.calls.push({ ops: ops.slice(), sync: options.sync, release, fail }));
  }
}

const op = (label: string): BatchOp => ({ type: 'put', key: new TextEncoder().encode(label), value: new Uint8Array(1) });
const name = (batchOp: BatchOp): string => new TextDecoder().decode(batchOp.key);
const FLUSH = op('flush');
/** Lets queued microtasks and promise callbacks run (setImmediate is not faked in these tests). */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

afterEach(() => {
  vi.useRealTimers();
});

describe('BatchWriter', () => {
  it('writes accepted in one turn share one batch', async () => {
    const sink = new HeldSink();
    const writer = new BatchWriter(sink, 100, FLUSH);
    for (const label of ['a', 'b', 'c']) writer.accept([op(label)], true);
    await settle();
    expect(sink.calls.map((call) => call.ops.map(name))).toEqual([['a', 'b', 'c']]);
  });

  it('writes accepted while a batch is in flight go out together as the next batch', async () => {
    const sink = new HeldSink();
    const writer = new BatchWriter(sink, 100, FLUSH);
    const first = writer.accept([op('a')], true);
    await settle();
    const later = [writer.accept([op('b')], false), writer.accept([op('c')], true), writer.accept([op('d')], false)];
    await settle();
    expect(sink.calls).toHaveLength(1);

    sink.calls[0]!.release();
    await writer.whenDurable(first);
    await settle();
    expect(sink.calls.map((call) => [call.ops.map(name), call.sync])).toEqual([
      [['a'], true],
      [['b', 'c', 'd'], true],
    ]);
    sink.calls[1]!.release();
    await writer.whenDurable(later.at(-1)!);
    expect(writer.durableSeq).toBe(4);
  });

  it('acknowledges a cached write once applied, and fsyncs it when the flush interval ends', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const sink = new HeldSink();
    const writer = new BatchWriter(sink, 100, FLUSH);
    const seq = writer.accept([op('a')], false);
    await settle();
    sink.calls[0]!.release();
    await writer.whenApplied(seq);
    expect([sink.calls[0]!.sync, writer.durableSeq]).toEqual([false, 0]);

    vi.advanceTimersByTime(99);
    await settle();
    expect(sink.calls).toHaveLength(1);
    vi.advanceTimersByTime(1);
    await settle();
    expect(sink.calls.map((call) => [call.ops.map(name), call.sync])).toEqual([
      [['a'], false],
      [['flush'], true],
    ]);
    sink.calls[1]!.release();
    await writer.whenDurable(seq);
  });

  it('fsyncs a cached write within its own shorter bound (a topic\'s write.caching.flush.ms), and a later longer bound does not delay it', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const sink = new HeldSink();
    const writer = new BatchWriter(sink, 100, FLUSH);
    writer.accept([op('a')], false); // the node's bound: 100 ms
    const soon = writer.accept([op('b')], false, 10);
    writer.accept([op('c')], false, 50);
    await settle();
    sink.calls[0]!.release();
    await writer.whenApplied(soon);

    vi.advanceTimersByTime(9);
    await settle();
    expect(sink.calls).toHaveLength(1);
    vi.advanceTimersByTime(1);
    await settle();
    expect(sink.calls.map((call) => [call.ops.map(name), call.sync])).toEqual([
      [['a', 'b', 'c'], false],
      [['flush'], true],
    ]);
    sink.calls[1]!.release();
    await writer.whenDurable(soon);
    expect(writer.durableSeq).toBe(3);
  });

  it('never waits longer than the node\'s flush interval, whatever bound a write names', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const sink = new HeldSink();
    const writer = new BatchWriter(sink, 100, FLUSH);
    writer.accept([op('a')], false, 60_000);
    await settle();
    sink.calls[0]!.release();
    vi.advanceTimersByTime(100);
    await settle();
    expect(sink.calls.map((call) => call.sync)).toEqual([false, true]);
  });

  it('a sync batch makes the cached writes before it durable, and the flush timer then does nothing', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const sink = new HeldSink();
    const writer = new BatchWriter(sink, 100, FLUSH);
    const cached = writer.accept([op('a')], false);
    await settle();
    const synced = writer.accept([op('b')], true);
    sink.calls[0]!.release();
    await settle();
    sink.calls[1]!.release();
    await writer.whenDurable(synced);
    expect(writer.durableSeq).toBeGreaterThanOrEqual(cached);
    vi.advanceTimersByTime(1000);
    await settle();
    expect(sink.calls).toHaveLength(2);
  });

  it('runs a task after the batches accepted before it and before those accepted after it', async () => {
    const sink = new HeldSink();
    const writer = new BatchWriter(sink, 100, FLUSH);
    writer.accept([op('a')], true);
    const task = writer.enqueueTask(async () => {
      sink.events.push('task');
    });
    writer.accept([op('b')], true);
    for (let call = 0; call < 2; call++) {
      await vi.waitFor(() => expect(sink.calls.length).toBeGreaterThan(call));
      sink.calls[call]!.release();
    }
    await task;
    expect(sink.events).toEqual(['batch:a', 'task', 'batch:b']);
  });

  it('after a failed batch, its writes and every later write are refused', async () => {
    const sink = new HeldSink();
    const writer = new BatchWriter(sink, 100, FLUSH);
    const seq = writer.accept([op('a')], true);
    const durable = writer.whenDurable(seq);
    await settle();
    sink.calls[0]!.fail(new Error('disk on fire'));
    await expect(durable).rejects.toThrow('disk on fire');
    expect(() => writer.accept([op('b')], true)).toThrow('disk on fire');
  });

  it('close waits for queued work and leaves every write durable', async () => {
    const sink = new HeldSink();
    const writer = new BatchWriter(sink, 100, FLUSH);
    writer.accept([op('a')], false);
    const closed = writer.close();
    for (let call = 0; call < 2; call++) {
      await vi.waitFor(() => expect(sink.calls.length).toBeGreaterThan(call));
      sink.calls[call]!.release();
    }
    await closed;
    expect(writer.durableSeq).toBe(1 as WriteSeq);
    expect(() => writer.accept([op('b')], true)).toThrow('closed');
  });
});
