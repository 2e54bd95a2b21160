/**
 * Node liveness: one message per peer per tick, a peer silent for longer
 * than the bound is dead until heard from again, and each change is
 * reported once.
 */
import { describe, expect, it } from 'vitest';
import type { Envelope, HostTransport } from '../../../src/host/ports.js';
import { NODE_LIVENESS_GROUP, NodeLiveness } from '../../../src/host/node-liveness.js';
import type { NodeId } from '../../../src/raft/index.js';
import { NO_NODE } from '../../../src/raft/index.js';

const DEAD_AFTER = 5;
const id = (n: number): NodeId => n as NodeId;

function setup(members: number[] = [1, 2, 3]) {
  const sent: { to: NodeId; envelopes: readonly Envelope[] }[] = [];
  const transport: HostTransport = {
    send: (to, envelopes) => void sent.push({ to, envelopes }),
    flush: () => {},
    sendSnapshot: () => Promise.resolve(false),
  };
  const events: string[] = [];
  let current = new Set(members.map(id));
  const liveness = new NodeLiveness(id(1), DEAD_AFTER, {
    members: () => current,
    died: (peer) => void events.push(`died ${peer}`),
    cameBack: (peer) => void events.push(`back ${peer}`),
  });
  const tick = (n = 1, hearFrom: number[] = []): void => {
    for (let i = 0; i < n; i++) {
      for (const peer of hearFrom) liveness.heardFrom(id(peer));
      liveness.tick(transport);
    }
  };
  return { liveness, sent, events, tick, setMembers: (m: number[]) => (current = new Set(m.map(id))) };
}

describe('node liveness', () => {
  it('sends each peer one liveness message per tick, under the reserved group', () => {
    const { sent, tick } = setup();
    tick(3, [2, 3]);
    expect(sent.map((s) => s.to)).toEqual([2, 3, 2, 3, 2, 3]);
    for (const { envelopes } of sent) {
      expect(envelopes).toHaveLength(1);
      expect(envelopes[0]!.group).toBe(NODE_LIVENESS_GROUP);
    }
  });

  it('counts a peer dead once it was silent for the bound of ticks, once, and back when heard from again', () => {
    const { liveness, events, tick } = setup();
    tick(DEAD_AFTER, [2, 3]);
    tick(DEAD_AFTER - 1, [3]);
    expect(liveness.isLive(id(2))).toBe(true);
    tick(1, [3]);
    expect(events).toEqual(['died 2']);
    expect(liveness.isLive(id(2))).toBe(false);
    tick(DEAD_AFTER, [3]);
    expect(events).toEqual(['died 2']);
    tick(1, [2, 3]);
    expect(events).toEqual(['died 2', 'back 2']);
    expect(liveness.isLive(id(2))).toBe(true);
  });

  it('gives a peer never heard from the bound before counting it dead, and never counts nobody live', () => {
    const { liveness, events, tick } = setup();
    expect(liveness.isLive(id(2))).toBe(true);
    expect(liveness.isLive(NO_NODE)).toBe(false);
    tick(DEAD_AFTER, [3]);
    expect(events).toEqual([]);
    tick(1, [3]);
    expect(events).toEqual(['died 2']);
  });

  it('forgets a node that no longer shares a group, and stops sending to it', () => {
    const { liveness, sent, tick, setMembers } = setup();
    tick(DEAD_AFTER + 2, [3]);
    expect(liveness.isLive(id(2))).toBe(false);
    setMembers([1, 3]);
    // Members are refreshed every 10 ticks.
    tick(10, [3]);
    sent.length = 0;
    tick(1, [3]);
    expect(sent.map((s) => s.to)).toEqual([3]);
    expect(liveness.isLive(id(2))).toBe(true);
  });
});
