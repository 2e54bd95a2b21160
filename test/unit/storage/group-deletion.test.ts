/**
 * Deleting a group clears its keys outside the write queue, so writes of other groups do not
 * wait behind a large group's deletion; what must stay ordered (a group created again, closing
 * the database) waits for the clearing.
 */
import { describe, expect, it } from 'vitest';
import { G1, G2, entries, storedKeys, useTempStorage } from './helpers.js';

const temp = useTempStorage();
const keysOf = (keys: readonly string[], group: number): string[] => keys.filter((key) => key.startsWith(`g|${group}|`) || key === `m|${group}`);

describe('NodeStorage group deletion', () => {
  it('lets a write of another group, made after the deletion, be durable before the deleted keys are cleared', async () => {
    const storage = await temp.open();
    await storage.createGroup(G1);
    await storage.createGroup(G2);
    for (let lo = 1; lo <= 2_000; lo += 500) await storage.write([{ group: G2, entries: entries(lo, lo + 499, 1, 1024) }], { sync: false });
    const order: string[] = [];
    const deleted = storage.deleteGroup(G2).then(() => order.push('G2 deleted'));
    // Before, this write queued behind the range deletion, however long that took.
    const written = storage.write([{ group: G1, entries: entries(1, 1, 1) }]).then(() => order.push('G1 written'));
    await Promise.all([deleted, written]);
    expect(order).toEqual(['G1 written', 'G2 deleted']);
  });

  it('creates a group deleted a moment ago only once its old keys are cleared, empty', async () => {
    let storage = await temp.open();
    await storage.createGroup(G2);
    await storage.write([{ group: G2, entries: entries(1, 300, 1, 1024) }]);
    const deleted = storage.deleteGroup(G2);
    const created = await storage.createGroup(G2);
    await deleted;
    expect(created.lastIndex()).toBe(0);
    await storage.write([{ group: G2, entries: entries(1, 2, 7) }]);
    await storage.close();

    storage = await temp.open();
    expect(storage.group(G2)!.lastIndex()).toBe(2);
    expect(storage.group(G2)!.term(1 as never)).toBe(7);
  });

  it('finishes clearing a deleted group before it closes the database', async () => {
    const storage = await temp.open();
    await storage.createGroup(G1);
    await storage.createGroup(G2);
    await storage.write([{ group: G2, entries: entries(1, 1_000, 1, 1024) }]);
    const deleted = storage.deleteGroup(G2);
    await storage.close();
    await deleted;

    const db = await temp.rawDb();
    expect(keysOf(await storedKeys(db), 2)).toEqual([]);
    expect(keysOf(await storedKeys(db), 1).length).toBeGreaterThan(0);
  });
});
