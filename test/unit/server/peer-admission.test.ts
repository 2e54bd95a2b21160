import { describe, expect, it } from 'vitest';
import { EntryType, MessageType, message, term } from '../../../src/raft/types.js';
import type { ConfState, NodeId } from '../../../src/raft/types.js';
import { admitNode, foundingMembers, fromGroupMembers, isGroupMember } from '../../../src/server/peer-admission.js';
import type { Envelope } from '../../../src/transport/index.js';
import { CLUSTER_ID, Log, ids, registration, topicCommand } from '../metadata/helpers.js';

const FOUNDING = foundingMembers(1 as NodeId, [{ nodeId: 1 as NodeId }, { nodeId: 2 as NodeId }, { nodeId: 3 as NodeId }]);
const claim = (nodeId: number, incarnation = `inc-${nodeId}`, clusterId = CLUSTER_ID) => ({ nodeId, clusterId, incarnation });

describe('admitNode', () => {
  it('admits a founding member before it registers, with any incarnation', () => {
    expect(admitNode(claim(3, 'fresh'), Log.withNodes(1).image, FOUNDING)).toEqual({ ok: true });
  });

  it('admits a registered node with the incarnation it registered, though the founding configuration does not name it', () => {
    const log = Log.withNodes(1);
    log.ok(registration(5));
    expect(admitNode(claim(5), log.image, FOUNDING)).toEqual({ ok: true });
  });

  it('refuses a node neither the founding configuration nor the image names', () => {
    expect(admitNode(claim(9), Log.withNodes(3).image, FOUNDING)).toMatchObject({ ok: false, refusal: 'not-a-member' });
  });

  it('refuses a registered node claiming another incarnation, founding member or not', () => {
    expect(admitNode(claim(2, 'wiped'), Log.withNodes(3).image, FOUNDING)).toMatchObject({
      ok: false,
      refusal: 'replaced-data',
      reason: 'node 2 rejoined with a replaced data directory (incarnation wiped is not the one it registered with)',
    });
  });

  it('never tells a claimant the incarnation the id registered with', () => {
    const verdict = admitNode(claim(2, 'guess'), Log.withNodes(3).image, FOUNDING);
    expect(verdict.ok).toBe(false);
    expect(JSON.stringify(verdict)).not.toContain('inc-2');
  });

  it('counts rather than lists a large founding configuration in a refusal', () => {
    const many = foundingMembers(1 as NodeId, Array.from({ length: 1_000 }, (_, i) => ({ nodeId: (i + 1) as NodeId })));
    expect(admitNode(claim(5_000), Log.withNodes(1).image, many)).toMatchObject({ reason: expect.stringContaining('(1000 nodes)') });
  });

  it('refuses another cluster id before anything else', () => {
    expect(admitNode(claim(1, 'inc-1', 'cairn'), Log.withNodes(3).image, FOUNDING)).toMatchObject({ ok: false, refusal: 'wrong-cluster' });
  });

  it('takes a node without peers as the only founding member', () => {
    expect([...foundingMembers(4 as NodeId, [])]).toEqual([4]);
  });
});

describe('isGroupMember', () => {
  // Group 1 holds topic t's partition 0 on [1, 2]; group 2 partition 1 on [2, 3].
  const log = Log.withNodes(3);
  log.ok(topicCommand('t', [[1, 2], [2, 3]]));
  const image = log.image;
  const conf = (voters: number[], learners: number[] = []): ConfState => ({ voters: ids(...voters), learners: ids(...learners) });

  it('refuses a sender in neither the group’s membership nor its replicas in the image', () => {
    expect(isGroupMember(1, 3 as NodeId, conf([1, 2]), image)).toBe(false);
  });

  it('takes a sender in the membership though the image moved the replica away (a removal not yet committed)', () => {
    expect(isGroupMember(2, 1 as NodeId, conf([2, 3], [1]), image)).toBe(true);
  });

  it('takes a sender the image assigns though this replica’s membership does not name it yet (it lags)', () => {
    expect(isGroupMember(1, 2 as NodeId, conf([1, 3]), image)).toBe(true);
  });

  it('takes any sender for a group whose membership this replica does not know yet, and for the metadata group', () => {
    expect(isGroupMember(1, 3 as NodeId, conf([]), image)).toBe(true);
    expect(isGroupMember(0, 9 as NodeId, conf([1, 2, 3]), image)).toBe(true);
  });
});

describe('fromGroupMembers', () => {
  it('drops the envelopes of groups the sender is not a member of, reporting each, and keeps the order of the rest', () => {
    const beat = (group: number): Envelope => ({
      group,
      message: message({ type: MessageType.Heartbeat, from: 2 as NodeId, to: 1 as NodeId, term: term(group) }),
    });
    const append: Envelope = {
      group: 5,
      message: message({ type: MessageType.App, from: 2 as NodeId, to: 1 as NodeId, term: term(1), entries: [{ term: term(1), index: 1 as never, type: EntryType.Normal, data: new Uint8Array(1) }] }),
    };
    const dropped: number[] = [];
    const kept = fromGroupMembers(2 as NodeId, [beat(1), append, beat(4), beat(5), beat(1)], (group) => group !== 5, (group) => dropped.push(group));
    expect(kept).toEqual([beat(1), beat(4), beat(1)]);
    expect(dropped).toEqual([5, 5]);
  });
});
