/**
 * The metadata state machine: the next image from a committed command. Pure
 * and deterministic, so every replica of the metadata group computes the same
 * image. Every rule is checked again here, whatever the proposer checked: two
 * proposals made from the same image can both pass the frontend, and only
 * the first to commit may take effect. A refused command leaves the image as
 * it was, apart from its version.
 */
import type { LogIndex, NodeId } from '../raft/types.js';
import type { AvailableNodes } from './admission.js';
import { assert } from './assert.js';
import {
  checkAssignments,
  checkConfigChange,
  checkNewTopic,
  checkPartitionIncrease,
  checkRegistration,
  checkReplicas,
  findTopic,
} from './checks.js';
import { decodeCommand } from './command-codec.js';
import type {
  CreatePartitionsCommand,
  CreateTopicCommand,
  DeleteTopicCommand,
  MetadataCommand,
  ReassignPartitionCommand,
  RegisterNodeCommand,
  SetTopicConfigCommand,
} from './commands.js';
import { metadataError, refusal, type Outcome, type Refusal } from './errors.js';
import { topicIdAt, type GroupId } from './ids.js';
import { decodeImage, encodeImage } from './image-codec.js';
import type { MetadataImage, PartitionRecord, TopicRecord } from './image.js';
import * as Security from './security-records.js';
import * as Reassignment from './reassignment.js';

export type ApplyResult = Outcome;

export interface Applied {
  readonly image: MetadataImage;
  readonly result: ApplyResult;
}

/** What a command changes; `version` is set by apply. */
type Change = Partial<Omit<MetadataImage, 'version' | 'clusterId'>>;

const OK = { ok: true } as const;

/**
 * Applies the command committed at `index`, which must follow the image's
 * version. The host feeds only metadata commands: Raft no-ops and
 * membership entries do not reach the image.
 */
export function apply(image: MetadataImage, command: MetadataCommand, index: LogIndex): Applied {
  assert(index > image.version, `metadata entry ${index} applied to an image at version ${image.version}`);
  const outcome = change(image, command, index);
  if ('ok' in outcome) return { image: { ...image, version: index }, result: outcome };
  return { image: { ...image, ...outcome, version: index }, result: OK };
}

/**
 * Applies a committed entry's bytes. Undecodable bytes throw
 * MetadataDecodeError: the host must stop, since skipping the entry on some
 * replicas and not others would make their images diverge.
 */
export function applyEntry(image: MetadataImage, data: Uint8Array, index: LogIndex): Applied {
  return apply(image, decodeCommand(data), index);
}

/** The bytes of a Raft snapshot of the image. */
export const snapshot = encodeImage;
/** The image from a Raft snapshot's bytes; throws MetadataDecodeError on bytes that do not hold a sound image. */
export const restore = decodeImage;

function change(image: MetadataImage, command: MetadataCommand, index: LogIndex): Change | Refusal {
  switch (command.type) {
    case 'allocate-producer-ids':
      return {}; // the committed index is the allocation
    case 'register-node':
      return registerNode(image, command);
    case 'create-topic':
      return createTopic(image, command, index);
    case 'delete-topic':
      return deleteTopic(image, command);
    case 'create-partitions':
      return createPartitions(image, command);
    case 'reassign-partition':
      return reassignPartition(image, command);
    case 'set-topic-config':
      return setTopicConfig(image, command);
    case 'put-user':
      return securityChange(Security.putUser(security(image), command.user));
    case 'delete-user':
      return securityChange(Security.deleteUser(security(image), command.name));
    case 'create-acls':
      return securityChange(Security.createAcls(security(image), command.acls));
    case 'delete-acls':
      return securityChange(Security.deleteAcls(security(image), command.filter));
    case 'add-token-key':
      return securityChange(Security.addTokenKey(security(image), command.key));
    case 'move-partition':
      return Reassignment.movePartition(image, command);
    case 'finish-partition-move':
      return Reassignment.finishPartitionMove(image, command);
    case 'decommission-node':
      return Reassignment.decommissionNode(image, command);
    case 'recommission-node':
      return Reassignment.recommissionNode(image, command);
    case 'finish-decommission':
      return Reassignment.finishDecommission(image, command);
  }
}

const security = (image: MetadataImage): Security.SecurityImage => image.security ?? Security.EMPTY_SECURITY;

function securityChange(outcome: Security.SecurityImage | Refusal): Change | Refusal {
  return 'ok' in outcome ? outcome : { security: outcome };
}

function registerNode(image: MetadataImage, command: RegisterNodeCommand): Change | Refusal {
  const error = checkRegistration(image, command);
  if (error !== null) return refusal(error);
  const { type: _type, node: id, ...fields } = command;
  const registeredAtMs = image.nodes.get(id)?.registeredAtMs ?? command.registeredAtMs;
  return { nodes: new Map(image.nodes).set(id, { ...fields, id, registeredAtMs }) };
}

function createTopic(image: MetadataImage, command: CreateTopicCommand, index: LogIndex): Change | Refusal {
  const checked = checkNewTopic(image, command, registeredNodes(image));
  if (!checked.ok) return checked;
  const error = checkAssignments(image, command, 0, command.assignments, command.partitions);
  if (error !== null) return refusal(error);
  const topic: TopicRecord = {
    name: command.name,
    id: topicIdAt(index),
    internal: command.internal,
    replicationFactor: command.replicationFactor,
    configs: checked.configs,
    partitions: newPartitions(image.nextGroup, 0, command.assignments),
  };
  return { topics: new Map(image.topics).set(topic.name, topic), nextGroup: (image.nextGroup + command.partitions) as GroupId };
}

function deleteTopic(image: MetadataImage, command: DeleteTopicCommand): Change | Refusal {
  const found = findTopic(image, command.name, command.topicId);
  if (!found.ok) return found;
  const topics = new Map(image.topics);
  topics.delete(command.name);
  return { topics };
}

function createPartitions(image: MetadataImage, command: CreatePartitionsCommand): Change | Refusal {
  const found = findTopic(image, command.name, command.topicId);
  if (!found.ok) return found;
  const { topic } = found;
  const added = command.totalPartitions - topic.partitions.length;
  const error =
    checkPartitionIncrease(image, topic, command.totalPartitions, registeredNodes(image)) ??
    checkAssignments(image, topic, topic.partitions.length, command.assignments, added);
  if (error !== null) return refusal(error);
  const partitions = [...topic.partitions, ...newPartitions(image.nextGroup, topic.partitions.length, command.assignments)];
  return withTopic(image, { ...topic, partitions }, { nextGroup: (image.nextGroup + added) as GroupId });
}

function reassignPartition(image: MetadataImage, command: ReassignPartitionCommand): Change | Refusal {
  const found = findTopic(image, command.name, command.topicId);
  if (!found.ok) return found;
  const { topic } = found;
  const current = topic.partitions[command.partition];
  if (current === undefined) {
    return refusal(metadataError('unknown-partition', `topic '${topic.name}' has no partition ${command.partition}`));
  }
  if (current.epoch !== command.expectedEpoch) {
    return refusal(
      metadataError(
        'stale-epoch',
        `partition ${command.partition} of '${topic.name}' is at assignment epoch ${current.epoch}, not ${command.expectedEpoch}`,
      ),
    );
  }
  const error = checkReplicas(image, command.replicas, topic.replicationFactor, `partition ${command.partition} of '${topic.name}'`);
  if (error !== null) return refusal(error);
  if (sameList(current.replicas, command.replicas)) return {};
  const partitions = topic.partitions.with(command.partition, { ...current, replicas: command.replicas, epoch: current.epoch + 1 });
  return withTopic(image, { ...topic, partitions });
}

function setTopicConfig(image: MetadataImage, command: SetTopicConfigCommand): Change | Refusal {
  const found = findTopic(image, command.name, command.topicId);
  if (!found.ok) return found;
  const { topic } = found;
  const checked = checkConfigChange(command.set, command.reset);
  if (!checked.ok) return checked;
  const configs: Record<string, string> = { ...topic.configs, ...checked.configs };
  for (const key of command.reset) delete configs[key];
  return withTopic(image, { ...topic, configs });
}

/** At apply time the clock is not shared, so liveness is unknown: rules about nodes count every registered one. */
function registeredNodes(image: MetadataImage): AvailableNodes {
  return { nodes: [...image.nodes.values()], which: 'registered' };
}

function newPartitions(firstGroup: GroupId, firstPartition: number, assignments: readonly (readonly NodeId[])[]): PartitionRecord[] {
  return assignments.map((replicas, i) => ({
    partition: firstPartition + i,
    group: (firstGroup + i) as GroupId,
    replicas: [...replicas],
    epoch: 0,
  }));
}

function withTopic(image: MetadataImage, topic: TopicRecord, other: Change = {}): Change {
  return { ...other, topics: new Map(image.topics).set(topic.name, topic) };
}

function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
