import { describe, expect, it } from 'vitest';
import type { NodeId } from '../../../src/raft/types.js';
import { computeLiveness, nodeLiveness } from '../../../src/metadata/index.js';
import { Log } from './helpers.js';

const heartbeats = (entries: [number, number][]): Map<NodeId, number> => new Map(entries.map(([id, ms]) => [id as NodeId, ms]));

describe('computeLiveness', () => {
  const image = Log.withNodes(3).image;

  it('counts a node live while its last heartbeat is at most nodeDeadAfterMs old, and dead after', () => {
    const liveness = computeLiveness({
      image,
      lastHeartbeatMs: heartbeats([[1, 10_000], [2, 7_000], [3, 6_999]]),
      nowMs: 10_000,
      controllerSinceMs: 0,
      nodeDeadAfterMs: 3_000,
    });
    expect([...liveness.live].sort()).toEqual([1, 2]);
    expect(liveness.nodes.get(3 as NodeId)).toEqual({ live: false, lastSeenMsAgo: 3_001 });
  });

  it('gives a new controller a full bound before it declares silent nodes dead', () => {
    const at = (nowMs: number) =>
      computeLiveness({ image, lastHeartbeatMs: heartbeats([[1, nowMs]]), nowMs, controllerSinceMs: 50_000, nodeDeadAfterMs: 3_000 });
    expect([...at(53_000).live].sort()).toEqual([1, 2, 3]);
    expect([...at(53_001).live]).toEqual([1]);
    expect(at(53_001).nodes.get(2 as NodeId)?.lastSeenMsAgo).toBe(3_001);
  });

  it('treats a node unknown to the liveness as not live', () => {
    const liveness = computeLiveness({ image, lastHeartbeatMs: new Map(), nowMs: 0, controllerSinceMs: 0, nodeDeadAfterMs: 1 });
    expect(nodeLiveness(liveness, 9 as NodeId)).toEqual({ live: false, lastSeenMsAgo: 0 });
  });
});
