import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Kind, describeKey, groupKey, groupRange, indexedKey, kindRange, markerKey } from '../../../src/storage/keys.js';
import type { KeyRange } from '../../../src/storage/keys.js';
import type { GroupId } from '../../../src/storage/types.js';

const inRange = (key: Uint8Array, range: KeyRange): boolean =>
  Buffer.compare(key, range.gte) >= 0 && Buffer.compare(key, range.lt) < 0;
const group = (n: number): GroupId => n as GroupId;

describe('key layout', () => {
  it('orders log keys by index and offset keys by offset, bytewise', () => {
    const u32 = fc.integer({ min: 0, max: 0xffff_ffff });
    const index = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });
    fc.assert(
      fc.property(u32, index, index, (g, a, b) => {
        const order = Math.sign(Buffer.compare(indexedKey(group(g), Kind.log, a), indexedKey(group(g), Kind.log, b)));
        expect(order).toBe(Math.sign(a - b));
      }),
    );
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), (a, b) => {
        const order = Math.sign(Buffer.compare(indexedKey(group(7), Kind.off, a), indexedKey(group(7), Kind.off, b)));
        expect(order).toBe(a < b ? -1 : a > b ? 1 : 0);
      }),
    );
  });

  it("a kind range holds that group's keys of that kind and nothing else", () => {
    const range = kindRange(group(5), Kind.log, 10, 20);
    expect(inRange(indexedKey(group(5), Kind.log, 10), range)).toBe(true);
    expect(inRange(indexedKey(group(5), Kind.log, 19), range)).toBe(true);
    expect(inRange(indexedKey(group(5), Kind.log, 20), range)).toBe(false);
    const whole = kindRange(group(5), Kind.log);
    expect(inRange(indexedKey(group(5), Kind.log, Number.MAX_SAFE_INTEGER), whole)).toBe(true);
    expect(inRange(indexedKey(group(5), Kind.off, 0n), whole)).toBe(false);
    expect(inRange(indexedKey(group(6), Kind.log, 0), whole)).toBe(false);
    expect(inRange(indexedKey(group(4), Kind.log, Number.MAX_SAFE_INTEGER), whole)).toBe(false);
  });

  it("a group range holds all of the group's keys but not its marker or other groups' keys", () => {
    const range = groupRange(group(0xffff_ffff));
    for (const kind of [Kind.hard, Kind.snap, Kind.snapData] as const) expect(inRange(groupKey(group(0xffff_ffff), kind), range)).toBe(true);
    expect(inRange(indexedKey(group(0xffff_ffff), Kind.off, (1n << 64n) - 1n), range)).toBe(true);
    expect(inRange(markerKey(group(0xffff_ffff)), range)).toBe(false);
    expect(inRange(groupKey(group(0xffff_fffe), Kind.hard), range)).toBe(false);
  });

  it('describes keys the way errors name them', () => {
    expect(describeKey(indexedKey(group(7), Kind.log, 42))).toBe('g|7|log|42');
    expect(describeKey(indexedKey(group(7), Kind.off, 1n << 60n))).toBe(`g|7|off|${1n << 60n}`);
    expect(describeKey(groupKey(group(7), Kind.snapData))).toBe('g|7|snapdata');
    expect(describeKey(markerKey(group(7)))).toBe('m|7');
  });
});
