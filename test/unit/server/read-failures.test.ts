import { describe, expect, it, vi } from 'vitest';
import type { FetchRequest__Output } from '../../../src/gen/cairn/v1/FetchRequest.js';
import { fetchRecords } from '../../../src/server/fetch.js';
import { StorageCorruptionError } from '../../../src/storage/errors.js';
import type { GroupId } from '../../../src/storage/types.js';
import { HostedPartitions } from './hosted-partitions.js';

const fetchOf = (topic: string, partition: number): FetchRequest__Output => ({
  partitions: [{ topic, partition, offset: '0', maxBytes: 0 }],
  maxBytes: 0,
  minBytes: 0,
  maxWaitMs: 0,
});
const OPTIONS = { electionWaitMs: 0 };

describe('read failures on the data path', () => {
  it('answers a fetch that raced its replica retiring with NOT_LEADER, which a client acts on, rather than INTERNAL', async () => {
    const partitions = new HostedPartitions();
    const hosted = partitions.add('t', 0);
    hosted.append(2);
    const read = hosted.reader.read.bind(hosted.reader);
    vi.spyOn(hosted.reader, 'read').mockImplementationOnce((...args) => {
      partitions.retire('t', 0); // between the lookup and the read in storage
      return read(...args);
    });

    const answer = await fetchRecords(partitions, fetchOf('t', 0), OPTIONS);

    expect(answer.partitions[0]).toMatchObject({ errorCode: 'NOT_LEADER' });
  });

  it('answers a read that meets corrupt storage with CORRUPT_STORAGE, naming where', async () => {
    const partitions = new HostedPartitions();
    const hosted = partitions.add('t', 0);
    hosted.append(1);
    vi.spyOn(hosted, 'readEntries').mockRejectedValue(new StorageCorruptionError(1 as GroupId, 'g|1|log|1', 'bad checksum'));

    const answer = await fetchRecords(partitions, fetchOf('t', 0), OPTIONS);

    expect(answer.partitions[0]).toMatchObject({ errorCode: 'CORRUPT_STORAGE', errorMessage: expect.stringContaining('g|1|log|1') });
  });

  it('keeps INTERNAL for an unexpected failure of a partition still served here', async () => {
    const partitions = new HostedPartitions();
    const hosted = partitions.add('t', 0);
    hosted.append(1);
    vi.spyOn(hosted, 'readEntries').mockRejectedValue(new Error('something broke'));

    const answer = await fetchRecords(partitions, fetchOf('t', 0), OPTIONS);

    expect(answer.partitions[0]).toMatchObject({ errorCode: 'INTERNAL', errorMessage: 'something broke' });
  });
});
