/**
 * Who leads each group and which nodes are live, as this node knows it: the
 * controller's own view when this node is the controller, otherwise what the
 * controller said in its last heartbeat reply.
 */
import type { HeartbeatReply__Output } from '../gen/cairn/v1/cluster/HeartbeatReply.js';
import type { GroupId, GroupStatus, Liveness, MetadataImage } from '../metadata/index.js';
import type { NodeId } from '../raft/index.js';
import type { Controller } from './controller.js';

export class ClusterView {
  private statuses = new Map<GroupId, GroupStatus>();
  private liveNodes = new Set<NodeId>();

  constructor(
    private readonly controller: Controller,
    private readonly image: () => MetadataImage,
  ) {}

  update(reply: HeartbeatReply__Output): void {
    this.statuses = new Map(
      reply.leaders.map((l) => [
        l.group as GroupId,
        {
          group: l.group as GroupId,
          leader: l.leader as NodeId,
          term: Number(l.term),
          lastIndex: 0,
          fromLeader: true,
          replicas: l.inSync.map((node) => ({ node: node as NodeId, match: 0, inSync: true })),
          highWatermark: BigInt(l.highWatermark),
          logBytes: Number(l.logBytes),
        },
      ]),
    );
    this.liveNodes = new Set(reply.liveNodes as NodeId[]);
  }

  groupStatuses(): ReadonlyMap<GroupId, GroupStatus> {
    return this.controller.active ? this.controller.groupStatuses() : this.statuses;
  }

  liveness(): Liveness {
    if (this.controller.active) return this.controller.liveness();
    const nodes = new Map([...this.image().nodes.keys()].map((id) => [id, { live: this.liveNodes.has(id), lastSeenMsAgo: 0 }]));
    return { nodes, live: this.liveNodes };
  }
}
