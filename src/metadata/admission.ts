/**
 * The cluster's admission limit on partition replicas (Redpanda's model).
 * Every replica is a Raft group on its node, with memory and background
 * work there; past some density a node starves, the metadata group with it.
 * So each node admits `cores × partitionsPerCore` replicas, and a request
 * that would take the cluster past the sum over its nodes is refused up
 * front with a message naming the limit, rather than accepted and left to
 * collapse the cluster.
 */
import { metadataError, type MetadataError } from './errors.js';
import type { MetadataImage, NodeRecord } from './image.js';

/** The nodes a request is checked against: live ones before proposing, registered ones at apply. */
export interface AvailableNodes {
  readonly nodes: readonly NodeRecord[];
  readonly which: 'live' | 'registered';
}

/** Replicas of every partition of every topic: what the limit counts. */
export function partitionReplicasCount(image: MetadataImage): number {
  let count = 0;
  for (const topic of image.topics.values()) count += topic.partitions.length * topic.replicationFactor;
  return count;
}

export function admissionLimit(nodes: readonly NodeRecord[]): number {
  return nodes.reduce((sum, node) => sum + node.cores * node.partitionsPerCore, 0);
}

/** Null when `added` more partition replicas fit the limit of `available`. */
export function checkAdmission(image: MetadataImage, available: AvailableNodes, added: number): MetadataError | null {
  const limit = admissionLimit(available.nodes);
  const current = partitionReplicasCount(image);
  if (current + added <= limit) return null;
  return metadataError(
    'partition-limit',
    `the cluster admits at most ${limit} partition replicas (${limitTerms(available)}); ` +
      `it holds ${current} and the request asks for ${added} more. ` +
      'Raise partitionsPerCore (CAIRN_PARTITIONS_PER_CORE) on every node, or add nodes',
  );
}

const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`;

/** How the limit was made, e.g. `6 cores × 3000 per core on 3 live nodes`. */
function limitTerms({ nodes, which }: AvailableNodes): string {
  const cores = nodes.reduce((sum, node) => sum + node.cores, 0);
  const perCore = new Set(nodes.map((node) => node.partitionsPerCore));
  const on = `on ${plural(nodes.length, `${which} node`)}`;
  const [only] = perCore;
  return perCore.size === 1 && only !== undefined ? `${plural(cores, 'core')} × ${only} per core ${on}` : `cores × partitionsPerCore of each node, ${on}`;
}
