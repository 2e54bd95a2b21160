/**
 * Samples the node's state into the broker's gauges once a control round:
 * partitions led and under-replicated, follower lag, log sizes, elections
 * and leader changes, consumer group lag and members (on the coordinator),
 * the controller's view of nodes, pending replica moves and the admission
 * limit, disk space. Series of deleted topics, and of groups no longer
 * coordinated here, are dropped, so churn leaves none behind.
 * Reading state a round at a time keeps every cost off the data path.
 */
import { statfs } from 'node:fs/promises';
import type { ConsumerGroup } from '../groups/consumer-group.js';
import { partitionKey } from '../groups/partitions.js';
import type { MultiRaftHost } from '../host/multi-raft-host.js';
import type { HostTransport } from '../host/ports.js';
import type { GroupId, GroupStatus, Liveness, MetadataImage } from '../metadata/index.js';
import { admissionLimit, allPartitions, partitionReplicasCount } from '../metadata/index.js';
import type { BrokerMetrics, PartitionGauges } from '../observability/broker-metrics.js';
import type { Term } from '../raft/index.js';
import { Role } from '../raft/index.js';
import type { StorageStats } from '../storage/index.js';
import { followerInSync } from './node-report.js';
import type { HostedPartition } from './partition-registry.js';

export interface NodeMetricsSources {
  readonly host: MultiRaftHost;
  readonly hosted: () => Iterable<HostedPartition>;
  readonly image: () => MetadataImage;
  readonly controllerActive: () => boolean;
  /**
   * Who leads each group, with each partition's high watermark as its leader
   * reported it: the controller's own view on the active controller, else
   * what its last heartbeat reply said.
   */
  readonly groupStatuses: () => ReadonlyMap<GroupId, GroupStatus>;
  readonly liveness: () => Liveness;
  /** The consumer groups this node coordinates. */
  readonly localGroups: () => Promise<readonly ConsumerGroup[]>;
  readonly storageStats: () => StorageStats;
  readonly dataDir: string;
}

export class NodeMetricsSampler {
  /** Per hosted group: the term and leader last seen, to count elections and leader changes between samples. */
  private readonly seen = new Map<GroupId, { term: Term; lead: number }>();
  private readonly groupEpochs = new Map<string, number>();
  private bytesWritten = 0;

  constructor(
    private readonly metrics: BrokerMetrics,
    private readonly sources: NodeMetricsSources,
  ) {}

  async sample(ready: boolean): Promise<void> {
    this.metrics.nodeReady.set(ready ? 1 : 0);
    this.sampleRaft();
    this.samplePartitions();
    this.sampleController();
    this.sampleStorageTotals();
    const topics = this.sources.image().topics;
    this.metrics.forgetTopics((topic) => topics.has(topic));
    await Promise.all([this.sampleGroups(), this.sampleDisk()]);
  }

  /** Terms only grow, so new terms count every election even between samples; leader changes are seen a round at a time. */
  private sampleRaft(): void {
    const { host } = this.sources;
    const ids = new Set(host.groupIds());
    for (const id of ids) {
      const status = host.group(id)!.raw.basicStatus();
      // A group first seen counts from term 0: its series starts at the elections it had, as a counter may.
      const before = this.seen.get(id) ?? { term: 0, lead: 0 };
      this.seen.set(id, { term: status.term, lead: status.lead });
      if (status.term > before.term) this.metrics.raftElections.inc(status.term - before.term);
      if (status.lead !== before.lead && status.lead !== 0) {
        this.metrics.raftLeadershipChanges.inc();
        if (status.role === Role.Leader) this.metrics.raftLeadershipsAcquired.inc();
      }
    }
    for (const id of this.seen.keys()) if (!ids.has(id)) this.seen.delete(id);
  }

  private samplePartitions(): void {
    const rows: PartitionGauges[] = [];
    for (const { topic, partition, group, stm } of this.sources.hosted()) {
      // Only a leader has its followers' progress; the full status copies it, so followers skip it.
      const led = group.raw.basicStatus().role === Role.Leader;
      let underReplicated = false;
      let followerLag = 0;
      if (led) {
        const status = group.raw.status();
        for (const voter of status.conf.voters) {
          const follower = status.progress.get(voter);
          if (voter === status.id || follower === undefined) continue;
          if (!followerInSync(follower, status.commit, this.sources.host.isPeerLive(voter))) underReplicated = true;
          followerLag = Math.max(followerLag, status.lastIndex - follower.match);
        }
      }
      rows.push({ topic, partition, led, underReplicated, followerLag, logBytes: stm.segments.bytes() });
    }
    this.metrics.setPartitionState(rows);
  }

  /** Offline partitions, nodes and pending moves are the controller's to say: elsewhere the gauges are empty. */
  private sampleController(): void {
    const active = this.sources.controllerActive();
    this.metrics.controllerActive.set(active ? 1 : 0);
    this.metrics.controllerNodes.reset();
    this.metrics.replicaMovesPending.set(0);
    this.metrics.partitionReplicas.set(0);
    this.metrics.partitionReplicasLimit.set(0);
    if (!active) {
      this.metrics.partitionsOffline.reset();
      return;
    }
    const image = this.sources.image();
    const liveness = this.sources.liveness();
    const statuses = this.sources.groupStatuses();
    const partitions = allPartitions(image);
    this.metrics.setOffline(
      partitions.map(({ topic, partition }) => {
        const leader = statuses.get(partition.group)?.leader;
        return { topic: topic.name, partition: partition.partition, offline: leader === undefined || !liveness.live.has(leader) };
      }),
    );
    this.metrics.controllerNodes.set({ state: 'live' }, liveness.live.size);
    this.metrics.controllerNodes.set({ state: 'dead' }, liveness.nodes.size - liveness.live.size);
    const stuck = partitions.filter(({ partition }) => partition.replicas.some((id) => !liveness.live.has(id))).length;
    this.metrics.replicaMovesPending.set(stuck);
    this.metrics.partitionReplicas.set(partitionReplicasCount(image));
    const live = [...liveness.live].flatMap((id) => image.nodes.get(id) ?? []);
    this.metrics.partitionReplicasLimit.set(admissionLimit(live));
  }

  private sampleStorageTotals(): void {
    const { bytesWritten } = this.sources.storageStats();
    this.metrics.storageWrittenBytes.inc(Math.max(0, bytesWritten - this.bytesWritten));
    this.bytesWritten = bytesWritten;
  }

  /**
   * Lag per group and topic: each partition's high watermark less the
   * group's committed offset, for every partition the group committed, held
   * here or not. A partition's high watermark is the larger of two that can
   * only trail the leader's own: this node's replica's, and the one its
   * leader reported to the controller (relayed to every node once a round,
   * so a second or two old). Trailing only understates lag, and costs no
   * request to any leader.
   */
  private async sampleGroups(): Promise<void> {
    const groups = await this.sources.localGroups();
    const highWatermarks = new Map<string, bigint>();
    const image = this.sources.image();
    const statuses = this.sources.groupStatuses();
    for (const topic of image.topics.values()) {
      for (const { partition, group } of topic.partitions) {
        const reported = statuses.get(group);
        if (reported !== undefined) highWatermarks.set(partitionKey(topic.name, partition), reported.highWatermark);
      }
    }
    for (const { topic, partition, stm } of this.sources.hosted()) {
      const key = partitionKey(topic, partition);
      const reported = highWatermarks.get(key);
      if (reported === undefined || stm.highWatermark > reported) highWatermarks.set(key, stm.highWatermark);
    }
    this.metrics.groupLag.reset();
    this.metrics.groupMembers.reset();
    for (const group of groups) {
      const labels = { group: group.groupId };
      this.metrics.groupMembers.set(labels, group.members.size);
      const before = this.groupEpochs.get(group.groupId) ?? 0;
      if (group.epoch > before) this.metrics.groupRebalances.inc(labels, group.epoch - before);
      this.groupEpochs.set(group.groupId, group.epoch);
      const lagByTopic = new Map<string, bigint>();
      for (const committed of group.offsets.values()) {
        const end = highWatermarks.get(partitionKey(committed.topic, committed.partition));
        if (end === undefined) continue;
        const lag = end - BigInt(committed.offset);
        lagByTopic.set(committed.topic, (lagByTopic.get(committed.topic) ?? 0n) + (lag > 0n ? lag : 0n));
      }
      for (const [topic, lag] of lagByTopic) this.metrics.groupLag.set({ group: group.groupId, topic }, Number(lag));
    }
    // A group deleted, expired or coordinated elsewhere now: its rebalance count is no longer this node's to keep.
    const local = new Set(groups.map((group) => group.groupId));
    for (const groupId of this.groupEpochs.keys()) {
      if (local.has(groupId)) continue;
      this.groupEpochs.delete(groupId);
      this.metrics.groupRebalances.remove({ group: groupId });
    }
  }

  private async sampleDisk(): Promise<void> {
    const fs = await statfs(this.sources.dataDir);
    this.metrics.diskFreeBytes.set(fs.bavail * fs.bsize);
    this.metrics.diskSizeBytes.set(fs.blocks * fs.bsize);
  }
}

/** The host's transport, counting the snapshots it sends by whether the follower took them. */
export function countSnapshotsSent(transport: HostTransport, metrics: BrokerMetrics): HostTransport {
  return {
    send: (to, envelopes) => transport.send(to, envelopes),
    flush: () => transport.flush(),
    sendSnapshot: async (to, group, message) => {
      const ok = await transport.sendSnapshot(to, group, message).catch((error: unknown) => {
        metrics.snapshotsSent.inc({ result: 'failed' });
        throw error;
      });
      metrics.snapshotsSent.inc({ result: ok ? 'ok' : 'failed' });
      return ok;
    },
  };
}
