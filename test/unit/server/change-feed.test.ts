import { describe, expect, it, vi } from 'vitest';
import { CHANGE_FEED_WAIT_MS, changeFeedOf } from '../../../src/server/change-feed.js';
import { HostedPartitions } from './hosted-partitions.js';

function partition() {
  const hosted = new HostedPartitions().add('t', 0);
  return { hosted, waits: vi.spyOn(hosted.stm, 'waitForChange') };
}

describe('ChangeFeed', () => {
  it('gives any number of readers one wait on the partition, and wakes them all at its next change', async () => {
    const { hosted, waits } = partition();
    const woken = new Set<number>();
    for (let reader = 0; reader < 100; reader++) changeFeedOf(hosted.stm).next(() => woken.add(reader));
    expect(waits).toHaveBeenCalledTimes(1);
    expect(waits).toHaveBeenCalledWith(CHANGE_FEED_WAIT_MS);
    hosted.append(1);
    await vi.waitFor(() => expect(woken.size).toBe(100));
  });

  it('never calls a reader that left, and waits no more once no reader is left', async () => {
    const { hosted, waits } = partition();
    const left = vi.fn();
    const stayed = vi.fn();
    const leave = changeFeedOf(hosted.stm).next(left);
    changeFeedOf(hosted.stm).next(stayed);
    leave();
    hosted.append(1);
    await vi.waitFor(() => expect(stayed).toHaveBeenCalledTimes(1));
    expect(left).not.toHaveBeenCalled();
    hosted.append(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect([waits.mock.calls.length, stayed.mock.calls.length]).toEqual([1, 1]);
    changeFeedOf(hosted.stm).next(stayed);
    expect(waits).toHaveBeenCalledTimes(2);
  });
});
