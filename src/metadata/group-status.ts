/**
 * What the controller knows of each partition group, from the NodeReports
 * every node sends it about once a second (cluster.proto). Only a leader
 * knows its followers' progress, so a group's status comes from the report
 * of the node that claims leadership in the highest term; without one, the
 * leader is whatever the highest-term report names and no replica is known
 * to be in sync.
 */
import type { NodeReport__Output } from '../gen/cairn/v1/cluster/NodeReport.js';
import type { GroupReport__Output } from '../gen/cairn/v1/cluster/GroupReport.js';
import type { NodeId } from '../raft/types.js';
import { NO_NODE, type GroupId } from './ids.js';

export interface ReplicaStatus {
  readonly node: NodeId;
  readonly match: number;
  readonly inSync: boolean;
}

export interface GroupStatus {
  readonly group: GroupId;
  /** NO_NODE when unknown. */
  readonly leader: NodeId;
  /** The leader's term: the partition's leader epoch. */
  readonly term: number;
  readonly lastIndex: number;
  /** True when `replicas` come from the leader itself. */
  readonly fromLeader: boolean;
  /** The members the leader reports (voters and learners); empty unless fromLeader. */
  readonly replicas: readonly ReplicaStatus[];
  /** A partition's high watermark and the record bytes in its log, as its leader reported them; 0 when unknown. */
  readonly highWatermark: bigint;
  readonly logBytes: number;
}

/** u64 fields arrive as decimal strings (proto-loader's longs: String); Raft indexes fit a double. */
function u64(value: string | number): number {
  return typeof value === 'number' ? value : Number(value);
}

/** Pass the latest report of each live node; reports of dead nodes are stale. */
export function groupStatuses(reports: Iterable<NodeReport__Output>): Map<GroupId, GroupStatus> {
  const statuses = new Map<GroupId, GroupStatus>();
  for (const report of reports) {
    const reporter = (report.node?.nodeId ?? NO_NODE) as NodeId;
    for (const group of report.groups) {
      const status = fromReport(group, reporter);
      const known = statuses.get(status.group);
      if (known === undefined || outranks(status, known)) statuses.set(status.group, status);
    }
  }
  return statuses;
}

function fromReport(report: GroupReport__Output, reporter: NodeId): GroupStatus {
  const fromLeader = reporter !== NO_NODE && report.leader === reporter;
  return {
    group: report.group as GroupId,
    leader: report.leader as NodeId,
    term: u64(report.term),
    lastIndex: u64(report.lastIndex),
    fromLeader,
    replicas: fromLeader
      ? report.replicas.map((r) => ({ node: r.nodeId as NodeId, match: u64(r.match), inSync: r.inSync }))
      : [],
    highWatermark: fromLeader ? BigInt(report.highWatermark) : 0n,
    logBytes: fromLeader ? u64(report.logBytes) : 0,
  };
}

function outranks(a: GroupStatus, b: GroupStatus): boolean {
  if (a.term !== b.term) return a.term > b.term;
  return a.fromLeader && !b.fromLeader;
}

/** The group's members as its leader reports them, the leader included; null when no leader reported. */
export function reportedMembers(status: GroupStatus): ReadonlySet<NodeId> | null {
  if (!status.fromLeader) return null;
  return new Set([status.leader, ...status.replicas.map((r) => r.node)]);
}

/** The leader and the replicas its report marks in sync. */
export function inSyncReplicas(status: GroupStatus): NodeId[] {
  if (status.leader === NO_NODE) return [];
  const inSync = status.replicas.filter((r) => r.inSync && r.node !== status.leader).map((r) => r.node);
  return [status.leader, ...inSync];
}
