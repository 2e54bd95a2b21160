/**
 * CRC32C: the native addon (@node-rs/crc32, what the server uses) against
 * the SDK's portable JavaScript fallback, raw and as a share of the records
 * path an SDK producer and consumer run per batch (encode, then decode with
 * its CRC check). The portable path's batch rate is derived: the measured
 * native encode+decode time, with the two native CRC passes replaced by two
 * portable ones.
 *
 *   npm run bench:crc32c
 *
 * Each measurement is bounded in time; the run takes about ten seconds.
 */
import { crc32c as nativeCrc32c } from '@node-rs/crc32';
import { CRC32C_IMPLEMENTATION, crc32cPortable, decodeBatch, encodeBatch } from '../src/records/index.js';
import type { RecordInput } from '../src/records/index.js';
import { ATTRIBUTES_AT } from '../src/records/layout.js';

const MEASURE_MS = 700;
const MB = 1e6;

/** Seconds per call of `run`, over MEASURE_MS after a warm-up. */
function secondsPerCall(run: () => void): number {
  for (let i = 0; i < 200; i++) run();
  let calls = 0;
  const start = performance.now();
  let elapsedMs = 0;
  while (elapsedMs < MEASURE_MS) {
    for (let i = 0; i < 50; i++) run();
    calls += 50;
    elapsedMs = performance.now() - start;
  }
  return elapsedMs / 1000 / calls;
}

function filled(bytes: number): Uint8Array {
  return Uint8Array.from({ length: bytes }, (_, i) => (i * 2654435761) >>> 24);
}

if (CRC32C_IMPLEMENTATION !== 'native') throw new Error('this bench compares against @node-rs/crc32, which must be installed');

console.log('CRC32C, raw: MB/s');
console.log('bytes      native   portable  portable/native');
for (const bytes of [100, 1024, 16 * 1024, 1024 * 1024]) {
  const data = filled(bytes);
  const native = bytes / secondsPerCall(() => nativeCrc32c(data)) / MB;
  const portable = bytes / secondsPerCall(() => crc32cPortable(data)) / MB;
  console.log(`${String(bytes).padEnd(9)} ${native.toFixed(0).padStart(7)} ${portable.toFixed(0).padStart(10)} ${(portable / native).toFixed(3).padStart(16)}`);
}

console.log('\nRecords path per batch (encode + decode, uncompressed): MB/s of record values');
console.log('batch                      native MB/s   portable MB/s (derived)  portable/native');
for (const [records, valueBytes] of [
  [100, 100],
  [16, 1024],
  [1000, 100],
] as const) {
  const value = filled(valueBytes);
  const inputs: RecordInput[] = Array.from({ length: records }, (_, i) => ({ key: new TextEncoder().encode(`key-${i}`), value, timestamp: 1_700_000_000_000n }));
  const batch = encodeBatch(inputs);
  const checked = batch.subarray(ATTRIBUTES_AT);
  const pathSeconds = secondsPerCall(() => decodeBatch(encodeBatch(inputs)));
  const crcDelta = 2 * (secondsPerCall(() => crc32cPortable(checked)) - secondsPerCall(() => nativeCrc32c(checked)));
  const valueMb = (records * valueBytes) / MB;
  const native = valueMb / pathSeconds;
  const portable = valueMb / (pathSeconds + crcDelta);
  const label = `${records} × ${valueBytes} B (${batch.length} B)`;
  console.log(`${label.padEnd(26)} ${native.toFixed(1).padStart(11)} ${portable.toFixed(1).padStart(15)} ${(portable / native).toFixed(3).padStart(25)}`);
}
