import { describe, expect, it } from 'vitest';
import { CairnError } from '../../../src/client/index.js';
import { checkedNodeId, moveRequest, toNodeState, toPartitionMove } from '../../../src/client/partition-moves.js';

const code = (call: () => unknown): string | undefined => {
  try {
    call();
  } catch (error) {
    return error instanceof CairnError ? error.code : 'not a CairnError';
  }
  return undefined;
};

describe('SDK partition moves', () => {
  it('refuses node ids the wire cannot carry before sending', () => {
    expect([0, -1, 1.5, 2 ** 32, Number.NaN].map((id) => code(() => checkedNodeId(id)))).toEqual(Array(5).fill('UNKNOWN_NODE'));
    expect(checkedNodeId(4_294_967_295)).toBe(4_294_967_295);
  });

  it('refuses a move without replicas or with a negative partition, and keeps the replica order', () => {
    expect(code(() => moveRequest({ topic: 't', partition: 0, replicas: [] }))).toBe('INVALID_REPLICA_ASSIGNMENT');
    expect(code(() => moveRequest({ topic: 't', partition: -1, replicas: [1] }))).toBe('UNKNOWN_TOPIC_OR_PARTITION');
    expect(moveRequest({ topic: 't', partition: 2, replicas: [4, 1, 2] })).toEqual({ topic: 't', partition: 2, replicas: [4, 1, 2] });
  });

  it('reads a move and a node state from the wire, an older server\'s empty state as active', () => {
    const move = toPartitionMove({ topic: 't', partition: 1, replicas: [1, 2, 4], target: [4, 1, 2], reason: 'operator', phase: 'catching-up', nodes: [4], entriesBehind: '77' });
    expect(move.entriesBehind).toBe(77);
    expect(['', 'decommissioning', 'decommissioned'].map(toNodeState)).toEqual(['active', 'decommissioning', 'decommissioned']);
  });
});
