import { describe, expect, it } from 'vitest';
import { groupStatuses, inSyncReplicas, reportedMembers, type GroupId } from '../../../src/metadata/index.js';
import { groupReport, nodeReport } from './helpers.js';

describe('groupStatuses', () => {
  it("takes a group's status, high watermark and log bytes from its leader's own report, with numbers for the u64 fields", () => {
    const statuses = groupStatuses([
      nodeReport(2, [{ ...groupReport(7, 1, 4), highWatermark: '5', logBytes: '50' }]),
      nodeReport(1, [{ ...groupReport(7, 1, 4, [[2, true], [3, false]]), highWatermark: '9007199254740993', logBytes: '1024' }]),
      nodeReport(3, [groupReport(7, 1, 4)]),
    ]);
    const status = statuses.get(7 as GroupId);
    expect(status).toEqual({
      group: 7,
      leader: 1,
      term: 4,
      lastIndex: 12,
      fromLeader: true,
      replicas: [
        { node: 2, match: 12, inSync: true },
        { node: 3, match: 3, inSync: false },
      ],
      highWatermark: 9007199254740993n,
      logBytes: 1024,
    });
    expect(status && inSyncReplicas(status)).toEqual([1, 2]);
    expect(status && [...(reportedMembers(status) ?? [])]).toEqual([1, 2, 3]);
  });

  it('prefers the report of the highest term, so a deposed leader does not hide the new one', () => {
    const statuses = groupStatuses([
      nodeReport(1, [groupReport(7, 1, 4, [[2, true]])]),
      nodeReport(2, [groupReport(7, 3, 5)]),
    ]);
    const status = statuses.get(7 as GroupId);
    expect(status).toMatchObject({ leader: 3, term: 5, fromLeader: false, replicas: [] });
    expect(status && inSyncReplicas(status)).toEqual([3]);
    expect(status && reportedMembers(status)).toBeNull();
  });
});
