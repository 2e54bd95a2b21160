/**
 * Makes this node host what the metadata image assigns it. It starts the
 * replicas of partitions assigned here, deletes the ones the controller says
 * were handed over, and, on partitions this node leads, moves the Raft
 * membership toward the assignment one server at a time.
 */
import type { Logger } from 'pino';
import type { MultiRaftHost } from '../host/multi-raft-host.js';
import type { RaftGroup } from '../host/raft-group.js';
import type { GroupStateMachine } from '../host/state-machine.js';
import { ProposalError } from '../host/state-machine.js';
import type { GroupId, MetadataImage, PartitionRecord, TopicRecord } from '../metadata/index.js';
import { METADATA_GROUP, assignedPartitions, nextMembershipChange } from '../metadata/index.js';
import type { NodeId } from '../raft/index.js';
import { Role } from '../raft/index.js';

/** A learner this close to the leader's last index is promoted to voter. */
const LEARNER_LAG_MAX = 64;
/** Replicas created at once: enough to share fsyncs, few enough to bound the memory of one round. */
const CREATE_CONCURRENCY = 256;

export interface ReconcilerOptions {
  readonly nodeId: NodeId;
  readonly host: MultiRaftHost;
  readonly image: () => MetadataImage;
  readonly createStm: (topic: TopicRecord, partition: PartitionRecord) => GroupStateMachine;
  /** A partition replica is now hosted here, or no longer is. */
  readonly onHosted: (topic: TopicRecord, partition: PartitionRecord, group: RaftGroup) => void;
  readonly onRetired: (group: GroupId) => void;
  readonly logger: Logger;
}

export class Reconciler {
  private running: Promise<void> | undefined;
  private again = false;

  constructor(private readonly options: ReconcilerOptions) {}

  /** Brings hosted groups in line with the image; calls made while one runs coalesce into one more run. */
  reconcile(): Promise<void> {
    if (this.running !== undefined) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.hostAssigned();
        this.driveMembership();
      } while (this.again);
    })().finally(() => (this.running = undefined));
    return this.running;
  }

  /**
   * Hosts every replica assigned here and not yet hosted, CREATE_CONCURRENCY at a time: their
   * storage writes then gather into shared batches (group commit), so a topic of thousands of
   * partitions costs a few fsyncs, not two per partition.
   */
  private async hostAssigned(): Promise<void> {
    const { host, nodeId } = this.options;
    const missing = assignedPartitions(this.options.image(), nodeId).filter(({ partition }) => host.group(partition.group) === undefined);
    for (let start = 0; start < missing.length; start += CREATE_CONCURRENCY) {
      await Promise.all(missing.slice(start, start + CREATE_CONCURRENCY).map(({ topic, partition }) => this.host(topic, partition)));
    }
  }

  private async host(topic: TopicRecord, partition: PartitionRecord): Promise<void> {
    // Founding replicas bootstrap the group; replicas added later start empty and are sent the log.
    const founding = partition.epoch === 0;
    const group = await this.options.host.createGroup(partition.group, {
      stm: this.options.createStm(topic, partition),
      ...(founding && { bootstrapVoters: partition.replicas, campaign: partition.replicas[0] === this.options.nodeId }),
      // Only a partition's leader answers reads and produces, so its followers can learn commit with the next entry.
      broadcastCommit: false,
    });
    this.options.onHosted(topic, partition, group);
    this.options.logger.debug({ topic: topic.name, partition: partition.partition, group: partition.group, founding }, 'hosting partition replica');
  }

  /**
   * Deletes replicas the controller says this node no longer holds. All at once: their deletion
   * marks then share one durable write rather than one fsync each (a deleted topic's partitions
   * arrive together), and storage clears their keys one group at a time, beside the write path.
   */
  async retire(groups: readonly number[]): Promise<void> {
    // A controller may lag this node's image: never drop a replica the image here still assigns to this node.
    const assigned = new Set(assignedPartitions(this.options.image(), this.options.nodeId).map((ref) => ref.partition.group as number));
    const removals: Promise<void>[] = [];
    for (const group of new Set(groups)) {
      if (group === METADATA_GROUP || assigned.has(group) || this.options.host.group(group as GroupId) === undefined) continue;
      this.options.logger.info({ group }, 'retiring partition replica');
      this.options.onRetired(group as GroupId);
      removals.push(this.options.host.removeGroup(group as GroupId));
    }
    await Promise.all(removals);
  }

  private driveMembership(): void {
    const { host } = this.options;
    for (const topic of this.options.image().topics.values()) {
      for (const partition of topic.partitions) {
        const group = host.group(partition.group);
        if (group === undefined) continue;
        const status = group.raw.status();
        if (status.role !== Role.Leader) continue;
        const change = nextMembershipChange(partition.replicas, status, LEARNER_LAG_MAX);
        if (change === null) continue;
        group.proposeConfChange(change).then(
          () => this.options.logger.info({ group: partition.group, change }, 'partition membership changed'),
          (error: unknown) => {
            // Refusals are expected while another change is pending; the next round retries.
            if (!(error instanceof ProposalError)) this.options.logger.warn({ err: error, group: partition.group }, 'membership change failed');
          },
        );
      }
    }
  }
}
