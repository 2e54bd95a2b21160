/**
 * The JSON the web console's read-only endpoints (/ui/api/...) answer. Shared
 * by the endpoints (src/console/api.ts) and the browser code (console/). What
 * the SDK already describes (nodes, partitions, groups) is the SDK's own type
 * as JSON carries it, so the two cannot drift apart; the imports are of types
 * only, which the browser bundle leaves out. 64-bit offsets travel as decimal
 * strings: JSON numbers lose precision past 2^53.
 */
import type { GroupDescription, GroupListing } from '../client/groups-admin.js';
import type { NodeDescription, PartitionDescription } from '../client/types.js';

/** A value as JSON carries it: 64-bit integers (bigint) as decimal strings; fields that are undefined are left out. */
export type Json<T> = T extends bigint
  ? string
  : T extends readonly (infer U)[]
    ? readonly Json<U>[]
    : T extends object
      ? { readonly [K in keyof T]: Json<T[K]> }
      : T;

export type ConsoleNode = NodeDescription;

export interface ConsoleOverview {
  readonly clusterId: string;
  /** The node that answered (every node serves the console). */
  readonly servedBy: number;
  readonly controllerId: number | undefined;
  readonly nodes: readonly ConsoleNode[];
  readonly topics: number;
  readonly partitions: number;
  /** Partitions with fewer in-sync replicas than replicas. */
  readonly underReplicated: number;
  /** Partitions with no leader. */
  readonly offline: number;
  /** The sum of the partitions' high watermarks (internal topics and partitions that cannot answer left out): grows by one per record produced. */
  readonly recordsTotal: string;
  /** When the node read the high watermarks, ms since the epoch: the browser divides record deltas by these. */
  readonly sampledAtMs: number;
}

export interface ConsolePartition extends PartitionDescription {
  /** The log start offset; undefined when the partition's leader could not be asked (as for the next two). */
  readonly earliest: string | undefined;
  /** The high watermark: the next offset to be written. */
  readonly latest: string | undefined;
  /** Records held: latest − earliest. */
  readonly records: string | undefined;
}

export interface ConsoleTopicSummary {
  readonly name: string;
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly underReplicated: number;
  readonly offline: number;
  readonly internal: boolean;
  /** Size on disk: the record bytes of each partition's leader's log, summed (see PartitionDescription.logBytes). */
  readonly bytes: number;
}

export interface ConsoleTopic {
  readonly name: string;
  readonly topicId: string;
  readonly replicationFactor: number;
  /** Only the configs set on the topic; the rest are the defaults. */
  readonly configs: Readonly<Record<string, string>>;
  readonly partitions: readonly ConsolePartition[];
  /** Sum of the records of the partitions that answered. */
  readonly records: string;
  /** Size on disk, as in ConsoleTopicSummary. */
  readonly bytes: number;
}

export type ConsoleGroupSummary = GroupListing;

/** The SDK's description (members with their assignment, offsets with lag per partition), and the lag summed. */
export type ConsoleGroup = Json<GroupDescription> & {
  /** Sum of the partitions' lag. */
  readonly lag: string;
};

/** Bytes as base64 (null stays null): the browser decodes them as UTF-8, JSON or hex. */
export interface ConsoleMessage {
  readonly offset: string;
  readonly timestamp: number;
  readonly key: string | null;
  readonly value: string | null;
  readonly headers: readonly { readonly key: string; readonly value: string | null }[];
}

export interface ConsoleMessages {
  readonly topic: string;
  readonly partition: number;
  /** Where the read started (a timestamp resolves to the first offset at or after it). */
  readonly from: string;
  readonly earliest: string;
  readonly latest: string;
  readonly messages: readonly ConsoleMessage[];
}

/** GET /ui/api/session: whether the node wants a signed-in user (auth.enabled). */
export interface ConsoleSession {
  readonly authentication: boolean;
}

/** POST /ui/api/session's answer: the node's session token, sent back as `Authorization: Bearer <token>`. */
export interface ConsoleSignIn {
  readonly user: string;
  readonly token: string;
  /** ms since the epoch. */
  readonly expiresAtMs: number;
}

/** Every error the endpoints answer: a CairnError's code and message. */
export interface ConsoleError {
  readonly code: string;
  readonly message: string;
}
