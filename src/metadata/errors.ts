/**
 * Operating errors of the metadata layer: values the caller branches on by
 * `kind`, with a message meant for the person who sent the request. The
 * frontend refuses bad requests with them before proposing; the state
 * machine refuses commands with them at apply time, when another proposal
 * has won a race.
 */
export type MetadataErrorKind =
  /** A topic of that name exists. */
  | 'topic-exists'
  /** No topic of that name, or it was deleted and created again since the request was made. */
  | 'unknown-topic'
  /** The topic has no partition with that number. */
  | 'unknown-partition'
  /** The topic name breaks the naming rule, or is reserved for internal topics. */
  | 'invalid-name'
  /** A partition count out of range, or not above the current count. */
  | 'invalid-partitions'
  /** A replication factor outside [1, REPLICATION_FACTOR_MAX]. */
  | 'invalid-replication-factor'
  /** Fewer (live or registered) nodes than the replication factor. */
  | 'not-enough-nodes'
  /** A replica list of the wrong size, with repeats, or naming unregistered nodes. */
  | 'invalid-assignment'
  /** An unknown config key or a value of the wrong type or range. */
  | 'invalid-config'
  /** A node registration with a bad id, address, rack or cluster. */
  | 'invalid-node'
  /** A node id registered with another data directory: a wiped disk must not rejoin as the old member. */
  | 'incarnation-mismatch'
  /** The partition's assignment changed since the proposer read it. */
  | 'stale-epoch'
  /** A cluster-wide bound (topics, partitions, nodes, group ids) would be exceeded. */
  | 'limit-exceeded'
  /** More partition replicas than the nodes admit (cores × partitionsPerCore each; admission.ts). */
  | 'partition-limit'
  /** A user name breaks the naming rule. */
  | 'invalid-user'
  /** No user of that name. */
  | 'unknown-user'
  /** A malformed ACL binding. */
  | 'invalid-acl'
  /** A token-signing key whose id is taken. */
  | 'invalid-token-key'
  /** No registered node with that id, or one decommissioned. */
  | 'unknown-node'
  /** A move onto a node that is not live, or that is being decommissioned. */
  | 'node-unavailable'
  /** The partition is already moving, or a move heads onto the node being decommissioned. */
  | 'move-in-progress';

export interface MetadataError {
  readonly kind: MetadataErrorKind;
  readonly message: string;
}

export interface Refusal {
  readonly ok: false;
  readonly error: MetadataError;
}

/** Either success with some fields, or a refusal. */
export type Outcome<T extends object = object> = ({ readonly ok: true } & Readonly<T>) | Refusal;

export function metadataError(kind: MetadataErrorKind, message: string): MetadataError {
  return { kind, message };
}

export function refusal(error: MetadataError): Refusal {
  return { ok: false, error };
}

/**
 * Bytes that do not decode to a well-formed command or image. Everything the
 * state machine applies was encoded by this module, so on a committed entry
 * this means a bug or mixed versions: the host must stop rather than skip the
 * entry, or replicas would diverge.
 */
export class MetadataDecodeError extends Error {
  override name = 'MetadataDecodeError';

  constructor(
    /** Where in the decoded value, e.g. `command.assignments[2][0]`. */
    readonly path: string,
    detail: string,
  ) {
    super(`cannot decode metadata at ${path}: ${detail}`);
  }
}
