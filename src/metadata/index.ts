/**
 * The metadata layer: the replicated image of the cluster and the decisions
 * made from it. Pure: no I/O, no timers; time arrives as numbers. The seams:
 *  - the host applies committed metadata entries with MetadataStm.applyEntry
 *    and snapshots the image with MetadataStm.snapshot / restore;
 *  - the server turns admin requests into commands with MetadataFrontend,
 *    proposes their encodeCommand bytes, and answers from the views;
 *  - the controller loop (on the metadata leader) registers nodes from their
 *    heartbeats (MetadataFrontend.registerNode), and each round computes
 *    liveness and a plan with ControllerPlanner;
 *  - each partition leader's backend drives its group's membership toward
 *    the image with nextMembershipChange; each node's reconciler hosts
 *    assignedPartitions.
 */
export * from './errors.js';
export * from './ids.js';
export * from './limits.js';
export * from './image.js';
export * from './commands.js';
export * from './security-records.js';
export { encodeCommand, decodeCommand } from './command-codec.js';
export { encodeImage, decodeImage } from './image-codec.js';
export { imageViolations } from './image-invariants.js';
export { checkTopicName, INTERNAL_TOPIC_PREFIX } from './topic-name.js';
export { describeTopicConfigs, resolveTopicConfig, TOPIC_CONFIG_KEYS } from './topic-config.js';
export type { NodeTopicDefaults, TopicConfig, TopicConfigEntry, TopicConfigKey, TopicConfigs, TopicConfigSource } from './topic-config.js';
export * as MetadataStm from './metadata-stm.js';
export type { Applied, ApplyResult } from './metadata-stm.js';
export * as MetadataFrontend from './metadata-frontend.js';
export type {
  CreatePartitionsRequest,
  CreateTopicOptions,
  CreateTopicRequest,
  Proposal,
  SetTopicConfigRequest,
} from './metadata-frontend.js';
export { clusterLoad } from './load.js';
export type { NodeLoad } from './load.js';
export { placePartitions, chooseReplacement } from './placement.js';
export type { PlacementNode, PlacementRequest, ReplacementRequest } from './placement.js';
export { admissionLimit, partitionReplicasCount } from './admission.js';
export type { AvailableNodes } from './admission.js';
export { computeLiveness, nodeLiveness } from './liveness.js';
export type { Liveness, LivenessInput, NodeLiveness } from './liveness.js';
export { groupStatuses, inSyncReplicas, reportedMembers } from './group-status.js';
export type { GroupStatus, ReplicaStatus } from './group-status.js';
export { ControllerPlanner } from './controller-planner.js';
export type { ControllerPlan, ControllerPlannerConfig, LeaderTransfer, PartitionAddress, ReplicaMoves } from './controller-planner.js';
export { nextMembershipChange } from './membership-plan.js';
export type { GroupMembershipView } from './membership-plan.js';
export { partitionInfo, topicInfo, broker, nodeStatus, partitionMove } from './views.js';
export { MetadataInvariantError } from './assert.js';
export * as ReassignmentFrontend from './reassignment-frontend.js';
export type { MovePartitionRequest } from './reassignment-frontend.js';
export { partitionMoves } from './move-progress.js';
export type { MovePhase, MoveReason, PartitionMoveProgress } from './move-progress.js';
export { planMoves, stepToward } from './move-planner.js';
export type { MoveCommand, MovePlan, MovePlanInput } from './move-planner.js';
export { nodeState, placeableNodes } from './node-states.js';
export type { NodeState } from './node-states.js';
