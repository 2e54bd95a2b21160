/**
 * The Cluster service's partition moves and decommissions, on the
 * controller: requests become metadata commands (or typed refusals), which
 * the controller's rounds then carry out (src/metadata/move-planner.ts); the
 * list of moves comes from the group reports only the controller holds.
 */
import type { UntypedServiceImplementation } from '@grpc/grpc-js';
import { CairnError } from '../protocol/errors.js';
import { ReassignmentFrontend, partitionMove, partitionMoves, type MetadataCommand, type Proposal } from '../metadata/index.js';
import type { NodeId } from '../raft/index.js';
import { metadataCairnError, notControllerError, type ClusterServiceDeps } from './cluster-service.js';
import { unary } from './unary.js';

/** A node id from the wire: uint32, where 0 names no node. */
function nodeId(value: number): NodeId {
  if (value === 0) throw new CairnError('UNKNOWN_NODE', 'node id 0 names no node');
  return value as NodeId;
}

export function partitionMoveHandlers(deps: ClusterServiceDeps): UntypedServiceImplementation {
  const requireController = (): void => {
    if (!deps.isController()) throw notControllerError('partition moves are made by the controller', deps.controllerId(), deps.image());
  };
  const submit = async <C extends MetadataCommand>(proposal: Proposal<C | null>): Promise<boolean> => {
    if (!proposal.ok) throw metadataCairnError(proposal.error);
    if (proposal.command === null) return false;
    await deps.propose(proposal.command);
    return true;
  };
  const live = () => deps.view.liveness().live;

  return {
    MovePartition: unary(async (request: { topic: string; partition: number; replicas: number[] }) => {
      requireController();
      const move = { topic: request.topic, partition: request.partition, replicas: request.replicas as NodeId[] };
      return { moving: await submit(ReassignmentFrontend.movePartition(move, deps.image(), live())) };
    }),
    ListPartitionMoves: unary(() => {
      requireController();
      return { moves: partitionMoves(deps.image(), deps.view.groupStatuses()).map(partitionMove) };
    }),
    DecommissionNode: unary(async (request: { nodeId: number }) => {
      requireController();
      await submit(ReassignmentFrontend.decommissionNode(nodeId(request.nodeId), deps.image(), live()));
      return {};
    }),
    RecommissionNode: unary(async (request: { nodeId: number }) => {
      requireController();
      await submit(ReassignmentFrontend.recommissionNode(nodeId(request.nodeId), deps.image()));
      return {};
    }),
  };
}
