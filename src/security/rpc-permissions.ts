/**
 * The one enforcement table: for every method of every client service, what
 * a request (or each message of a client stream) needs, and for listings,
 * what of the answer the principal may see. The guard refuses to wrap a
 * service with a method missing here, and a unit test checks the table
 * against the proto, so a new RPC cannot ship unguarded.
 *
 * The choices follow Kafka's: produce needs write on the topic; fetch,
 * subscribe and offset commits read; offsets lookups describe; a group
 * member's heartbeat reads its group; creating a topic needs create on the
 * topic or on the cluster; users, ACLs and keys need alter (or describe) on
 * the cluster; a producer id needs idempotent_write on the cluster or write
 * on some topic. Internal topics (`__consumer_offsets`) are topics like any
 * other here: only a principal granted them reaches them.
 */
import { CLUSTER_RESOURCE, type AclOperation, type ResourceType } from '../metadata/index.js';
import type { Resource } from './authorizer.js';

/** Granted by `operation` on `resource`, or with `someOf`, on any resource of that type. */
export type Grant =
  | { readonly operation: AclOperation; readonly resource: Resource }
  | { readonly operation: AclOperation; readonly someOf: ResourceType };

/** Passes when any of its grants holds; a method's requirements must all pass. */
export interface Requirement {
  readonly anyOf: readonly Grant[];
}

/** Whether the principal may see a resource in an answer. */
export type MayDescribe = (resource: Resource) => boolean;

export interface MethodRule {
  /** `public`: no credentials needed (Authenticate itself). */
  readonly requires: ((message: never) => readonly Requirement[]) | 'public';
  /** Leaves out of an answer what the principal may not describe. */
  readonly filter?: (response: never, may: MayDescribe) => unknown;
}

const CLUSTER: Resource = { type: 'cluster', name: CLUSTER_RESOURCE };
const topic = (name: string): Resource => ({ type: 'topic', name });
const group = (name: string): Resource => ({ type: 'group', name });
const need = (operation: AclOperation, resource: Resource): Requirement => ({ anyOf: [{ operation, resource }] });
const onTopics = (operation: AclOperation, names: readonly string[]): Requirement[] => [...new Set(names)].map((name) => need(operation, topic(name)));
const nothing = (): Requirement[] => [];

interface Named {
  readonly name: string;
}
const visibleTopics = <R extends { topics: readonly Named[] }>(response: R, may: MayDescribe): R => ({
  ...response,
  topics: response.topics.filter((t) => may(topic(t.name))),
});

export const RPC_RULES: Readonly<Record<string, Readonly<Record<string, MethodRule>>>> = {
  Cluster: {
    // Named topics must each be describable; asking for all lists those that are.
    Metadata: { requires: (m: { topics: string[] }) => onTopics('describe', m.topics), filter: visibleTopics },
    DescribeCluster: { requires: () => [need('describe', CLUSTER)], filter: visibleTopics },
    CreateTopic: {
      requires: (m: { name: string }) => [{ anyOf: [{ operation: 'create', resource: topic(m.name) }, { operation: 'create', resource: CLUSTER }] }],
    },
    DeleteTopic: { requires: (m: { name: string }) => [need('delete', topic(m.name))] },
    ListTopics: { requires: nothing, filter: visibleTopics },
    DescribeTopic: { requires: (m: { name: string }) => [need('describe', topic(m.name))] },
    CreatePartitions: { requires: (m: { name: string }) => [need('alter', topic(m.name))] },
    DescribeTopicConfigs: { requires: (m: { name: string }) => [need('describe', topic(m.name))] },
    AlterTopicConfigs: { requires: (m: { name: string }) => [need('alter', topic(m.name))] },
    // Moves and decommissions change where every partition lives: the cluster's to alter, as Kafka's reassignments are.
    MovePartition: { requires: () => [need('alter', CLUSTER)] },
    ListPartitionMoves: { requires: () => [need('describe', CLUSTER)] },
    DecommissionNode: { requires: () => [need('alter', CLUSTER)] },
    RecommissionNode: { requires: () => [need('alter', CLUSTER)] },
  },
  Data: {
    Produce: { requires: (m: { partitions: { topic: string }[] }) => onTopics('write', m.partitions.map((p) => p.topic)) },
    ProduceStream: {
      requires: (m: { request?: { partitions: { topic: string }[] } | null }) => onTopics('write', (m.request?.partitions ?? []).map((p) => p.topic)),
    },
    InitProducer: {
      requires: () => [{ anyOf: [{ operation: 'idempotent_write', resource: CLUSTER }, { operation: 'write', someOf: 'topic' }] }],
    },
    Fetch: { requires: (m: { partitions: { topic: string }[] }) => onTopics('read', m.partitions.map((p) => p.topic)) },
    // The opening message names the topic; credit messages need nothing more.
    Subscribe: { requires: (m: { start?: { topic: string } | null }) => (m.start ? [need('read', topic(m.start.topic))] : []) },
    ListOffsets: { requires: (m: { partitions: { topic: string }[] }) => onTopics('describe', m.partitions.map((p) => p.topic)) },
    // Kafka's DeleteRecords needs delete on each topic.
    DeleteRecords: { requires: (m: { partitions: { topic: string }[] }) => onTopics('delete', m.partitions.map((p) => p.topic)) },
  },
  Groups: {
    FindCoordinator: { requires: (m: { groupId: string }) => [need('describe', group(m.groupId))] },
    Heartbeat: { requires: (m: { groupId: string }) => [need('read', group(m.groupId))] },
    CommitOffsets: {
      requires: (m: { groupId: string; offsets: { topic: string }[] }) => [need('read', group(m.groupId)), ...onTopics('read', m.offsets.map((o) => o.topic))],
    },
    FetchOffsets: {
      requires: (m: { groupId: string; partitions: { topic: string }[] }) => [need('describe', group(m.groupId)), ...onTopics('describe', m.partitions.map((p) => p.topic))],
      filter: (r: { offsets: { topic: string }[] }, may: MayDescribe) => ({ ...r, offsets: r.offsets.filter((o) => may(topic(o.topic))) }),
    },
    ListGroups: { requires: nothing, filter: (r: { groups: { groupId: string }[] }, may: MayDescribe) => ({ ...r, groups: r.groups.filter((g) => may(group(g.groupId))) }) },
    DescribeGroup: {
      requires: (m: { groupId: string }) => [need('describe', group(m.groupId))],
      filter: (r: { offsets: { topic: string }[] }, may: MayDescribe) => ({ ...r, offsets: r.offsets.filter((o) => may(topic(o.topic))) }),
    },
    DeleteGroup: { requires: (m: { groupId: string }) => [need('delete', group(m.groupId))] },
  },
  Security: {
    Authenticate: { requires: 'public' },
    CreateUser: { requires: () => [need('alter', CLUSTER)] },
    DeleteUser: { requires: () => [need('alter', CLUSTER)] },
    ListUsers: { requires: () => [need('describe', CLUSTER)] },
    CreateAcls: { requires: () => [need('alter', CLUSTER)] },
    DeleteAcls: { requires: () => [need('alter', CLUSTER)] },
    ListAcls: { requires: () => [need('describe', CLUSTER)] },
    RotateTokenKey: { requires: () => [need('alter', CLUSTER)] },
  },
};
