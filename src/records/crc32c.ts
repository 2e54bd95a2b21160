/**
 * CRC32C (Castagnoli), the checksum of a v2 record batch. The hardware-backed
 * @node-rs/crc32 is used when installed (the server depends on it); without
 * it — the SDK lists it only as an optional peer — a table-driven JavaScript
 * version computes the same value, eight bytes per step ("slicing-by-8"), so
 * an application needs no native addon to produce or consume.
 */
import { requireIfInstalled } from './optional-module.js';

/** The reflected Castagnoli polynomial. */
const POLYNOMIAL = 0x82f63b78;
const SLICES = 8;

/**
 * TABLE[k * 256 + b] is the CRC of byte b followed by k zero bytes, so one
 * step folds eight input bytes with eight lookups instead of eight rounds.
 */
const TABLE = buildTable();

function buildTable(): Int32Array {
  const table = new Int32Array(SLICES * 256);
  for (let byte = 0; byte < 256; byte++) {
    let crc = byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ POLYNOMIAL : crc >>> 1;
    table[byte] = crc;
  }
  for (let at = 256; at < table.length; at++) {
    const previous = table[at - 256]!;
    table[at] = (previous >>> 8) ^ table[previous & 0xff]!;
  }
  return table;
}

/** CRC32C of `bytes` without any native code, as an unsigned 32-bit number. */
export function crc32cPortable(bytes: Uint8Array): number {
  const t = TABLE;
  let crc = ~0;
  let at = 0;
  const wholeSteps = bytes.length - (bytes.length % SLICES);
  while (at < wholeSteps) {
    const low = crc ^ (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24));
    crc =
      t[7 * 256 + (low & 0xff)]! ^
      t[6 * 256 + ((low >>> 8) & 0xff)]! ^
      t[5 * 256 + ((low >>> 16) & 0xff)]! ^
      t[4 * 256 + (low >>> 24)]! ^
      t[3 * 256 + bytes[at + 4]!]! ^
      t[2 * 256 + bytes[at + 5]!]! ^
      t[256 + bytes[at + 6]!]! ^
      t[bytes[at + 7]!]!;
    at += SLICES;
  }
  while (at < bytes.length) crc = (crc >>> 8) ^ t[(crc ^ bytes[at++]!) & 0xff]!;
  return ~crc >>> 0;
}

type NativeCrc32c = (input: Uint8Array, initialState?: number) => number;

const native = requireIfInstalled<{ crc32c: NativeCrc32c }>('@node-rs/crc32')?.crc32c;

/** Which implementation `crc32c` uses in this process (for benchmarks and diagnostics). */
export const CRC32C_IMPLEMENTATION: 'native' | 'portable' = native === undefined ? 'portable' : 'native';

/** CRC32C of `bytes` as an unsigned 32-bit number, natively when @node-rs/crc32 is installed. */
export const crc32c: (bytes: Uint8Array) => number = native === undefined ? crc32cPortable : (bytes) => native(bytes) >>> 0;
