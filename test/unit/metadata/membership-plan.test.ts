import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyConfChange } from '../../../src/raft/conf.js';
import type { ConfChange, ConfState, LogIndex, NodeId } from '../../../src/raft/types.js';
import { nextMembershipChange, type GroupMembershipView } from '../../../src/metadata/index.js';
import { ids } from './helpers.js';

const LAST_INDEX = 100;
const LAG_MAX = 10;

/** The leader is node `id`; `matches` gives followers' progress (absent: nothing known). */
function view(voters: number[], learners: number[], matches: Record<number, number> = {}, id = voters[0] ?? 1): GroupMembershipView {
  return {
    id: id as NodeId,
    conf: { voters: ids(...voters), learners: ids(...learners) },
    lastIndex: LAST_INDEX as LogIndex,
    progress: new Map(Object.entries(matches).map(([node, match]) => [Number(node) as NodeId, { match: match as LogIndex }])),
  };
}

const next = (target: number[], group: GroupMembershipView): ConfChange | null => nextMembershipChange(ids(...target), group, LAG_MAX);

describe('nextMembershipChange', () => {
  it('replaces a voter one server at a time: add the new one as a learner, wait, promote it, then remove the old one', () => {
    expect(next([1, 2, 4], view([1, 2, 3], []))).toEqual({ type: 'add-learner', node: 4 });
    expect(next([1, 2, 4], view([1, 2, 3], [4], { 4: LAST_INDEX - LAG_MAX - 1 }))).toBeNull();
    expect(next([1, 2, 4], view([1, 2, 3], [4], { 4: LAST_INDEX - LAG_MAX }))).toEqual({ type: 'promote-learner', node: 4 });
    expect(next([1, 2, 4], view([1, 2, 3, 4], []))).toEqual({ type: 'remove-node', node: 3 });
    expect(next([1, 2, 4], view([1, 2, 4], []))).toBeNull();
  });

  it('drops a learner that is no longer assigned before anything else', () => {
    expect(next([1, 2, 5], view([1, 2, 3], [4], { 4: LAST_INDEX }))).toEqual({ type: 'remove-node', node: 4 });
  });

  it('removes the leader itself last, after the other unassigned voters', () => {
    expect(next([3, 4], view([1, 2, 3, 4], [], {}, 1))).toEqual({ type: 'remove-node', node: 2 });
    expect(next([3, 4], view([1, 3, 4], [], {}, 1))).toEqual({ type: 'remove-node', node: 1 });
  });

  it('converges to the target through valid single-server changes, never leaving fewer voters than the target or the start', () => {
    const nodes = [1, 2, 3, 4, 5, 6];
    const scenario = fc.record({
      voters: fc.shuffledSubarray(nodes, { minLength: 1, maxLength: 5 }),
      learners: fc.shuffledSubarray(nodes, { maxLength: 2 }),
      target: fc.shuffledSubarray(nodes, { minLength: 1, maxLength: 5 }),
    });
    fc.assert(
      fc.property(scenario, ({ voters, learners, target }) => {
        let conf: ConfState = { voters: ids(...voters), learners: ids(...learners.filter((id) => !voters.includes(id))) };
        const floor = Math.min(conf.voters.length, target.length);
        // A learner catches up one call after it is added.
        const caughtUp = new Set<number>();
        for (let step = 0; step < 40; step++) {
          const group = view([...conf.voters], [...conf.learners], Object.fromEntries([...caughtUp].map((id) => [id, LAST_INDEX])));
          const change = nextMembershipChange(ids(...target), group, LAG_MAX);
          if (change === null) {
            if (conf.learners.length === 0) break;
            conf.learners.forEach((id) => caughtUp.add(id));
            continue;
          }
          if (change.type === 'promote-learner') expect(caughtUp.has(change.node)).toBe(true);
          const applied = applyConfChange(conf, change);
          if (!applied.ok) throw new Error(`invalid change ${JSON.stringify(change)}: ${applied.detail}`);
          conf = applied.conf;
          expect(conf.voters.length).toBeGreaterThanOrEqual(floor);
        }
        expect([...conf.voters].sort()).toEqual([...target].sort());
        expect(conf.learners).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
