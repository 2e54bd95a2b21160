/**
 * Chooses one leader from each replica set so that leaderships, counting the
 * `prior` ones of other partitions, are as even as the sets allow: an optimal
 * semi-matching (Harvey, Ladner, Lovász & Tamir, "Semi-matchings for
 * bipartite graphs and load balancing", 2006, algorithm ASM1). Sets are taken
 * one at a time; each goes to the least-led node reachable by an alternating
 * path (a member of the set → a set that member already leads → another
 * member of that set → …), and leaderships shift one step along the path, so
 * only the node at its end gains one. Ties go to the first node reached, in
 * set order, so equal inputs give equal outputs.
 */
import type { NodeId } from '../raft/types.js';
import { assert } from './assert.js';

interface Reached {
  /** The set whose leadership moves to this node if the path ends here. */
  readonly set: number;
  /** The node that set's leadership moves from; null for the set being placed. */
  readonly from: NodeId | null;
}

export function assignLeaders(sets: readonly (readonly NodeId[])[], prior: ReadonlyMap<NodeId, number>): NodeId[] {
  const leaders: NodeId[] = [];
  const led = new Map<NodeId, Set<number>>();
  const load = (id: NodeId): number => (prior.get(id) ?? 0) + (led.get(id)?.size ?? 0);
  for (const [i, members] of sets.entries()) {
    assert(members.length > 0, `replica set ${i} is empty`);
    const reached = new Map<NodeId, Reached>(members.map((id) => [id, { set: i, from: null }]));
    const queue = [...reached.keys()];
    let best = queue[0] as NodeId;
    // Each node enters the queue once, so the search visits at most every node and every led set.
    for (let head = 0; head < queue.length; head++) {
      const node = queue[head] as NodeId;
      if (load(node) < load(best)) best = node;
      for (const set of led.get(node) ?? []) {
        for (const next of sets[set] as readonly NodeId[]) {
          if (reached.has(next)) continue;
          reached.set(next, { set, from: node });
          queue.push(next);
        }
      }
    }
    shiftAlongPath(best, reached, leaders, led);
  }
  return leaders;
}

function shiftAlongPath(end: NodeId, reached: ReadonlyMap<NodeId, Reached>, leaders: NodeId[], led: Map<NodeId, Set<number>>): void {
  for (let node: NodeId | null = end; node !== null; ) {
    const { set, from } = reached.get(node) as Reached;
    if (from !== null) led.get(from)?.delete(set);
    leaders[set] = node;
    led.set(node, (led.get(node) ?? new Set()).add(set));
    node = from;
  }
}
