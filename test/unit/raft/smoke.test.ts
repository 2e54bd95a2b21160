import { describe, expect, it } from 'vitest';
import { TestCluster, bytes } from './harness.js';

describe('raft smoke', () => {
  it('elects a leader and replicates a proposal to all three nodes', () => {
    const c = TestCluster.bootstrap(3);
    c.elect(1);
    expect(c.leaders()).toEqual([1]);
    const r = c.node(1).raw.propose(bytes('hello'));
    expect(r.ok).toBe(true);
    c.stabilize();
    c.tickAll(1);
    c.stabilize();
    for (const id of [1, 2, 3]) expect(c.payloads(id)).toEqual(['hello']);
  });
});
