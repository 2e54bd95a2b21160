/**
 * The JSON the web console's read-only endpoints (/ui/api/...) answer. Shared
 * by the endpoints (src/console/api.ts) and the browser code (console/), so it
 * imports nothing. 64-bit offsets travel as decimal strings: JSON numbers
 * lose precision past 2^53.
 */

export interface ConsoleNode {
  readonly nodeId: number;
  readonly address: string;
  readonly rack: string | undefined;
  readonly live: boolean;
  readonly lastSeenMsAgo: number;
  readonly metadataVoter: boolean;
}

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

export interface ConsolePartition {
  readonly partition: number;
  readonly leader: number | undefined;
  readonly replicas: readonly number[];
  readonly inSync: readonly number[];
  readonly leaderEpoch: number;
  /** The Raft group holding the partition. */
  readonly group: number;
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
}

export interface ConsoleGroupSummary {
  readonly groupId: string;
  readonly state: string;
  readonly members: number;
  readonly coordinator: number;
}

export interface ConsoleGroupOffset {
  readonly topic: string;
  readonly partition: number;
  /** Undefined when the group has committed nothing for the partition. */
  readonly committed: string | undefined;
  readonly highWatermark: string;
  readonly lag: string;
  readonly memberId: string | undefined;
}

export interface ConsoleGroupMember {
  readonly memberId: string;
  readonly groupInstanceId: string | undefined;
  readonly memberEpoch: number;
  readonly subscribedTopics: readonly string[];
  readonly assignment: readonly { readonly topic: string; readonly partition: number }[];
}

export interface ConsoleGroup {
  readonly groupId: string;
  readonly state: string;
  readonly groupEpoch: number;
  readonly assignor: string;
  readonly coordinator: number;
  readonly members: readonly ConsoleGroupMember[];
  readonly offsets: readonly ConsoleGroupOffset[];
  /** Sum of the partitions' lag. */
  readonly lag: string;
}

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
