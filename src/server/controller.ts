/**
 * The controller runs on whichever node leads the metadata group. Nodes
 * report to it every second; from those reports it keeps liveness and the
 * leadership of every group, registers the nodes the cluster admits (see
 * peer-admission.ts) and refuses every other report, moves replicas off nodes that
 * stay dead, carries out operator moves and decommissions one replica at a
 * time, and balances leadership toward preferred leaders (never toward
 * a node that reports itself draining). Its requests
 * to nodes ride on heartbeat replies, so it needs no connections of its own.
 */
import type { GroupLeader__Output } from '../gen/cairn/v1/cluster/GroupLeader.js';
import type { HeartbeatReply__Output } from '../gen/cairn/v1/cluster/HeartbeatReply.js';
import type { NodeReport__Output } from '../gen/cairn/v1/cluster/NodeReport.js';
import type { GroupId, GroupStatus, Liveness, MetadataCommand, MetadataImage } from '../metadata/index.js';
import { ControllerPlanner, MetadataFrontend, groupStatuses, inSyncReplicas, placeableNodes } from '../metadata/index.js';
import { OFFSETS_TOPIC, OFFSETS_TOPIC_CONFIGS, OFFSETS_TOPIC_PARTITIONS } from '../groups/group-coordinator.js';
import type { NodeId } from '../raft/index.js';
import type { Logger } from 'pino';
import { RefusalLog, clipped } from '../transport/index.js';
import type { PeerRefusal } from '../transport/index.js';
import { admitNode } from './peer-admission.js';

export interface ControllerOptions {
  readonly nodeDeadAfterMs: number;
  readonly replicaMoveAfterMs: number;
  readonly image: () => MetadataImage;
  /** Proposes a metadata command through the metadata group; resolves once applied. */
  readonly propose: (command: MetadataCommand) => Promise<unknown>;
  readonly now: () => number;
  readonly logger: Logger;
  /** The offsets topic is created with this replication factor once that many nodes are live. */
  readonly offsetsReplicationFactor: number;
  /** Nodes admitted before they register: the founding configuration (see peer-admission.ts). */
  readonly foundingMembers: ReadonlySet<NodeId>;
  /** Told of each replica move committed (for metrics). */
  readonly onReplicaMoved?: () => void;
}

/** What the operator of a refused node can do, in the refusal the node logs. */
const REFUSAL_ADVICE: Record<PeerRefusal, string> = {
  'wrong-cluster': 'Start the node with the cluster id of the cluster it should join.',
  'invalid-node-id': 'Give the node an id from 1 to 4294967295.',
  'not-a-member': 'Add it to the peers list of the running nodes and restart them one at a time (docs/operations.md, "Peer admission").',
  'replaced-data': 'Its data directory was replaced: restore its data, or give the node a new id.',
  'wrong-node': 'The node answered under another id.',
  'not-a-node-certificate': 'Give the node a certificate naming it (scripts/gen-certs.sh node:ID; docs/security.md, "Transport security").',
  'certificate-mismatch': 'The node claims another id than its certificate names: give it its own certificate.',
};

/** A refused report: nothing about the cluster goes back, and the node is neither heard nor registered. */
function refused(error: string): HeartbeatReply__Output {
  return { accepted: false, controllerHint: 0, error, transfers: [], retireGroups: [], leaders: [], liveNodes: [] };
}

export class Controller {
  private readonly planner: ControllerPlanner;
  private readonly lastHeartbeatMs = new Map<NodeId, number>();
  private readonly reports = new Map<NodeId, NodeReport__Output>();
  /** Transfers waiting to be handed to the node that leads each group. */
  private transfers = new Map<NodeId, { group: number; to: number }[]>();
  private activeSinceMs: number | undefined;
  private registering = new Set<NodeId>();
  private creatingOffsetsTopic = false;
  /** The stranded partitions last logged, so a stalled decommission logs once per change. */
  private strandedLogged = '';
  /** A stranger repeating reports must not fill the log. */
  private readonly refusalLog: RefusalLog;

  constructor(private readonly options: ControllerOptions) {
    this.refusalLog = new RefusalLog(options.logger, 'more node reports refused than were logged', options.now);
    this.planner = new ControllerPlanner({
      nodeDeadAfterMs: options.nodeDeadAfterMs,
      replicaMoveAfterMs: options.replicaMoveAfterMs,
      replicaMovesPerRoundMax: 64,
      leaderTransfersPerRoundMax: 16,
    });
  }

  get active(): boolean {
    return this.activeSinceMs !== undefined;
  }

  /** This node became (or stopped being) the metadata leader. A new controller starts with no history. */
  setActive(active: boolean): void {
    if (active === this.active) return;
    this.activeSinceMs = active ? this.options.now() : undefined;
    this.lastHeartbeatMs.clear();
    this.reports.clear();
    this.transfers.clear();
  }

  liveness(): Liveness {
    const now = this.options.now();
    return this.planner.liveness(this.options.image(), this.lastHeartbeatMs, now, this.activeSinceMs ?? now);
  }

  groupStatuses(): Map<GroupId, GroupStatus> {
    const live = this.liveness().live;
    return groupStatuses([...this.reports.values()].filter((r) => live.has((r.node?.nodeId ?? 0) as NodeId)));
  }

  heartbeat(report: NodeReport__Output): HeartbeatReply__Output {
    const image = this.options.image();
    if (report.node === null) return refused('invalid-node-id: the report does not say which node sent it');
    const id = report.node.nodeId as NodeId;
    const verdict = admitNode(report.node, image, this.options.foundingMembers);
    if (!verdict.ok) {
      const error = `${verdict.refusal}: ${verdict.reason}. ${REFUSAL_ADVICE[verdict.refusal]}`;
      this.refusalLog.refused(verdict.refusal, { node: id, refusal: verdict.refusal, address: clipped(report.peerAddress) }, 'node report refused');
      return refused(error);
    }
    this.lastHeartbeatMs.set(id, this.options.now());
    this.reports.set(id, report);
    this.registerIfNeeded(report, image);
    // Planned from earlier reports: the target may have started draining since, or be unheard by this new controller.
    const transfers = (this.transfers.get(id) ?? []).filter((t) => this.reports.get(t.to as NodeId)?.draining === false);
    this.transfers.delete(id);
    return {
      accepted: true,
      controllerHint: 0,
      error: '',
      transfers,
      retireGroups: this.retirements(report, image),
      leaders: this.leaders(),
      liveNodes: [...this.liveness().live],
    };
  }

  private registerIfNeeded(report: NodeReport__Output, image: MetadataImage): void {
    const id = (report.node?.nodeId ?? 0) as NodeId;
    if (this.registering.has(id)) return;
    const proposal = MetadataFrontend.registerNode(report, image, this.options.now());
    if (!proposal.ok) {
      this.options.logger.warn({ node: id, error: proposal.error }, 'node registration refused');
      return;
    }
    if (proposal.command === null) return;
    this.registering.add(id);
    this.options
      .propose(proposal.command)
      .catch((error: unknown) => this.options.logger.warn({ node: id, err: error }, 'node registration not committed; retrying'))
      .finally(() => this.registering.delete(id));
  }

  /**
   * Groups the node hosts that it should delete: the topic is gone, or the
   * group's leader reports a membership without this node while the image no
   * longer assigns it there.
   */
  private retirements(report: NodeReport__Output, image: MetadataImage): number[] {
    const id = (report.node?.nodeId ?? 0) as NodeId;
    const assigned = new Map<number, readonly NodeId[]>();
    for (const topic of image.topics.values()) for (const p of topic.partitions) assigned.set(p.group, p.replicas);
    const statuses = this.groupStatuses();
    const retire: number[] = [];
    for (const group of report.groups) {
      if (group.group === 0) continue;
      const replicas = assigned.get(group.group);
      if (replicas === undefined) {
        // Group ids are never reused: below nextGroup, a group missing from the image belongs to a deleted
        // topic. At or above it, this controller has not applied the topic's creation yet.
        if (group.group < image.nextGroup) retire.push(group.group);
        continue;
      }
      if (replicas.includes(id)) continue;
      const status = statuses.get(group.group as GroupId);
      if (status?.fromLeader === true && !status.replicas.some((r) => r.node === id)) retire.push(group.group);
    }
    return retire;
  }

  private leaders(): GroupLeader__Output[] {
    return [...this.groupStatuses().values()].map((s) => ({
      group: s.group,
      leader: s.leader,
      term: String(s.term),
      inSync: inSyncReplicas(s),
      highWatermark: String(s.highWatermark),
      logBytes: String(s.logBytes),
    }));
  }

  /** Live nodes whose latest report says they are draining (handing their leaderships away before they stop). */
  draining(): Set<NodeId> {
    const live = this.liveness().live;
    return new Set([...this.reports].filter(([id, report]) => live.has(id) && report.draining).map(([id]) => id));
  }

  /** One planning round: move replicas off dead nodes, hand leadership back to preferred leaders that are not draining. */
  async round(): Promise<void> {
    if (!this.active) return;
    const image = this.options.image();
    const plan = this.planner.plan(image, this.liveness(), this.groupStatuses(), this.draining());
    const transfers = new Map<NodeId, { group: number; to: number }[]>();
    for (const t of plan.leaderTransfers) {
      const list = transfers.get(t.from) ?? [];
      list.push({ group: t.group, to: t.to });
      transfers.set(t.from, list);
    }
    this.transfers = transfers;
    this.createOffsetsTopicIfNeeded(image);
    for (const command of plan.replicaMoves.commands) {
      this.options.logger.info({ topic: command.name, partition: command.partition, replicas: command.replicas }, 'moving a replica off a dead node');
      await this.options.propose(command).then(
        () => this.options.onReplicaMoved?.(),
        (error: unknown) => this.options.logger.warn({ err: error }, 'replica move not committed'),
      );
    }
    for (const command of plan.partitionMoves.commands) {
      this.options.logger.info(command, 'partition move step');
      // A step planned from an image a concurrent command changed fails at apply (stale epoch); the next round plans again.
      await this.options.propose(command).then(
        () => command.type === 'reassign-partition' && this.options.onReplicaMoved?.(),
        (error: unknown) => this.options.logger.warn({ err: error, command: command.type }, 'partition move step not committed'),
      );
    }
    this.logStranded(plan.partitionMoves.stranded);
  }

  /** Partitions a decommission cannot move off their node, logged when the set changes. */
  private logStranded(stranded: readonly { topic: string; partition: number }[]): void {
    const key = stranded.map((s) => `${s.topic}/${s.partition}`).join(',');
    if (key === this.strandedLogged) return;
    this.strandedLogged = key;
    if (stranded.length > 0) this.options.logger.warn({ stranded: stranded.slice(0, 16), count: stranded.length }, 'decommission stalled: no live active node outside these partitions can take their replica');
  }

  /**
   * Consumer groups keep their state in an internal topic, made once a node
   * reports that a client asked for a group (so clusters without groups carry
   * none of its Raft groups) and enough nodes are live to hold it.
   */
  private createOffsetsTopicIfNeeded(image: MetadataImage): void {
    if (image.topics.has(OFFSETS_TOPIC) || this.creatingOffsetsTopic) return;
    if (![...this.reports.values()].some((report) => report.wantsOffsetsTopic)) return;
    const request = {
      name: OFFSETS_TOPIC,
      partitions: OFFSETS_TOPIC_PARTITIONS,
      replicationFactor: this.options.offsetsReplicationFactor,
      configs: OFFSETS_TOPIC_CONFIGS,
    };
    const proposal = MetadataFrontend.createTopic(request, image, placeableNodes(image, this.liveness().live), { internal: true });
    if (!proposal.ok) return; // not enough live nodes yet
    this.creatingOffsetsTopic = true;
    this.options
      .propose(proposal.command)
      .then(() => this.options.logger.info({ topic: OFFSETS_TOPIC }, 'created the offsets topic'))
      .catch((error: unknown) => this.options.logger.warn({ err: error }, 'offsets topic not created; retrying'))
      .finally(() => (this.creatingOffsetsTopic = false));
  }
}
