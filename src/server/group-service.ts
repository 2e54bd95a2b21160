/**
 * The public Groups service: finds a group's coordinator, and on the
 * coordinator runs heartbeats, offset commits and fetches, and group admin.
 */
import { randomUUID } from 'node:crypto';
import type { UntypedServiceImplementation } from '@grpc/grpc-js';
import { CairnError } from '../client/errors.js';
import type { CommitOffsetsRequest__Output } from '../gen/cairn/v1/CommitOffsetsRequest.js';
import type { CommittedOffset } from '../gen/cairn/v1/CommittedOffset.js';
import type { DescribeGroupResponse } from '../gen/cairn/v1/DescribeGroupResponse.js';
import type { FetchOffsetsRequest__Output } from '../gen/cairn/v1/FetchOffsetsRequest.js';
import type { GroupHeartbeatRequest__Output } from '../gen/cairn/v1/GroupHeartbeatRequest.js';
import type { GroupHeartbeatResponse } from '../gen/cairn/v1/GroupHeartbeatResponse.js';
import type { PartitionCounts } from '../groups/assignors.js';
import type { ConsumerGroup } from '../groups/consumer-group.js';
import type { GroupCoordinator } from '../groups/group-coordinator.js';
import { fromWire, keys, toWire } from '../groups/partitions.js';
import type { NodeId } from '../raft/index.js';
import { unary } from './unary.js';

const UINT64_MAX = (1n << 64n) - 1n;

export interface GroupServiceDeps {
  readonly coordinator: GroupCoordinator;
  readonly nodeId: NodeId;
  /** This node's client address, for FindCoordinator answered here. */
  readonly advertisedAddress: string;
  readonly nowMs: () => number;
}

function committed(group: ConsumerGroup | undefined, wanted: FetchOffsetsRequest__Output['partitions']): CommittedOffset[] {
  const offsets = group?.offsets ?? new Map();
  if (wanted.length === 0) {
    return [...offsets.values()].map((o) => ({ topic: o.topic, partition: o.partition, offset: o.offset, metadata: o.metadata, commitTimestampMs: String(o.commitMs) }));
  }
  return [...keys(fromWire(wanted))].map((key) => {
    const o = offsets.get(key);
    const cut = key.lastIndexOf('\u0000');
    const base = { topic: key.slice(0, cut), partition: Number(key.slice(cut + 1)) };
    return o === undefined ? { ...base, offset: '-1', metadata: '', commitTimestampMs: '0' } : { ...base, offset: o.offset, metadata: o.metadata, commitTimestampMs: String(o.commitMs) };
  });
}

function describe(groupId: string, group: ConsumerGroup | undefined, counts: PartitionCounts, coordinator: NodeId): DescribeGroupResponse {
  if (group === undefined) throw new CairnError('GROUP_ID_NOT_FOUND', `group "${groupId}" has no members and no committed offsets`);
  return {
    groupId,
    state: group.state(counts),
    groupEpoch: group.epoch,
    assignor: group.assignor(),
    coordinator,
    members: [...group.members.values()].map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.instanceId,
      memberEpoch: m.epoch,
      subscribedTopics: [...m.subscribed],
      assignment: toWire(m.assigned),
      revoking: toWire(m.revoking),
      target: toWire(group.targetOf(m.memberId, counts)),
    })),
    offsets: committed(group, []),
  };
}

function checkOffset(text: string, where: string): bigint {
  const offset = BigInt(text);
  if (offset < 0n || offset > UINT64_MAX) throw new CairnError('INVALID_REQUEST', `${where}: offset out of range`);
  return offset;
}

export function groupServiceHandlers(deps: GroupServiceDeps): UntypedServiceImplementation {
  const { coordinator } = deps;
  return {
    FindCoordinator: unary((request: { groupId: string }) => {
      const where = coordinator.locate(request.groupId);
      return where === 'here' ? { nodeId: deps.nodeId, address: deps.advertisedAddress } : where;
    }),
    Heartbeat: unary(
      (request: GroupHeartbeatRequest__Output): Promise<GroupHeartbeatResponse> =>
        coordinator.run(request.groupId, (group, counts) => {
          const out = group.heartbeat(
            {
              memberId: request.memberId,
              memberEpoch: request.memberEpoch,
              instanceId: request.groupInstanceId,
              subscribed: request.subscribedTopics,
              assignor: request.assignor,
              sessionTimeoutMs: request.sessionTimeoutMs,
              owned: fromWire(request.ownedPartitions),
            },
            deps.nowMs(),
            counts,
            randomUUID,
          );
          return { ...out, assignment: toWire(out.assignment) };
        }),
    ),
    CommitOffsets: unary(async (request: CommitOffsetsRequest__Output) => {
      const offsets = request.offsets.map((o, i) => {
        if (o.topic === '') throw new CairnError('INVALID_REQUEST', `offsets[${i}]: topic is empty`);
        return { topic: o.topic, partition: o.partition, offset: checkOffset(o.offset, `offsets[${i}]`), metadata: o.metadata };
      });
      await coordinator.run(request.groupId, (group) => group.commit(request.memberId, request.memberEpoch, offsets, deps.nowMs()));
      return {};
    }),
    FetchOffsets: unary((request: FetchOffsetsRequest__Output) =>
      coordinator.read(request.groupId, (group) => ({ offsets: committed(group, request.partitions) })),
    ),
    ListGroups: unary(async () => {
      const groups = await coordinator.localGroups();
      return {
        groups: groups.map((g) => ({ groupId: g.groupId, state: g.state(coordinator.counts), members: g.members.size, coordinator: deps.nodeId })),
      };
    }),
    DescribeGroup: unary((request: { groupId: string }) =>
      coordinator.read(request.groupId, (group, counts) => describe(request.groupId, group, counts, deps.nodeId)),
    ),
    DeleteGroup: unary(async (request: { groupId: string }) => {
      await coordinator.run(request.groupId, (group) => {
        if (group.isEmpty) throw new CairnError('GROUP_ID_NOT_FOUND', `group "${request.groupId}" does not exist`);
        group.delete();
      });
      return {};
    }),
  };
}

