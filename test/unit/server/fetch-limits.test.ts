import { describe, expect, it, vi } from 'vitest';
import type { FetchPartitionResult } from '../../../src/gen/cairn/v1/FetchPartitionResult.js';
import type { FetchRequest__Output } from '../../../src/gen/cairn/v1/FetchRequest.js';
import { splitBatches } from '../../../src/records/index.js';
import { fetchRecords } from '../../../src/server/fetch.js';
import { FETCH_PARTITIONS_MAX } from '../../../src/server/request-limits.js';
import { rejectedWith } from '../partition/helpers.js';
import { HostedPartitions } from './hosted-partitions.js';

type Entries = readonly { topic: string; partition: number; offset?: bigint; maxBytes?: number }[];

function request(entries: Entries, options: { maxBytes?: number; minBytes?: number; maxWaitMs?: number } = {}): FetchRequest__Output {
  return {
    partitions: entries.map((e) => ({ topic: e.topic, partition: e.partition, offset: String(e.offset ?? 0n), maxBytes: e.maxBytes ?? 0 })),
    maxBytes: options.maxBytes ?? 0,
    minBytes: options.minBytes ?? 0,
    maxWaitMs: options.maxWaitMs ?? 0,
  };
}

const OPTIONS = { electionWaitMs: 0 };
/** The server hands gRPC Uint8Arrays; the generated type also allows strings. */
const recordsOf = (result: FetchPartitionResult): Uint8Array => result.records as Uint8Array;
const recordBytes = (answer: { partitions: FetchPartitionResult[] }): number[] => answer.partitions.map((p) => recordsOf(p).byteLength);
const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

describe('fetch limits', () => {
  it('refuses a fetch naming one partition twice (the 1,000 × same-partition amplification) with INVALID_REQUEST, reading nothing', async () => {
    const partitions = new HostedPartitions();
    const hosted = partitions.add('t', 0);
    hosted.append(3);
    const read = vi.spyOn(hosted.reader, 'read');
    const entries = Array.from({ length: 1000 }, () => ({ topic: 't', partition: 0, maxBytes: 1024 }));
    const error = await rejectedWith(fetchRecords(partitions, request(entries, { maxBytes: 1024 }), OPTIONS), 'INVALID_REQUEST');
    expect(error.message).toBe('fetch names t/0 more than once');
    expect(read).not.toHaveBeenCalled();
  });

  it(`refuses more than ${FETCH_PARTITIONS_MAX} partitions, and an over-long topic name without echoing it whole`, async () => {
    const partitions = new HostedPartitions();
    const many = Array.from({ length: FETCH_PARTITIONS_MAX + 1 }, (_, partition) => ({ topic: 't', partition }));
    const tooMany = await rejectedWith(fetchRecords(partitions, request(many), OPTIONS), 'INVALID_REQUEST');
    expect(tooMany.message).toBe(`fetch names ${FETCH_PARTITIONS_MAX + 1} partitions; at most ${FETCH_PARTITIONS_MAX} are allowed`);
    const longName = await rejectedWith(fetchRecords(partitions, request([{ topic: 'x'.repeat(100_000), partition: 0 }]), OPTIONS), 'INVALID_REQUEST');
    expect(longName.message.length).toBeLessThan(400);
    expect(longName.message).toContain('… (100000 bytes)');
  });

  it('answers at most max_bytes across all partitions: the budget spent by earlier partitions bounds the later ones', async () => {
    const partitions = new HostedPartitions();
    const topics = ['a', 'b', 'c'];
    const sizes = topics.map((topic) => partitions.add(topic, 0).append(4));
    const batchBytes = sizes[0]![0]!;
    const maxBytes = 5 * batchBytes + 10;
    const answer = await fetchRecords(partitions, request(topics.map((topic) => ({ topic, partition: 0 })), { maxBytes }), OPTIONS);
    expect(recordBytes(answer)).toEqual([4 * batchBytes, batchBytes, 0]);
    // The partition left out still says where its log ends, so the consumer's lag is right.
    expect(answer.partitions[2]).toMatchObject({ errorCode: '', highWatermark: '4', logStartOffset: '0' });
  });

  it('lets only the first partition with data go over max_bytes, by one whole batch, so a consumer always progresses', async () => {
    const partitions = new HostedPartitions();
    partitions.add('empty', 0);
    const [first] = partitions.add('a', 0).append(2);
    partitions.add('b', 0).append(2);
    const entries = [{ topic: 'empty', partition: 0 }, { topic: 'a', partition: 0 }, { topic: 'b', partition: 0 }];
    const answer = await fetchRecords(partitions, request(entries, { maxBytes: 100 }), OPTIONS);
    expect(recordBytes(answer)).toEqual([0, first!, 0]);
    expect(splitBatches(recordsOf(answer.partitions[1]!))).toHaveLength(1);
  });

  it('bounds a partition by its own max_bytes and what is left of the request budget', async () => {
    const partitions = new HostedPartitions();
    const [batchBytes] = partitions.add('a', 0).append(4);
    partitions.add('b', 0).append(4);
    const entries = [{ topic: 'a', partition: 0, maxBytes: 2 * batchBytes! }, { topic: 'b', partition: 0, maxBytes: 3 * batchBytes! }];
    const answer = await fetchRecords(partitions, request(entries, { maxBytes: 4 * batchBytes! }), OPTIONS);
    expect(recordBytes(answer)).toEqual([2 * batchBytes!, 2 * batchBytes!]);
    expect(sum(recordBytes(answer))).toBeLessThanOrEqual(4 * batchBytes!);
  });

  it('long-polls from where the last read ended, re-arming only the partition that changed', async () => {
    const partitions = new HostedPartitions();
    const busy = partitions.add('busy', 0);
    const quiet = partitions.add('quiet', 0);
    const [batchBytes] = busy.append(1);
    const busyWaits = vi.spyOn(busy.stm, 'waitForChange');
    const quietWaits = vi.spyOn(quiet.stm, 'waitForChange');
    const read = vi.spyOn(busy.reader, 'read');
    const entries = [{ topic: 'busy', partition: 0 }, { topic: 'quiet', partition: 0 }];
    const pending = fetchRecords(partitions, request(entries, { minBytes: 3 * batchBytes!, maxWaitMs: 20_000 }), OPTIONS);
    for (let commits = 1; commits <= 2; commits++) {
      await vi.waitFor(() => expect(busyWaits).toHaveBeenCalledTimes(commits));
      busy.append(1);
    }
    const answer = await pending;
    expect(recordBytes(answer)).toEqual([3 * batchBytes!, 0]);
    expect(splitBatches(recordsOf(answer.partitions[0]!)).map((b) => b.header.baseOffset)).toEqual([0n, 1n, 2n]);
    expect(read.mock.calls.map(([offset]) => offset)).toEqual([0n, 1n, 2n]);
    expect(quietWaits).toHaveBeenCalledTimes(1);
  });

  it('answers long polls as soon as their client cancels, with what they have; all of them share one wait on the partition', async () => {
    const partitions = new HostedPartitions();
    const hosted = partitions.add('t', 0);
    const waits = vi.spyOn(hosted.stm, 'waitForChange');
    const polls = Array.from({ length: 50 }, () => {
      const cancel = new AbortController();
      const answer = fetchRecords(partitions, request([{ topic: 't', partition: 0 }], { maxWaitMs: 30_000 }), { ...OPTIONS, signal: cancel.signal });
      return { cancel, answer };
    });
    const startMs = Date.now();
    await vi.waitFor(() => expect(waits).toHaveBeenCalledTimes(1));
    for (const poll of polls) poll.cancel.abort();
    const answers = await Promise.all(polls.map((poll) => poll.answer));
    expect(Date.now() - startMs).toBeLessThan(10_000);
    expect(answers.map((answer) => answer.partitions[0]!.highWatermark)).toEqual(polls.map(() => '0'));
    expect(waits).toHaveBeenCalledTimes(1);
  });

  it('reports an unknown partition in its result without failing the others', async () => {
    const partitions = new HostedPartitions();
    partitions.add('a', 0).append(1);
    const answer = await fetchRecords(partitions, request([{ topic: 'a', partition: 0 }, { topic: 'gone', partition: 7 }]), OPTIONS);
    expect(answer.partitions.map((p) => p.errorCode)).toEqual(['', 'UNKNOWN_TOPIC_OR_PARTITION']);
  });
});
