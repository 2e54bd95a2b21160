/**
 * Log compaction (§7): a follower that needs entries the leader has
 * compacted away gets InstallSnapshot, restores it through Ready.snapshot,
 * and continues with AppendEntries.
 */
import { describe, expect, it } from 'vitest';
import type { LogIndex, Message, NodeId, Snapshot, Term } from '../../../src/raft/index.js';
import { MessageType } from '../../../src/raft/index.js';
import { TestCluster, bytes } from './harness.js';
import { loneNode, msg, runTicks, sent, statusOf } from './helpers.js';

/**
 * Three voters led by node 1; node 3 is cut off while a, b, c are committed (indexes 3-5), the leader
 * compacts its log through index 5, then d (index 6) is committed. Node 3 still holds only indexes 1-2.
 */
function behindCompaction(): TestCluster {
  const c = TestCluster.bootstrap(3);
  c.elect(1);
  c.isolate(3);
  for (const data of ['a', 'b', 'c']) c.node(1).raw.propose(bytes(data));
  c.stabilize();
  c.node(1).storage.compact(5 as LogIndex, c.confOf(1), bytes('state@5'));
  c.node(1).raw.propose(bytes('d'));
  c.stabilize();
  expect([statusOf(c, 1).commit, statusOf(c, 3).lastIndex]).toEqual([6, 2]);
  c.heal();
  return c;
}

/** Records the snapshots each node is handed in a Ready. */
function watchSnapshots(c: TestCluster): Map<NodeId, Snapshot[]> {
  const seen = new Map<NodeId, Snapshot[]>();
  c.afterPersist = (node, rd) => {
    if (rd.snapshot !== null) seen.set(node.id, [...(seen.get(node.id) ?? []), rd.snapshot]);
  };
  return seen;
}

const snapshotIndexes = (messages: readonly Message[]): number[] =>
  messages.filter((m) => m.type === MessageType.Snap).map((m) => m.snapshot!.metadata.index);

describe('§7 log compaction', () => {
  // Reference: §7 "the leader must occasionally send snapshots to followers that lag behind ... when the leader
  // has already discarded the next log entry that it needs to send to a follower."
  it('a follower behind the compacted log installs the leader snapshot, then catches up by AppendEntries', () => {
    const c = behindCompaction();
    const installed = watchSnapshots(c);
    const before = c.delivered.length;
    runTicks(c, 1);
    const toFollower = c.delivered.slice(before).filter((m) => m.to === 3 && m.type !== MessageType.Heartbeat);
    expect(toFollower.map((m) => m.type)).toEqual([MessageType.App, MessageType.Snap, MessageType.App]);
    expect(toFollower[1]!.snapshot!.metadata).toEqual({ index: 5, term: 2, conf: { voters: [1, 2, 3], learners: [] } });
    expect(toFollower[2]!.entries.map((e) => e.index)).toEqual([6]);
    expect(installed.get(3 as NodeId)?.map((s) => ({ index: s.metadata.index, data: new TextDecoder().decode(s.data) }))).toEqual([
      { index: 5, data: 'state@5' },
    ]);
    expect(statusOf(c, 3)).toMatchObject({ commit: 6, applied: 6, lastIndex: 6 });
    expect(c.node(3).storage.firstIndex()).toBe(6);
    expect(c.payloads(3)).toEqual(['d']); // a, b and c arrived inside the snapshot
    expect(statusOf(c, 1).progress.get(3 as NodeId)).toMatchObject({ state: 'replicate', match: 6 });
  });

  // Reference: §7 (InstallSnapshot) with etcd's ReportSnapshot: while a snapshot is on its way nothing else is
  // sent; a failed delivery returns the follower to probe and the snapshot is sent again.
  it('reportSnapshot(false) returns the follower to probe, and the leader sends the snapshot again', () => {
    const c = behindCompaction();
    const lost: Message[] = [];
    c.dropIf = (m) => m.type === MessageType.Snap && lost.push(m) > 0;
    runTicks(c, 1);
    const leader = c.node(1).raw;
    expect(snapshotIndexes(lost)).toEqual([5]);
    expect(leader.status().progress.get(3 as NodeId)).toMatchObject({ state: 'snapshot', match: 2 });

    const before = c.delivered.length;
    leader.propose(bytes('e'));
    c.stabilize();
    expect(c.delivered.slice(before).filter((m) => m.to === 3)).toEqual([]); // paused while the snapshot is out

    leader.reportSnapshot(3 as NodeId, false);
    expect(leader.status().progress.get(3 as NodeId)).toMatchObject({ state: 'probe', match: 2, next: 3 });
    c.dropIf = null;
    runTicks(c, 1);
    expect(snapshotIndexes(c.delivered.slice(before))).toEqual([5]);
    expect(statusOf(c, 3)).toMatchObject({ commit: 7, lastIndex: 7 });
    expect(c.payloads(3)).toEqual(['d', 'e']);
  });

  // Reference: §7 "If instead the follower receives a snapshot that describes a prefix of its log ... entries
  // covered by the snapshot are deleted but entries following the snapshot are still valid and must be
  // retained." A snapshot at or below the follower's commit teaches it nothing.
  it.each([2, 3])('a snapshot at index %i, not beyond the follower commit (3), is ignored and answered with the commit', (index) => {
    const c = loneNode({ terms: [1, 1, 1, 1], commit: 3 });
    const snapshot: Snapshot = {
      metadata: { index: index as LogIndex, term: 1 as Term, conf: { voters: [1, 2, 3] as NodeId[], learners: [] } },
      data: bytes('old'),
    };
    const raw = c.node(1).raw;
    raw.step(msg(MessageType.Snap, 2, 1, 1, { snapshot }));
    const rd = raw.ready();
    expect(rd.snapshot).toBeNull();
    expect(rd.messages.map(({ type, to, index: i, reject }) => ({ type, to, index: i, reject }))).toEqual([
      { type: MessageType.AppResp, to: 2, index: 3, reject: false },
    ]);
    raw.advance();
    expect(statusOf(c, 1)).toMatchObject({ commit: 3, lastIndex: 4 });
  });

  // Reference: §7 "If instead the follower receives a snapshot that describes a prefix of its log", the
  // follower keeps its log; it has checked against the leader only the entries up to the snapshot index.
  //
  it('a follower already holding the snapshot index acknowledges the snapshot index, not its unchecked tail', () => {
    const c = loneNode({ terms: [1, 1, 1, 2, 2], commit: 1 });
    const snapshot: Snapshot = {
      metadata: { index: 3 as LogIndex, term: 1 as Term, conf: { voters: [1, 2, 3] as NodeId[], learners: [] } },
      data: bytes('state@3'),
    };
    c.node(1).raw.step(msg(MessageType.Snap, 2, 1, 3, { snapshot }));
    const [resp] = sent(c, 1);
    expect(statusOf(c, 1)).toMatchObject({ commit: 3, lastIndex: 5 });
    expect(resp).toMatchObject({ type: MessageType.AppResp, to: 2, reject: false, index: 3 });
  });
});
