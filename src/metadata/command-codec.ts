/** Commands to and from the bytes of a metadata Raft entry. */
import type { MetadataCommand } from './commands.js';
import { MetadataDecodeError } from './errors.js';
import type { TopicId } from './ids.js';
import { asArray, asInteger, asNodeId, asNodeIds, asString, asStringMap, decodeJson, encodeJson, JsonFields, readCapacity } from './json-codec.js';
import { readAcl, readAclFilter, readTokenKey, readUser } from './security-codec.js';

const COMMAND_FORMAT = 1;

export function encodeCommand(command: MetadataCommand): Uint8Array {
  return encodeJson(COMMAND_FORMAT, command);
}

/** Throws MetadataDecodeError unless `bytes` hold exactly one well-formed command. */
export function decodeCommand(bytes: Uint8Array): MetadataCommand {
  const fields = JsonFields.of(decodeJson(bytes, COMMAND_FORMAT, 'command'), 'command');
  const command = readCommand(fields);
  fields.end();
  return command;
}

const asTopicId = (value: unknown, path: string): TopicId => asString(value, path) as TopicId;
const asTimeMs = (value: unknown, path: string): number => asInteger(value, path, 0, Number.MAX_SAFE_INTEGER);
const asAssignments = (value: unknown, path: string) => asArray(value, path, asNodeIds);

function readCommand(fields: JsonFields): MetadataCommand {
  const type = fields.string('type');
  switch (type) {
    case 'allocate-producer-ids':
      return { type };
    case 'register-node':
      return {
        type,
        node: fields.get('node', asNodeId),
        incarnation: fields.string('incarnation'),
        clientAddress: fields.string('clientAddress'),
        peerAddress: fields.string('peerAddress'),
        rack: fields.string('rack'),
        ...readCapacity(fields),
        registeredAtMs: fields.get('registeredAtMs', asTimeMs),
      };
    case 'create-topic':
      return {
        type,
        name: fields.string('name'),
        internal: fields.boolean('internal'),
        partitions: fields.u32('partitions'),
        replicationFactor: fields.u32('replicationFactor'),
        configs: fields.get('configs', asStringMap),
        assignments: fields.get('assignments', asAssignments),
      };
    case 'delete-topic':
      return { type, name: fields.string('name'), topicId: fields.get('topicId', asTopicId) };
    case 'create-partitions':
      return {
        type,
        name: fields.string('name'),
        topicId: fields.get('topicId', asTopicId),
        totalPartitions: fields.u32('totalPartitions'),
        assignments: fields.get('assignments', asAssignments),
      };
    case 'reassign-partition':
      return {
        type,
        name: fields.string('name'),
        topicId: fields.get('topicId', asTopicId),
        partition: fields.u32('partition'),
        replicas: fields.get('replicas', asNodeIds),
        expectedEpoch: fields.u32('expectedEpoch'),
      };
    case 'set-topic-config':
      return {
        type,
        name: fields.string('name'),
        topicId: fields.get('topicId', asTopicId),
        set: fields.get('set', asStringMap),
        reset: fields.get('reset', (value, path) => asArray(value, path, asString)),
      };
    case 'put-user':
      return { type, user: fields.get('user', readUser) };
    case 'delete-user':
      return { type, name: fields.string('name') };
    case 'create-acls':
      return { type, acls: fields.get('acls', (value, path) => asArray(value, path, readAcl)) };
    case 'delete-acls':
      return { type, filter: fields.get('filter', readAclFilter) };
    case 'add-token-key':
      return { type, key: fields.get('key', readTokenKey) };
    case 'move-partition':
      return {
        type,
        name: fields.string('name'),
        topicId: fields.get('topicId', asTopicId),
        partition: fields.u32('partition'),
        target: fields.get('target', asNodeIds),
        expectedEpoch: fields.u32('expectedEpoch'),
      };
    case 'finish-partition-move':
      return {
        type,
        name: fields.string('name'),
        topicId: fields.get('topicId', asTopicId),
        partition: fields.u32('partition'),
        expectedEpoch: fields.u32('expectedEpoch'),
      };
    case 'decommission-node':
    case 'recommission-node':
    case 'finish-decommission':
      return { type, node: fields.get('node', asNodeId) };
    default:
      throw new MetadataDecodeError(`${fields.path}.type`, `unknown command type '${type}'`);
  }
}
