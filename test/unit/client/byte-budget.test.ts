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
    expect((error as CairnError).message).toMatch(/waited 20 ms \(maxBlockMs\) for 60 bytes; 50 of 100 bytes/);
    expect(budget.tryAcquire(50)).toBe(true);
  });

  it('rejects waiters and later calls on close', async () => {
    const budget = new ByteBudget(10);
    budget.tryAcquire(10);
    const waiting = budget.acquire(5, 10_000);
    budget.close(new CairnError('CLIENT_CLOSED'));
    await expect(waiting).rejects.toMatchObject({ code: 'CLIENT_CLOSED' });
    await expect(budget.acquire(1, 10)).rejects.toMatchObject({ code: 'CLIENT_CLOSED' });
    budget.release(10);
    expect(budget.usedBytes).toBe(0);
  });
});
