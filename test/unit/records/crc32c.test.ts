import { crc32c as nativeCrc32c } from '@node-rs/crc32';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CRC32C_IMPLEMENTATION, crc32c, crc32cPortable } from '../../../src/records/crc32c.js';

describe('crc32c', () => {
  it('the portable version gives the CRC-32C check value of "123456789"', () => {
    expect(crc32cPortable(new TextEncoder().encode('123456789'))).toBe(0xe3069283);
    expect(crc32cPortable(new Uint8Array(0))).toBe(0);
  });

  it('the portable version agrees with the native addon on any bytes, any length and any alignment', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(7), (bytes, skip) => {
        const view = bytes.subarray(Math.min(skip, bytes.length));
        expect(crc32cPortable(view)).toBe(nativeCrc32c(view) >>> 0);
      }),
      { numRuns: 500 },
    );
  });

  it('uses the native addon when it is installed, as in the server', () => {
    expect(CRC32C_IMPLEMENTATION).toBe('native');
    const bytes = Uint8Array.from({ length: 4096 }, (_, i) => (i * 131) & 0xff);
    expect(crc32c(bytes)).toBe(crc32cPortable(bytes));
  });
});
