/** How much each node carries: what placement evens out. */
import type { NodeId } from '../raft/types.js';
import type { MetadataImage } from './image.js';

export interface NodeLoad {
  /** Replicas assigned to each node, across all topics. */
  readonly replicas: ReadonlyMap<NodeId, number>;
  /** Preferred leaderships (first replica of a partition) of each node. */
  readonly leaders: ReadonlyMap<NodeId, number>;
}

export function clusterLoad(image: MetadataImage): NodeLoad {
  const replicas = new Map<NodeId, number>();
  const leaders = new Map<NodeId, number>();
  for (const topic of image.topics.values()) {
    for (const { replicas: ids } of topic.partitions) {
      for (const id of ids) replicas.set(id, (replicas.get(id) ?? 0) + 1);
      const leader = ids[0] as NodeId;
      leaders.set(leader, (leaders.get(leader) ?? 0) + 1);
    }
  }
  return { replicas, leaders };
}

export type PlannedLoad = ReturnType<typeof plannedLoad>;

/** The cluster's load, updated as moves are planned so one round does not pile them onto one node. */
export function plannedLoad(image: MetadataImage) {
  const load = clusterLoad(image);
  const replicas = new Map(load.replicas);
  const leaders = new Map(load.leaders);
  const add = (counts: Map<NodeId, number>, id: NodeId, delta: number): void => {
    counts.set(id, (counts.get(id) ?? 0) + delta);
  };
  return {
    replicas,
    leaders,
    move(from: NodeId, to: NodeId, preferredLeader: boolean): void {
      add(replicas, from, -1);
      add(replicas, to, 1);
      if (preferredLeader) {
        add(leaders, from, -1);
        add(leaders, to, 1);
      }
    },
  };
}
