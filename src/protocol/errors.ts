/**
 * The one error-code table of the project (kafkajs's model). The server maps
 * a CairnError to a gRPC status with `toGrpcError`; the SDK maps it back with
 * `fromGrpcError`. The code travels in the `cairn-error-code` trailer, so a
 * client can tell NOT_LEADER from NOT_ENOUGH_REPLICAS although both are
 * UNAVAILABLE to plain gRPC tooling.
 */
import { Metadata, status } from '@grpc/grpc-js';
import type { ServerErrorResponse, StatusObject } from '@grpc/grpc-js';

export interface ErrorSpec {
  /** The status plain gRPC clients see; chosen so their own retry rules do the right thing. */
  readonly grpcStatus: status;
  /** Whether the same request may succeed if sent again, possibly to another node. */
  readonly retriable: boolean;
  readonly message: string;
}

export const ERROR_CODES = {
  NOT_LEADER: { grpcStatus: status.UNAVAILABLE, retriable: true, message: 'this node does not lead the partition' },
  NOT_CONTROLLER: { grpcStatus: status.UNAVAILABLE, retriable: true, message: 'this node is not the controller (metadata leader)' },
  // Not retriable: an admin call about a missing topic should fail fast. A
  // producer racing topic creation refreshes metadata and decides itself.
  UNKNOWN_TOPIC_OR_PARTITION: { grpcStatus: status.NOT_FOUND, retriable: false, message: 'unknown topic or partition' },
  TOPIC_ALREADY_EXISTS: { grpcStatus: status.ALREADY_EXISTS, retriable: false, message: 'topic already exists' },
  INVALID_TOPIC_NAME: { grpcStatus: status.INVALID_ARGUMENT, retriable: false, message: 'invalid topic name' },
  INVALID_PARTITIONS: { grpcStatus: status.INVALID_ARGUMENT, retriable: false, message: 'invalid number of partitions' },
  INVALID_REPLICATION_FACTOR: { grpcStatus: status.INVALID_ARGUMENT, retriable: false, message: 'invalid replication factor' },
  /** The replication factor exceeds the live nodes that can hold a replica. */
  NOT_ENOUGH_NODES: { grpcStatus: status.FAILED_PRECONDITION, retriable: false, message: 'not enough live nodes for the replication factor' },
  // The topic or the added partitions would take the cluster past its admission limit: each live node admits
  // cores × partitionsPerCore partition replicas. The message names the limit, the replicas held and those asked for.
  PARTITION_LIMIT_EXCEEDED: { grpcStatus: status.RESOURCE_EXHAUSTED, retriable: false, message: 'the cluster admits no more partition replicas' },
  INVALID_CONFIG: { grpcStatus: status.INVALID_ARGUMENT, retriable: false, message: 'invalid configuration' },
  CORRUPT_BATCH: { grpcStatus: status.INVALID_ARGUMENT, retriable: false, message: 'corrupt record batch' },
  BATCH_TOO_LARGE: { grpcStatus: status.INVALID_ARGUMENT, retriable: false, message: 'record batch too large' },
  OFFSET_OUT_OF_RANGE: { grpcStatus: status.OUT_OF_RANGE, retriable: false, message: 'offset out of range' },
  // ABORTED is gRPC's status for a failed sequencer check.
  OUT_OF_ORDER_SEQUENCE: { grpcStatus: status.ABORTED, retriable: false, message: 'out-of-order producer sequence number' },
  PRODUCER_FENCED: { grpcStatus: status.FAILED_PRECONDITION, retriable: false, message: 'producer fenced by a newer epoch' },
  /** A batch's records contradict its header, or it asks for what Cairn does not do (empty, transactional, control). */
  INVALID_RECORD: { grpcStatus: status.INVALID_ARGUMENT, retriable: false, message: 'invalid record batch' },
  /** A record timestamp outside the topic's message.timestamp.before/after.max.ms window of the leader's clock, or inconsistent. */
  INVALID_TIMESTAMP: { grpcStatus: status.INVALID_ARGUMENT, retriable: false, message: 'invalid record timestamp' },
  // Retriable: ids are allocated through the metadata log, and a partition leader may not have applied the allocation yet.
  UNKNOWN_PRODUCER_ID: { grpcStatus: status.FAILED_PRECONDITION, retriable: true, message: 'producer id never allocated' },
  /**
   * Kafka's UNKNOWN_PRODUCER_ID: a batch after a producer's first (sequence not 0) from a producer the partition holds no
   * state for: it was silent longer than the topic's producer.id.expiration.ms and was forgotten, or (with an earlier batch
   * still in flight) that first batch is not written yet. Resending it cannot help; the SDK resends in order, or takes a new
   * producer id and resends its unacknowledged batches under it.
   */
  UNKNOWN_PRODUCER_STATE: { grpcStatus: status.FAILED_PRECONDITION, retriable: false, message: 'no state for this producer on the partition' },
  /** An epoch above any the cluster handed out for that producer id. */
  INVALID_PRODUCER_EPOCH: { grpcStatus: status.FAILED_PRECONDITION, retriable: false, message: 'invalid producer epoch' },
  /** Fewer in-sync replicas than the topic requires to accept a write. */
  NOT_ENOUGH_REPLICAS: { grpcStatus: status.UNAVAILABLE, retriable: true, message: 'not enough in-sync replicas' },
  REQUEST_TIMED_OUT: { grpcStatus: status.DEADLINE_EXCEEDED, retriable: true, message: 'request timed out' },
  UNAVAILABLE: { grpcStatus: status.UNAVAILABLE, retriable: true, message: 'node unavailable' },
  /** No credentials where the cluster requires them, a wrong password, an expired or forged token, or too many failed attempts (docs/security.md). */
  UNAUTHENTICATED: { grpcStatus: status.UNAUTHENTICATED, retriable: false, message: 'not authenticated' },
  /** The ACLs do not allow the call; the message names the principal, the operation and the resource. Nothing was done. */
  UNAUTHORIZED: { grpcStatus: status.PERMISSION_DENIED, retriable: false, message: 'not authorized' },
  INVALID_REQUEST: { grpcStatus: status.INVALID_ARGUMENT, retriable: false, message: 'invalid request' },
  /** No member node has that id: never registered, or decommissioned (docs/operations.md, "Moving partitions"). */
  UNKNOWN_NODE: { grpcStatus: status.NOT_FOUND, retriable: false, message: 'unknown node' },
  /** A move's replicas are not as many distinct nodes as the topic's replication factor. */
  INVALID_REPLICA_ASSIGNMENT: { grpcStatus: status.INVALID_ARGUMENT, retriable: false, message: 'invalid replica assignment' },
  /** A move onto a node that is not live, or that is being decommissioned. */
  NODE_NOT_AVAILABLE: { grpcStatus: status.FAILED_PRECONDITION, retriable: false, message: 'the node cannot take replicas' },
  /** The partition is already moving, or a move heads onto the node to decommission; wait for it to finish (`cairn partition moves`). */
  REASSIGNMENT_IN_PROGRESS: { grpcStatus: status.FAILED_PRECONDITION, retriable: false, message: 'a partition move is in progress' },
  /** A per-connection or per-stream bound of the node (streams, requests in flight) is reached; retry once some finish. */
  TOO_MANY_REQUESTS: { grpcStatus: status.RESOURCE_EXHAUSTED, retriable: true, message: 'too many requests in flight' },
  INTERNAL: { grpcStatus: status.INTERNAL, retriable: false, message: 'internal error' },
  STORAGE_FULL: { grpcStatus: status.RESOURCE_EXHAUSTED, retriable: false, message: 'storage full' },
  CORRUPT_STORAGE: { grpcStatus: status.DATA_LOSS, retriable: false, message: 'corrupt storage' },
  // Consumer groups. A member told UNKNOWN_MEMBER_ID or FENCED_MEMBER_EPOCH has lost its partitions and joins again.
  NOT_COORDINATOR: { grpcStatus: status.UNAVAILABLE, retriable: true, message: 'this node is not the coordinator of the group' },
  COORDINATOR_LOAD_IN_PROGRESS: { grpcStatus: status.UNAVAILABLE, retriable: true, message: 'the coordinator is loading the group from its log' },
  /** The offsets topic does not exist yet (the controller creates it once enough nodes are live). */
  COORDINATOR_NOT_AVAILABLE: { grpcStatus: status.UNAVAILABLE, retriable: true, message: 'no coordinator is available yet' },
  UNKNOWN_MEMBER_ID: { grpcStatus: status.FAILED_PRECONDITION, retriable: false, message: 'unknown group member' },
  FENCED_MEMBER_EPOCH: { grpcStatus: status.FAILED_PRECONDITION, retriable: false, message: 'stale member epoch' },
  /** Another live member holds the static instance id; it frees it by leaving or when its session times out. */
  UNRELEASED_INSTANCE_ID: { grpcStatus: status.ABORTED, retriable: true, message: 'the group instance id is held by a live member' },
  GROUP_NOT_EMPTY: { grpcStatus: status.FAILED_PRECONDITION, retriable: false, message: 'the group has active members' },
  GROUP_ID_NOT_FOUND: { grpcStatus: status.NOT_FOUND, retriable: false, message: 'unknown group' },
  // Group bounds (src/groups/limits.ts). Not retriable: the same request meets the same bound.
  OFFSET_METADATA_TOO_LARGE: { grpcStatus: status.INVALID_ARGUMENT, retriable: false, message: 'offset metadata too large' },
  GROUP_MAX_SIZE_REACHED: { grpcStatus: status.RESOURCE_EXHAUSTED, retriable: false, message: 'the group has as many members as it may' },
  TOO_MANY_GROUPS: { grpcStatus: status.RESOURCE_EXHAUSTED, retriable: false, message: 'the coordinator holds as many groups as it may' },
  GROUP_RECORD_TOO_LARGE: { grpcStatus: status.RESOURCE_EXHAUSTED, retriable: false, message: 'the group\'s state for one member or offset is too large' },
  /** Raised by the SDK: a producer asks for, or a consumer meets, a compression codec whose package is not installed (`details.package` names it). */
  UNSUPPORTED_COMPRESSION_TYPE: { grpcStatus: status.FAILED_PRECONDITION, retriable: false, message: 'the compression codec\'s package is not installed' },
  /** Raised by the SDK itself for calls on, or interrupted by, a closed client. */
  CLIENT_CLOSED: { grpcStatus: status.CANCELLED, retriable: false, message: 'client closed' },
  /** Raised by the SDK: a producer's buffer stayed full for maxBlockMs; sending later may succeed. */
  BUFFER_FULL: { grpcStatus: status.RESOURCE_EXHAUSTED, retriable: true, message: 'producer buffer full' },
  // Raised by the SDK after it retried for deliveryTimeoutMs; the cause holds the last error.
  // Not retriable: the SDK already did, and the message may have been written.
  DELIVERY_TIMED_OUT: { grpcStatus: status.DEADLINE_EXCEEDED, retriable: false, message: 'delivery timed out; the message may or may not have been written' },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERROR_CODES;

export const TRAILER_ERROR_CODE = 'cairn-error-code';
export const TRAILER_LEADER_HINT = 'cairn-leader-hint';
export const TRAILER_LEADER_ADDRESS = 'cairn-leader-address';

export interface CairnErrorOptions {
  readonly cause?: unknown;
  /** The node id that leads, when the answering node knows it (NOT_LEADER, NOT_CONTROLLER). */
  readonly leaderHint?: number;
  /** The leader's client address, so the SDK can reach a node missing from its metadata. */
  readonly leaderAddress?: string;
  readonly details?: Readonly<Record<string, string>>;
}

/**
 * Messages often echo what a client sent (a name, a value). A long one must not
 * travel back whole: the message rides in the grpc-message trailer, and grpc-js
 * clients stall on trailers of some tens of KB — the call and the next one on
 * the connection hang until their deadline.
 */
export const ERROR_MESSAGE_LENGTH_MAX = 1024;
/** How much of one echoed input (`echo()`) a message repeats. */
export const ECHO_LENGTH_MAX = 200;

/** `text` cut to at most `lengthMax` characters, ending with its full size in bytes (so cutting again changes nothing). */
export function truncateText(text: string, lengthMax: number): string {
  if (text.length <= lengthMax) return text;
  const suffix = `… (${new TextEncoder().encode(text).byteLength} bytes)`;
  let head = text.slice(0, Math.max(0, lengthMax - suffix.length));
  // Never leave half of a surrogate pair at the cut.
  if (/[\uD800-\uDBFF]$/.test(head)) head = head.slice(0, -1);
  return `${head}${suffix}`;
}

/** A client's input as an error message quotes it: at most ECHO_LENGTH_MAX characters. */
export function echo(value: string): string {
  return truncateText(value, ECHO_LENGTH_MAX);
}

export class CairnError extends Error {
  override name = 'CairnError';
  readonly code: ErrorCode;
  readonly retriable: boolean;
  readonly leaderHint: number | undefined;
  readonly leaderAddress: string | undefined;
  readonly details: Readonly<Record<string, string>> | undefined;

  /** `message` defaults to the table's; the code is not repeated in it (`error.code` has it). */
  constructor(code: ErrorCode, message: string = ERROR_CODES[code].message, options: CairnErrorOptions = {}) {
    super(truncateText(message, ERROR_MESSAGE_LENGTH_MAX), options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retriable = ERROR_CODES[code].retriable;
    this.leaderHint = options.leaderHint;
    this.leaderAddress = options.leaderAddress;
    this.details = options.details;
  }
}

export function isErrorCode(text: string): text is ErrorCode {
  return Object.hasOwn(ERROR_CODES, text);
}

/** For a server handler's callback: `callback(toGrpcError(error))`. */
export function toGrpcError(error: CairnError): ServerErrorResponse {
  const metadata = new Metadata();
  metadata.set(TRAILER_ERROR_CODE, error.code);
  if (error.leaderHint !== undefined) metadata.set(TRAILER_LEADER_HINT, String(error.leaderHint));
  if (error.leaderAddress !== undefined) metadata.set(TRAILER_LEADER_ADDRESS, error.leaderAddress);
  return Object.assign(new Error(error.message), {
    code: ERROR_CODES[error.code].grpcStatus,
    details: error.message,
    metadata,
  });
}

/** What the SDK falls back to when a status carries no Cairn code (a proxy, grpc-js itself, an older server). */
const CODE_BY_GRPC_STATUS: Partial<Record<status, ErrorCode>> = {
  [status.UNAVAILABLE]: 'UNAVAILABLE',
  [status.DEADLINE_EXCEEDED]: 'REQUEST_TIMED_OUT',
  [status.UNAUTHENTICATED]: 'UNAUTHENTICATED',
  [status.PERMISSION_DENIED]: 'UNAUTHORIZED',
  [status.INVALID_ARGUMENT]: 'INVALID_REQUEST',
  [status.CANCELLED]: 'CLIENT_CLOSED',
  // grpc-js itself refuses a message above a receive limit (either side's) with this status and no Cairn code.
  [status.RESOURCE_EXHAUSTED]: 'INVALID_REQUEST',
};

/** A grpc-js ServiceError, or anything shaped like one. */
export type GrpcErrorLike = Error & Partial<Pick<StatusObject, 'code' | 'details' | 'metadata'>>;

/** `source` (a node's address) prefixes messages that no Cairn server wrote, such as a refused connection. */
export function fromGrpcError(error: GrpcErrorLike, source?: string): CairnError {
  const trailer = (key: string): string | undefined => {
    const value = error.metadata?.get(key)[0];
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  const sentCode = trailer(TRAILER_ERROR_CODE);
  const grpcStatus = error.code ?? status.UNKNOWN;
  const code = sentCode !== undefined && isErrorCode(sentCode) ? sentCode : (CODE_BY_GRPC_STATUS[grpcStatus] ?? 'INTERNAL');
  const hint = Number(trailer(TRAILER_LEADER_HINT));
  const details: Record<string, string> = { grpcStatus: status[grpcStatus] ?? String(grpcStatus) };
  // A newer server may send a code this SDK does not know; keep it visible.
  if (sentCode !== undefined && sentCode !== code) details.serverCode = sentCode;
  const message = error.details || error.message || ERROR_CODES[code].message;
  return new CairnError(code, sentCode === undefined && source !== undefined ? `${source}: ${message}` : message, {
    cause: error,
    leaderHint: Number.isSafeInteger(hint) && hint > 0 ? hint : undefined,
    leaderAddress: trailer(TRAILER_LEADER_ADDRESS),
    details,
  });
}

/**
 * A per-partition error of a data-path result (`error_code`, `error_message`,
 * `leader_hint`). A code this SDK does not know becomes INTERNAL, keeping the
 * server's code in `details.serverCode`.
 */
export function fromResultCode(errorCode: string, errorMessage: string, leaderHint = 0): CairnError {
  const known = isErrorCode(errorCode);
  return new CairnError(known ? errorCode : 'INTERNAL', errorMessage || (known ? ERROR_CODES[errorCode].message : errorCode), {
    leaderHint: leaderHint > 0 ? leaderHint : undefined,
    details: known ? undefined : { serverCode: errorCode },
  });
}
