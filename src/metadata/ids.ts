/** Identifiers the image hands out: Raft group ids and topic ids. */
import type { LogIndex, NodeId } from '../raft/types.js';
import { U32_MAX } from './limits.js';

/**
 * A Raft group: one partition, or the metadata group. Spelled like storage's
 * GroupId, so the two brands are the same type.
 */
export type GroupId = number & { readonly __brand: 'GroupId' };

/** Group 0 is the metadata group itself; partition groups start at 1. */
export const METADATA_GROUP = 0 as GroupId;
export const FIRST_PARTITION_GROUP = 1 as GroupId;

/**
 * Names one incarnation of a topic: a topic deleted and created again under
 * the same name gets a new id, so stale requests cannot reach the new one.
 */
export type TopicId = string & { readonly __brand: 'TopicId' };

/** Log indexes are unique for the life of the cluster, so the creating entry's index is a deterministic unique id. */
export function topicIdAt(index: LogIndex): TopicId {
  return `t${index}` as TopicId;
}

/** No node: an unknown leader. The same 0 as the Raft core's NO_NODE. */
export const NO_NODE = 0 as NodeId;

export function isNodeId(n: unknown): n is NodeId {
  return Number.isInteger(n) && (n as number) >= 1 && (n as number) <= U32_MAX;
}

/** The metadata log index that created the topic with this id; undefined for text that is no topic id. */
export function topicIdIndex(id: string): LogIndex | undefined {
  if (!/^t[1-9]\d{0,15}$/.test(id)) return undefined;
  const index = Number(id.slice(1));
  return Number.isSafeInteger(index) ? (index as LogIndex) : undefined;
}
