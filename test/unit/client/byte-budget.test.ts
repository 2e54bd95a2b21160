import { describe, expect, it } from 'vitest';
import { CairnError } from '../../../src/client/errors.js';
import { ByteBudget } from '../../../src/client/producer/byte-budget.js';

describe('ByteBudget', () => {
  it('grants at once while there is room', () => {
    const budget = new ByteBudget(100);
    expect(budget.tryAcquire(60)).toBe(true);
    expect(budget.tryAcquire(50)).toBe(false);
    expect(budget.usedBytes).toBe(60);
  });

  it('serves waiters first come, first served as bytes are released', async () => {
    const budget = new ByteBudget(100);
    budget.tryAcquire(100);
    const order: string[] = [];
    const big = budget.acquire(80, 10_000).then(() => order.push('big'));
    const small = budget.acquire(10, 10_000).then(() => order.push('small'));
    expect(budget.tryAcquire(1)).toBe(false); // no barging past waiters
    budget.release(50);
    await Promise.resolve();
    expect(order).toEqual([]); // 80 does not fit yet, and 10 waits behind it
    budget.release(50);
    await Promise.all([big, small]);
    expect(order).toEqual(['big', 'small']);
    expect(budget.usedBytes).toBe(90);
  });

  it('rejects with BUFFER_FULL after the wait, letting those behind go', async () => {
    const budget = new ByteBudget(100);
    budget.tryAcquire(50);
    const tooBig = budget.acquire(60, 20);
    const error = await tooBig.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CairnError);
    expect(error).toMatchObject({ code: 'BUFFER_FULL', retriable: true });
    expect((error as CairnError).message).toMatch(/no room for 60 bytes within maxBlockMs \(20 ms left.*\); 50 of 100 bytes/);
    expect(budget.tryAcquire(50)).toBe(true);
  });

  it('counts the bytes of waiting sends, and refuses at once a send that would make them exceed the budget', async () => {
    const budget = new ByteBudget(100);
    budget.tryAcquire(100);
    const waiting = [budget.acquire(60, 10_000), budget.acquire(40, 10_000)];
    expect(budget.waitingBytes).toBe(100);

    const refused = await budget.acquire(1, 10_000).catch((caught: unknown) => caught);

    expect(refused).toMatchObject({ code: 'BUFFER_FULL', message: expect.stringMatching(/sends of 100 more bytes wait for room/) });
    budget.release(100);
    await Promise.all(waiting);
    expect([budget.usedBytes, budget.waitingBytes]).toEqual([100, 0]);
  });
});
