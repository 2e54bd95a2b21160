import { describe, expect, it } from 'vitest';
import { Accumulator } from '../../../src/client/producer/accumulator.js';
import type { ProducerBatch } from '../../../src/client/producer/producer-batch.js';
import { SendGroup } from '../../../src/client/producer/producer-batch.js';

function accumulator(lingerMs: number): { accumulator: Accumulator; sealed: ProducerBatch[] } {
  const sealed: ProducerBatch[] = [];
  const options = { lingerMs, batchBytesMax: 1024 * 1024, deliveryTimeoutMs: 60_000 };
  return { accumulator: new Accumulator(options, { onCreated: () => undefined, onSealed: (batch) => sealed.push(batch) }), sealed };
}

function append(target: Accumulator, count: number): void {
  const group = new SendGroup(count);
  group.promise.catch(() => undefined);
  for (let i = 0; i < count; i++) target.append('t', 0, { key: null, value: null, timestamp: 0n }, 40, group, i);
}

const nextImmediate = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('Accumulator', () => {
  it('with lingerMs 0, seals what one event-loop turn appended as soon as that turn ends, not after a timer', async () => {
    const { accumulator: target, sealed } = accumulator(0);
    append(target, 3);
    expect(sealed).toHaveLength(0);
    await nextImmediate();
    expect(sealed.map((batch) => batch.recordsCount)).toEqual([3]);
  });

  it('with a linger, waits for it', async () => {
    const { accumulator: target, sealed } = accumulator(30);
    append(target, 2);
    await nextImmediate();
    expect(sealed).toHaveLength(0);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(sealed.map((batch) => batch.recordsCount)).toEqual([2]);
  });
});
