import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NodeId } from '../../../src/raft/types.js';
import { chooseReplacement, placePartitions, type NodeLoad, type PlacementNode } from '../../../src/metadata/index.js';
import { assignLeaders } from '../../../src/metadata/assign-leaders.js';
import { ids } from './helpers.js';

const NO_LOAD: NodeLoad = { replicas: new Map(), leaders: new Map() };

const nodesOf = (racks: readonly string[]): PlacementNode[] => racks.map((rack, i) => ({ id: (i + 1) as NodeId, rack }));

function counts(assignments: readonly (readonly NodeId[])[], leadersOnly = false): Map<NodeId, number> {
  const counted = new Map<NodeId, number>();
  for (const replicas of assignments) {
    for (const id of leadersOnly ? replicas.slice(0, 1) : replicas) counted.set(id, (counted.get(id) ?? 0) + 1);
  }
  return counted;
}

/** max − min over all nodes, nodes with nothing counting as 0. */
function spread(counted: ReadonlyMap<NodeId, number>, nodes: readonly PlacementNode[]): number {
  const values = nodes.map((n) => counted.get(n.id) ?? 0);
  return Math.max(...values) - Math.min(...values);
}

/** A node without a rack shares a rack with no one. */
const rackOf = (node: PlacementNode): string => node.rack || `own-${node.id}`;

const racksOf = (replicas: readonly NodeId[], nodes: readonly PlacementNode[]): Set<string> =>
  new Set(replicas.map((id) => rackOf(nodes.find((n) => n.id === id) as PlacementNode)));

/** 1 to 9 nodes, each on one of up to four racks or on none, and a replication factor that fits. */
const cluster = fc.array(fc.constantFrom('', 'rack-0', 'rack-1', 'rack-2', 'rack-3'), { minLength: 1, maxLength: 9 }).chain((racks) =>
  fc.record({
    nodes: fc.constant(nodesOf(racks)),
    replicationFactor: fc.integer({ min: 1, max: Math.min(racks.length, 5) }),
    partitionsCount: fc.integer({ min: 1, max: 40 }),
  }),
);

describe('placePartitions', () => {
  it('gives each of 3 nodes 12 replicas and 4 preferred leaderships for 12 partitions × RF 3', () => {
    const nodes = nodesOf(['', '', '']);
    const placed = placePartitions({ nodes, load: NO_LOAD, partitionsCount: 12, replicationFactor: 3 });
    expect(placed).toHaveLength(12);
    expect([...counts(placed).values()]).toEqual([12, 12, 12]);
    expect([...counts(placed, true).entries()].sort()).toEqual([[1, 4], [2, 4], [3, 4]]);
  });

  it('puts replicas of one partition on distinct nodes and spreads them over as many racks as there are', () => {
    fc.assert(
      fc.property(cluster, ({ nodes, replicationFactor, partitionsCount }) => {
        const placed = placePartitions({ nodes, load: NO_LOAD, partitionsCount, replicationFactor });
        const racksCount = new Set(nodes.map(rackOf)).size;
        expect(placed).toHaveLength(partitionsCount);
        for (const replicas of placed) {
          expect(new Set(replicas).size).toBe(replicationFactor);
          expect(racksOf(replicas, nodes).size).toBe(Math.min(replicationFactor, racksCount));
        }
      }),
    );
  });

  it('keeps replica counts and preferred-leader counts within one of each other when there are no racks and no prior load', () => {
    fc.assert(
      fc.property(cluster, ({ nodes, replicationFactor, partitionsCount }) => {
        const unracked = nodes.map((n) => ({ ...n, rack: '' }));
        const placed = placePartitions({ nodes: unracked, load: NO_LOAD, partitionsCount, replicationFactor });
        expect(spread(counts(placed), unracked)).toBeLessThanOrEqual(1);
        expect(spread(counts(placed, true), unracked)).toBeLessThanOrEqual(1);
      }),
      { numRuns: 300 },
    );
  });

  it('evens out prior load: a new node takes the new replicas until it catches up', () => {
    const nodes = nodesOf(['', '', '', '']);
    const load: NodeLoad = { replicas: new Map(ids(1, 2, 3).map((id) => [id, 6])), leaders: new Map(ids(1, 2, 3).map((id) => [id, 2])) };
    const placed = placePartitions({ nodes, load, partitionsCount: 6, replicationFactor: 1 });
    expect(placed).toEqual([[4], [4], [4], [4], [4], [4]]);
    const again = placePartitions({ nodes, load, partitionsCount: 3, replicationFactor: 2 });
    for (const replicas of again) expect(replicas).toContain(4);
    expect(new Set(again.map((r) => r[0]))).toEqual(new Set([4]));
  });

  it('gives the same placement for the same inputs, whatever the order of the nodes', () => {
    fc.assert(
      fc.property(cluster, ({ nodes, replicationFactor, partitionsCount }) => {
        const a = placePartitions({ nodes, load: NO_LOAD, partitionsCount, replicationFactor });
        const b = placePartitions({ nodes: [...nodes].reverse(), load: NO_LOAD, partitionsCount, replicationFactor });
        expect(b).toEqual(a);
      }),
      { numRuns: 50 },
    );
  });
});

describe('chooseReplacement', () => {
  it('prefers a rack the staying replicas do not use, then the least-loaded node', () => {
    const candidates = nodesOf(['a', 'b', 'c', 'c']).slice(1);
    const staying = [{ id: 9 as NodeId, rack: 'b' }];
    const load: NodeLoad = { replicas: new Map([[3 as NodeId, 5], [4 as NodeId, 1]]), leaders: new Map() };
    expect(chooseReplacement({ candidates, staying, load })).toBe(4);
    expect(chooseReplacement({ candidates: [], staying, load })).toBeNull();
  });
});

/** The most even leader counts any choice allows, by trying every choice (small inputs only). */
function bestSumOfSquares(sets: readonly (readonly NodeId[])[], prior: ReadonlyMap<NodeId, number>): number {
  let best = Infinity;
  const loads = new Map(prior);
  const visit = (i: number): void => {
    if (i === sets.length) {
      best = Math.min(best, [...loads.values()].reduce((s, v) => s + v * v, 0));
      return;
    }
    for (const id of sets[i] as NodeId[]) {
      loads.set(id, (loads.get(id) ?? 0) + 1);
      visit(i + 1);
      loads.set(id, (loads.get(id) ?? 0) - 1);
    }
  };
  visit(0);
  return best;
}

describe('assignLeaders', () => {
  it('picks leaders as evenly as an exhaustive search does (naive twin)', () => {
    const set = fc.shuffledSubarray(ids(1, 2, 3, 4, 5), { minLength: 1, maxLength: 3 });
    const prior = fc.dictionary(fc.constantFrom('1', '2', '3', '4', '5'), fc.integer({ min: 0, max: 3 }));
    fc.assert(
      fc.property(fc.array(set, { minLength: 1, maxLength: 7 }), prior, (sets, priorRecord) => {
        const priorLoad = new Map(Object.entries(priorRecord).map(([k, v]) => [Number(k) as NodeId, v]));
        const leaders = assignLeaders(sets, priorLoad);
        sets.forEach((members, i) => expect(members).toContain(leaders[i]));
        const loads = new Map(priorLoad);
        for (const id of leaders) loads.set(id, (loads.get(id) ?? 0) + 1);
        expect([...loads.values()].reduce((s, v) => s + v * v, 0)).toBe(bestSumOfSquares(sets, priorLoad));
      }),
      { numRuns: 300 },
    );
  });
});
