/**
 * Bounds of the metadata image. Each keeps something finite: the image held in
 * memory and in every snapshot, the planner's work per round, the Raft groups a
 * node may be asked to host.
 */
import { assert } from './assert.js';

export const U32_MAX = 0xffff_ffff;

/** Kafka's limit, so names survive a Kafka-protocol gateway. */
export const TOPIC_NAME_LENGTH_MAX = 249;
/** Raft write latency grows with the voter count; 5 voters already survive two failures. */
export const REPLICATION_FACTOR_MAX = 5;
export const TOPICS_MAX = 10_000;
/** Partitions across all topics: one Raft group each, and the planner visits every one per round. */
export const PARTITIONS_MAX = 100_000;
/** Kafka sets no lower bound of its own: one topic may hold every partition the cluster may. */
export const PARTITIONS_PER_TOPIC_MAX = PARTITIONS_MAX;
export const NODES_MAX = 1_000;

export const ADDRESS_LENGTH_MAX = 255;
export const RACK_LENGTH_MAX = 64;
export const INCARNATION_LENGTH_MAX = 64;
/**
 * What a node may report of its capacity (admission.ts): at most every replica the cluster may hold per
 * core, so the admission limit summed over NODES_MAX nodes stays an exact integer.
 */
export const NODE_CORES_MAX = 4096;
export const PARTITIONS_PER_CORE_MAX = PARTITIONS_MAX * REPLICATION_FACTOR_MAX;
/**
 * A node's default admission: five times Redpanda's default of 1,000 replicas per core, Cairn's density
 * goal, so three 2-core nodes admit 30,000 replicas (10,000 partitions at RF 3).
 */
export const DEFAULT_PARTITIONS_PER_CORE = 3_000;

/** A produced batch is one Raft entry, so it cannot exceed Raft's default proposalBytesMax (16 MiB). */
export const MESSAGE_BYTES_MAX = 16 * 1024 * 1024;

assert(PARTITIONS_PER_TOPIC_MAX <= PARTITIONS_MAX, 'one topic must fit in the cluster partition bound');
assert(REPLICATION_FACTOR_MAX <= NODES_MAX, 'a full replica set must fit in the node bound');
assert(NODES_MAX * NODE_CORES_MAX * PARTITIONS_PER_CORE_MAX <= Number.MAX_SAFE_INTEGER, 'the admission limit is an exact integer');
assert(NODES_MAX <= U32_MAX && PARTITIONS_MAX <= U32_MAX, 'node and group ids are u32');
