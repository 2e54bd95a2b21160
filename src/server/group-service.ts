/**
 * The public Groups service: finds a group's coordinator, and on the
 * coordinator runs heartbeats, offset commits and fetches, and group admin.
 */
import { randomUUID } from 'node:crypto';
import type { UntypedServiceImplementation } from '@grpc/grpc-js';
import { CairnError } from '../protocol/errors.js';
import type { CommitOffsetsRequest__Output } from '../gen/cairn/v1/CommitOffsetsRequest.js';
import type { CommittedOffset } from '../gen/cairn/v1/CommittedOffset.js';
import type { DescribeGroupResponse } from '../gen/cairn/v1/DescribeGroupResponse.js';
import type { FetchOffsetsRequest__Output } from '../gen/cairn/v1/FetchOffsetsRequest.js';
import type { GroupHeartbeatRequest__Output } from '../gen/cairn/v1/GroupHeartbeatRequest.js';
import type { GroupHeartbeatResponse } from '../gen/cairn/v1/GroupHeartbeatResponse.js';
import type { PartitionCounts } from '../groups/assignors.js';
import type { CommittedOffset as StoredOffset, ConsumerGroup } from '../groups/consumer-group.js';
import type { GroupCoordinator } from '../groups/group-coordinator.js';
import { checkPartitionCount, parseCommittedOffset } from '../groups/limits.js';
import { fromWire, keys, partitionKey, toWire } from '../groups/partitions.js';
import type { TopicDirectory } from '../groups/topic-directory.js';
import { offsetTopicState } from '../groups/topic-directory.js';
import type { NodeId } from '../raft/index.js';
import { unary } from './unary.js';

export interface GroupServiceDeps {
  readonly coordinator: GroupCoordinator;
  readonly nodeId: NodeId;
  /** This node's client address, for FindCoordinator answered here. */
  readonly advertisedAddress: string;
  readonly nowMs: () => number;
}

const toWireOffset = (o: StoredOffset): CommittedOffset => ({
  topic: o.topic,
  partition: o.partition,
  offset: o.offset,
  metadata: o.metadata,
  commitTimestampMs: String(o.commitMs),
});

/** The group's offsets on these partitions (all when none are named); a deleted topic's offsets count as never committed. */
function committed(group: ConsumerGroup | undefined, wanted: FetchOffsetsRequest__Output['partitions'], topics: TopicDirectory): CommittedOffset[] {
  const live = new Map((group?.liveOffsets(topics) ?? []).map((o) => [partitionKey(o.topic, o.partition), o]));
  if (wanted.length === 0) return [...live.values()].map(toWireOffset);
  return [...keys(fromWire(wanted))].map((key) => {
    const o = live.get(key);
    const cut = key.lastIndexOf('\u0000');
    return o === undefined ? { topic: key.slice(0, cut), partition: Number(key.slice(cut + 1)), offset: '-1', metadata: '', commitTimestampMs: '0' } : toWireOffset(o);
  });
}

/**
 * A group as DescribeGroup shows it. Its offsets are those of topics that
 * exist in this node's image: the caller looks up each one's end offset,
 * which it could not for a deleted topic.
 */
function describe(groupId: string, group: ConsumerGroup | undefined, counts: PartitionCounts, topics: TopicDirectory, coordinator: NodeId): DescribeGroupResponse {
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
    offsets: [...group.offsets.values()].filter((o) => offsetTopicState(topics, o.topic, o.topicId) === 'current').map(toWireOffset),
  };
}

const partitionsIn = (list: readonly { partitions: readonly number[] }[]): number => list.reduce((n, t) => n + t.partitions.length, 0);

export function groupServiceHandlers(deps: GroupServiceDeps): UntypedServiceImplementation {
  const { coordinator } = deps;
  return {
    FindCoordinator: unary((request: { groupId: string }) => {
      const where = coordinator.locate(request.groupId);
      return where === 'here' ? { nodeId: deps.nodeId, address: deps.advertisedAddress } : where;
    }),
    Heartbeat: unary(
      (request: GroupHeartbeatRequest__Output): Promise<GroupHeartbeatResponse> => {
        checkPartitionCount(partitionsIn(request.ownedPartitions), 'ownedPartitions');
        return coordinator.run(request.groupId, (group, counts) => {
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
        });
      },
    ),
    CommitOffsets: unary(async (request: CommitOffsetsRequest__Output) => {
      checkPartitionCount(request.offsets.length, 'the commit');
      const offsets = request.offsets.map((o, i) => {
        if (o.topic === '') throw new CairnError('INVALID_REQUEST', `offsets[${i}]: topic is empty`);
        return { topic: o.topic, partition: o.partition, offset: parseCommittedOffset(o.offset, `offsets[${i}]`), metadata: o.metadata };
      });
      await coordinator.run(request.groupId, (group, _counts, topics) => group.commit(request.memberId, request.memberEpoch, offsets, deps.nowMs(), topics));
      return {};
    }),
    FetchOffsets: unary((request: FetchOffsetsRequest__Output) => {
      checkPartitionCount(partitionsIn(request.partitions), 'the fetch');
      return coordinator.read(request.groupId, (group, _counts, topics) => ({ offsets: committed(group, request.partitions, topics) }));
    }),
    ListGroups: unary(async () => {
      const groups = await coordinator.localGroups();
      return {
        groups: groups.map((g) => ({ groupId: g.groupId, state: g.state(coordinator.counts), members: g.members.size, coordinator: deps.nodeId })),
      };
    }),
    DescribeGroup: unary((request: { groupId: string }) =>
      coordinator.read(request.groupId, (group, counts, topics) => describe(request.groupId, group, counts, topics, deps.nodeId)),
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

