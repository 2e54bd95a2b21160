import { expect } from 'vitest';
import type { GroupReport__Output } from '../../../src/gen/cairn/v1/cluster/GroupReport.js';
import type { NodeReport__Output } from '../../../src/gen/cairn/v1/cluster/NodeReport.js';
import type { LogIndex, NodeId } from '../../../src/raft/types.js';
import { DEFAULT_PARTITIONS_PER_CORE } from '../../../src/metadata/limits.js';
import {
  emptyImage,
  imageViolations,
  MetadataStm,
  type ApplyResult,
  type CreateTopicCommand,
  type MetadataCommand,
  type MetadataImage,
  type RegisterNodeCommand,
} from '../../../src/metadata/index.js';

export const CLUSTER_ID = 'cairn-test';

export const ids = (...ns: number[]): NodeId[] => ns as NodeId[];

/** What every test node admits unless a test says otherwise: 2 × 5,000 partition replicas. */
export const NODE_CAPACITY = { cores: 2, partitionsPerCore: DEFAULT_PARTITIONS_PER_CORE } as const;

export function registration(id: number, rack = '', incarnation = `inc-${id}`): RegisterNodeCommand {
  return {
    type: 'register-node',
    node: id as NodeId,
    incarnation,
    clientAddress: `10.0.0.${id}:9092`,
    peerAddress: `10.0.0.${id}:9093`,
    rack,
    ...NODE_CAPACITY,
    registeredAtMs: 1_000 * id,
  };
}

/** A create-topic command with explicit assignments; the replication factor is the first list's length. */
export function topicCommand(name: string, assignments: number[][], extra: Partial<CreateTopicCommand> = {}): CreateTopicCommand {
  return {
    type: 'create-topic',
    name,
    internal: false,
    partitions: assignments.length,
    replicationFactor: assignments[0]?.length ?? 1,
    configs: {},
    assignments: assignments.map((a) => ids(...a)),
    ...extra,
  };
}

/** Applies commands at consecutive indexes, checking the image's invariants after each. */
export class Log {
  image: MetadataImage;
  index: number;

  /** Continues after `image`'s version. */
  constructor(image: MetadataImage = emptyImage(CLUSTER_ID)) {
    this.image = image;
    this.index = image.version;
  }

  /** A log whose image has these nodes registered; racks by position ('' for none). */
  static withNodes(count: number, racks: readonly string[] = []): Log {
    const log = new Log();
    for (let id = 1; id <= count; id++) log.ok(registration(id, racks[id - 1] ?? ''));
    return log;
  }

  apply(command: MetadataCommand): ApplyResult {
    this.index += 1;
    const { image, result } = MetadataStm.apply(this.image, command, this.index as LogIndex);
    expect(image.version).toBe(this.index);
    expect(imageViolations(image)).toEqual([]);
    this.image = image;
    return result;
  }

  ok(command: MetadataCommand): void {
    const result = this.apply(command);
    expect(result).toEqual({ ok: true });
  }

  refused(command: MetadataCommand): string {
    const result = this.apply(command);
    if (result.ok) throw new Error(`${command.type} was applied, expected a refusal`);
    return result.error.kind;
  }
}

export const liveSet = (...ns: number[]): ReadonlySet<NodeId> => new Set(ids(...ns));

/** A group's report; `replicas` are [node, in sync] pairs. lastIndex is 12; in-sync replicas match it, others lag at 3. */
export function groupReport(group: number, leader: number, term: number, replicas: [number, boolean][] = []): GroupReport__Output {
  return {
    group,
    leader,
    term: String(term),
    commit: '10',
    lastIndex: '12',
    replicas: replicas.map(([nodeId, inSync]) => ({ nodeId, match: inSync ? '12' : '3', inSync })),
    highWatermark: '0',
    logBytes: '0',
  };
}

export function nodeReport(nodeId: number, groups: GroupReport__Output[]): NodeReport__Output {
  return {
    node: { nodeId, clusterId: CLUSTER_ID, incarnation: `inc-${nodeId}` },
    clientAddress: `10.0.0.${nodeId}:9092`,
    peerAddress: `10.0.0.${nodeId}:9093`,
    rack: '',
    ...NODE_CAPACITY,
    groups,
    draining: false,
    wantsOffsetsTopic: false,
  };
}
