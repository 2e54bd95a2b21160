/**
 * The whole-node simulator's final-read check: retention may delete
 * acknowledged batches, but only what the seed's retention could have
 * deleted is excused, so retention cannot hide a lost batch.
 */
import { describe, expect, it } from 'vitest';
import { Checker } from '../sim-node/checker.js';
import type { Retention } from '../sim-node/profile.js';
import type { GroupId } from '../../src/storage/types.js';

const GROUP = 1 as GroupId;
const SEGMENTS = { bytesMax: 1024, entriesMax: 2 };
const BY_TIME: Retention = { segmentBounds: SEGMENTS, retentionBytes: -1, retentionMs: 200 };
const BY_BYTES: Retention = { segmentBounds: SEGMENTS, retentionBytes: 150, retentionMs: -1 };

/** Batches 1:0 and 1:1 sent at 1000 and 1100 ms and acknowledged at offsets 0 and 1; the final read finds only 1:1, the log starting at 1. */
function checkedAfterRetention(retention: Retention | undefined, newestTimestampMs: number, keptBytes = 75): Checker {
  const checker = new Checker(retention);
  checker.sent(GROUP, '1:0', 1000);
  checker.acknowledged(GROUP, '1:0', 0n);
  checker.sent(GROUP, '1:1', 1100);
  checker.sent(GROUP, '1:1', 1500); // a retry: the first send is what bounds the batch's age
  checker.acknowledged(GROUP, '1:1', 1n);
  checker.finalRead(GROUP, { logStartOffset: 1n, batches: [{ name: '1:1', offset: 1n, bytes: keptBytes }], newestTimestampMs });
  return checker;
}

describe('whole-node checker: acknowledged batches and retention', () => {
  it('excuses a batch below the log start that retention.ms allows deleting, and counts it', () => {
    const checker = checkedAfterRetention(BY_TIME, 1201);
    expect(checker.violation).toBeUndefined();
    expect(checker.expiredAcks).toBe(1);
  });

  it('reports a batch below the log start as lost when it is not older than retention.ms by the leader’s log clock', () => {
    expect(checkedAfterRetention(BY_TIME, 1200).violation).toMatch(/1:0 \(offset 0\) is not in the log, which starts at 1, and retention cannot have deleted it/);
  });

  it('excuses a batch below the log start by retention.bytes only when the log kept holds at least that many bytes', () => {
    expect(checkedAfterRetention(BY_BYTES, 0, 150).violation).toBeUndefined();
    expect(checkedAfterRetention(BY_BYTES, 0, 149).violation).toMatch(/retention cannot have deleted it/);
  });

  it('reports any missing batch, and a log start above 0, on a seed without retention', () => {
    expect(checkedAfterRetention(undefined, 1_000_000).violation).toMatch(/the log starts at 1 with no retention configured/);
  });

  it('reports a batch at or above the log start that the final read did not find, retention or not', () => {
    const checker = new Checker(BY_TIME);
    checker.sent(GROUP, '1:0', 0);
    checker.acknowledged(GROUP, '1:0', 1n);
    checker.finalRead(GROUP, { logStartOffset: 1n, batches: [], newestTimestampMs: 1_000_000 });
    expect(checker.violation).toMatch(/1:0 \(offset 1\) is not in the log, which starts at 1$/);
  });
});
