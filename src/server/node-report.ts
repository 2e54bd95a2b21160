/** What this node tells the controller about itself and the groups it hosts. */
import type { GroupReport } from '../gen/cairn/v1/cluster/GroupReport.js';
import type { NodeReport } from '../gen/cairn/v1/cluster/NodeReport.js';
import type { MultiRaftHost } from '../host/multi-raft-host.js';
import type { GroupId } from '../metadata/index.js';
import type { FollowerStatus, LogIndex } from '../raft/index.js';
import { Role } from '../raft/index.js';

export interface NodeAddresses {
  readonly nodeId: number;
  readonly clusterId: string;
  readonly incarnation: string;
  readonly clientAddress: string;
  readonly peerAddress: string;
  readonly rack: string;
  /** What this node admits: cores × partitionsPerCore partition replicas. */
  readonly cores: number;
  readonly partitionsPerCore: number;
}

/**
 * In sync: holds everything committed, its node is live (a quiet leader sends nothing, so neither
 * its progress nor check-quorum notices a dead follower: node liveness does), and it is either
 * heard from this check-quorum round or being streamed to (an unreachable peer drops back to
 * probe, which clears this).
 */
export function followerInSync(follower: FollowerStatus, commit: LogIndex, nodeLive: boolean): boolean {
  return nodeLive && follower.match >= commit && (follower.recentActive || follower.state === 'replicate');
}

/** A partition's state a leader reports: its high watermark and log size, which any node then learns from the controller's replies. */
export interface ReportedPartition {
  readonly stm: { readonly highWatermark: bigint; readonly segments: { bytes(): number } };
}

export function nodeReport(
  self: NodeAddresses,
  host: MultiRaftHost,
  flags: { draining: boolean; wantsOffsetsTopic: boolean },
  partitionOf: (group: GroupId) => ReportedPartition | undefined = () => undefined,
): NodeReport {
  const groups: GroupReport[] = [];
  for (const id of host.groupIds()) {
    const status = host.group(id)!.raw.status();
    const leading = status.role === Role.Leader;
    const partition = leading ? partitionOf(id) : undefined;
    groups.push({
      group: id,
      leader: status.lead,
      term: String(status.term),
      commit: String(status.commit),
      lastIndex: String(status.lastIndex),
      replicas: leading
        ? [...status.progress].map(([node, pr]) => ({
            nodeId: node,
            match: String(pr.match),
            inSync: node === self.nodeId || followerInSync(pr, status.commit, host.isPeerLive(node)),
          }))
        : [],
      highWatermark: String(partition?.stm.highWatermark ?? 0n),
      logBytes: String(partition?.stm.segments.bytes() ?? 0),
    });
  }
  return {
    node: { nodeId: self.nodeId, clusterId: self.clusterId, incarnation: self.incarnation },
    clientAddress: self.clientAddress,
    peerAddress: self.peerAddress,
    rack: self.rack,
    cores: self.cores,
    partitionsPerCore: self.partitionsPerCore,
    groups,
    draining: flags.draining,
    wantsOffsetsTopic: flags.wantsOffsetsTopic,
  };
}
