import { describe, expect, it } from 'vitest';
import type { ListOffsetsRequest__Output } from '../../../src/gen/cairn/v1/ListOffsetsRequest.js';
import { BATCH_HEADER_BYTES, decodeBatch, encodeBatch, stampBatch } from '../../../src/records/index.js';
import { listOffsets } from '../../../src/server/list-offsets.js';
import { rejectedWith } from '../partition/helpers.js';
import { HostedPartitions } from './hosted-partitions.js';

type Spec = ListOffsetsRequest__Output['partitions'][number]['spec'];

function request(lookups: readonly { spec: Spec; timestampMs?: number; topic?: string }[]): ListOffsetsRequest__Output {
  return { partitions: lookups.map((l) => ({ topic: l.topic ?? 't', partition: 0, spec: l.spec, timestampMs: String(l.timestampMs ?? 0) })) };
}

/** A gzip batch of `records` records from `timestampMs`, 1 ms apart, stored at `baseOffset`, whose compressed payload is then overwritten with garbage. */
function garbageGzip(baseOffset: bigint, records: number, timestampMs: number): Uint8Array {
  const values = Array.from({ length: records }, (_, i) => ({ key: null, value: new Uint8Array(64), headers: [], timestamp: BigInt(timestampMs + i) }));
  const bytes = encodeBatch(values, { compression: 'gzip' });
  stampBatch(bytes, baseOffset, 1);
  bytes.fill(0xa5, BATCH_HEADER_BYTES);
  return bytes;
}

describe('ListOffsets', () => {
  // Offsets 0–2 at 1000–1002 ms, 3–4 a garbage gzip batch at 5000–5001 ms, 5 at 9000 ms.
  function partitionWithGarbage(): HostedPartitions {
    const partitions = new HostedPartitions();
    const hosted = partitions.add('t', 0);
    hosted.append(1, { records: 3, timestampMs: 1000 });
    hosted.appendStored(garbageGzip(3n, 2, 5000));
    hosted.append(1, { records: 1, timestampMs: 9000 });
    return partitions;
  }

  it('finds offsets by time from batch headers, never decompressing: a garbage compressed batch does not fail the lookup', async () => {
    const partitions = partitionWithGarbage();
    expect(() => decodeBatch(garbageGzip(3n, 2, 5000))).toThrow();
    for (const timestampMs of [4000, 5001]) {
      const { results } = await listOffsets(partitions, request([{ spec: 'TIMESTAMP', timestampMs }]));
      expect(results.map((r) => [r.errorCode, r.offset])).toEqual([['', '3']]);
    }
  });

  it('answers the base offset of the first batch whose newest timestamp reaches the target (at or before the exact record), or the high watermark', async () => {
    const partitions = partitionWithGarbage();
    const times = [0, 1000, 1001, 1002, 1003, 9000, 9001];
    const offsets: unknown[] = [];
    for (const timestampMs of times) offsets.push((await listOffsets(partitions, request([{ spec: 'TIMESTAMP', timestampMs }]))).results[0]!.offset);
    expect(offsets).toEqual(['0', '0', '0', '0', '3', '5', '6']);
  });

  it('answers EARLIEST and LATEST from the partition state, and an unknown spec or partition in its own result', async () => {
    const partitions = partitionWithGarbage();
    const earliest = await listOffsets(partitions, request([{ spec: 'EARLIEST' }, { spec: 'LATEST', topic: 'missing' }]));
    expect(earliest.results.map((r) => [r.errorCode, r.offset])).toEqual([
      ['', '0'],
      ['UNKNOWN_TOPIC_OR_PARTITION', undefined],
    ]);
    const latest = await listOffsets(partitions, request([{ spec: 'LATEST' }]));
    expect(latest.results[0]!.offset).toBe('6');
    const [unknown] = (await listOffsets(partitions, request([{ spec: 'x'.repeat(10_000) }]))).results;
    expect(unknown!.errorCode).toBe('INVALID_REQUEST');
    expect(unknown!.errorMessage).toMatch(/^unknown offset spec "x+… \(10000 bytes\)": use EARLIEST, LATEST or TIMESTAMP$/);
  });

  it('refuses a request naming one partition twice with INVALID_REQUEST', async () => {
    const error = await rejectedWith(listOffsets(partitionWithGarbage(), request([{ spec: 'LATEST' }, { spec: 'EARLIEST' }])), 'INVALID_REQUEST');
    expect(error.message).toBe('list offsets names t/0 more than once');
  });
});
