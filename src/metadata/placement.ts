/**
 * Replica placement: which nodes hold a partition, and which of them is its
 * preferred leader. Pure and deterministic. Each replica slot goes to the
 * candidate with the lowest (replicas of this partition on its rack, replicas
 * it holds, preferred leaderships it holds, distance from a start that
 * rotates with the partition), compared in that order. Racks come first, so a
 * partition spans as many racks as it can; then load, so without racks every
 * partition takes the least-loaded nodes and replica counts stay within one
 * of each other. Preferred leaders are then chosen within the replica sets by
 * assignLeaders, as evenly as the sets allow.
 */
import type { NodeId } from '../raft/types.js';
import { assert } from './assert.js';
import { assignLeaders } from './assign-leaders.js';
import type { NodeLoad } from './load.js';

export interface PlacementNode {
  readonly id: NodeId;
  /** '' for a node without a rack: it shares a rack with no one. */
  readonly rack: string;
}

export interface PlacementRequest {
  /** The nodes that may receive replicas (live ones). */
  readonly nodes: readonly PlacementNode[];
  /** What the nodes already carry. */
  readonly load: NodeLoad;
  readonly partitionsCount: number;
  readonly replicationFactor: number;
}

/** One replica list per new partition, preferred leader first. */
export function placePartitions(request: PlacementRequest): NodeId[][] {
  const { nodes, load, partitionsCount, replicationFactor } = request;
  assert(replicationFactor >= 1 && replicationFactor <= nodes.length, `replication factor ${replicationFactor}, ${nodes.length} nodes`);
  const candidates = byId(nodes);
  const replicas = new Map(load.replicas);
  const sets: NodeId[][] = [];
  for (let p = 0; p < partitionsCount; p++) {
    const chosen: PlacementNode[] = [];
    for (let slot = 0; slot < replicationFactor; slot++) {
      const best = pickNode(candidates, chosen, { replicas, leaders: load.leaders }, p);
      chosen.push(best);
      replicas.set(best.id, (replicas.get(best.id) ?? 0) + 1);
    }
    sets.push(chosen.map((node) => node.id));
  }
  const leaders = assignLeaders(sets, load.leaders);
  return sets.map((set, p) => [leaders[p] as NodeId, ...set.filter((id) => id !== leaders[p])]);
}

export interface ReplacementRequest {
  /** Nodes that may receive the replica: live, and not already in the partition. */
  readonly candidates: readonly PlacementNode[];
  /** The partition's replicas that stay. */
  readonly staying: readonly PlacementNode[];
  readonly load: NodeLoad;
}

/** The node to take over one replica of an existing partition; null when there is no candidate. */
export function chooseReplacement(request: ReplacementRequest): NodeId | null {
  const candidates = byId(request.candidates);
  return candidates.length === 0 ? null : pickNode(candidates, request.staying, request.load, 0).id;
}

/** The best of `candidates` (sorted by id) not yet `chosen` for the partition. */
function pickNode(
  candidates: readonly PlacementNode[],
  chosen: readonly PlacementNode[],
  load: NodeLoad,
  rotation: number,
): PlacementNode {
  const start = rotation % candidates.length;
  const keyed = candidates
    .map((node, i) => ({
      node,
      key: [
        chosen.filter((other) => node.rack !== '' && other.rack === node.rack).length,
        load.replicas.get(node.id) ?? 0,
        load.leaders.get(node.id) ?? 0,
        (i - start + candidates.length) % candidates.length,
      ],
    }))
    .filter(({ node }) => !chosen.some((other) => other.id === node.id));
  assert(keyed.length > 0, 'no candidate node left');
  return keyed.reduce((a, b) => (compareKeys(b.key, a.key) < 0 ? b : a)).node;
}

function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] as number) - (b[i] as number);
    if (d !== 0) return d;
  }
  return 0;
}

function byId(nodes: readonly PlacementNode[]): PlacementNode[] {
  const sorted = [...nodes].sort((a, b) => a.id - b.id);
  assert(sorted.every((node, i) => i === 0 || node.id !== sorted[i - 1]?.id), 'placement nodes repeat an id');
  return sorted;
}
