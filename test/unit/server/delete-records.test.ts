import { describe, expect, it } from 'vitest';
import { CairnError } from '../../../src/protocol/errors.js';
import { deleteRecords } from '../../../src/server/delete-records.js';
import type { DeletablePartitions } from '../../../src/server/delete-records.js';

/** Partition 0 of `orders` is led here with its log start at 10 and high watermark 50; anything else is led by node 2. */
function partitions(asked: bigint[]): DeletablePartitions {
  let logStart = 10n;
  return {
    untilElectionSettles: () => Promise.resolve(),
    leaderOfPartition: (topic, partition) => {
      if (topic !== 'orders' || partition !== 0) throw new CairnError('NOT_LEADER', `this node does not lead ${topic}/${partition}`, { leaderHint: 2 });
      return {
        frontend: {
          advanceLogStart: (offset: bigint) => {
            asked.push(offset);
            if (offset > 50n) return Promise.reject(new CairnError('OFFSET_OUT_OF_RANGE', `offset ${offset} is outside [${logStart}, 50]`));
            if (offset > logStart) logStart = offset;
            return Promise.resolve(logStart);
          },
        },
      };
    },
  };
}

const request = (...entries: [string, number, string][]) => ({ partitions: entries.map(([topic, partition, offset]) => ({ topic, partition, offset })) });

describe('deleteRecords (server)', () => {
  it('answers each partition apart: its new log start, or its error with the leader to ask', async () => {
    const asked: bigint[] = [];
    const response = await deleteRecords(partitions(asked), request(['orders', 0, '30'], ['orders', 1, '5'], ['__consumer_offsets', 0, '1']), 0);
    expect(response.results).toEqual([
      { topic: 'orders', partition: 0, errorCode: '', logStartOffset: '30' },
      { topic: 'orders', partition: 1, errorCode: 'NOT_LEADER', errorMessage: expect.any(String), leaderHint: 2 },
      { topic: '__consumer_offsets', partition: 0, errorCode: 'INVALID_REQUEST', errorMessage: expect.stringContaining('internal'), leaderHint: 0 },
    ]);
    expect(asked).toEqual([30n]);
  });

  it('reports an offset beyond the high watermark as OFFSET_OUT_OF_RANGE', async () => {
    const [result] = (await deleteRecords(partitions([]), request(['orders', 0, '51']), 0)).results;
    expect(result).toMatchObject({ errorCode: 'OFFSET_OUT_OF_RANGE' });
  });

  it('refuses a request naming a partition twice as a whole, asking no partition', async () => {
    const asked: bigint[] = [];
    await expect(deleteRecords(partitions(asked), request(['orders', 0, '20'], ['orders', 0, '30']), 0)).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    expect(asked).toEqual([]);
  });
});
