/** Public vocabulary of the peer transport: envelopes, options, handlers, counters. */
import type { ChannelCredentials, ChannelOptions } from '@grpc/grpc-js';
import type { Message, NodeId } from '../raft/types.js';

/** One Raft message of one group (a partition or the metadata group; a u32 on the wire). */
export interface Envelope {
  readonly group: number;
  readonly message: Message;
}

/** Who opened a stream: sent first on every Stream, and inside every snapshot header. */
export interface PeerHello {
  readonly nodeId: NodeId;
  readonly clusterId: string;
  /** Identifies this node's data directory, so a node that lost its data cannot pose as its old self. */
  readonly incarnation: string;
}

/**
 * Why a stream was refused. A refused inbound stream ends with FAILED_PRECONDITION whose details
 * start with the code, and the code in the `cairn-peer-refusal` trailer; both ends log it.
 * - `wrong-cluster`: the hello names another cluster id.
 * - `invalid-node-id`: 0, or the receiver's own id.
 * - `not-a-member`: neither the founding configuration nor the metadata image admits the node.
 * - `replaced-data`: the node is registered with another incarnation (its data directory was replaced).
 * - `wrong-node`: the node we dialled answered under another id.
 * - `not-a-node-certificate` (TLS): the connection's certificate names no node of this cluster, or
 *   is a client certificate (peer-certificate.ts).
 * - `certificate-mismatch` (TLS): the hello claims another node id than the certificate names.
 */
export type PeerRefusal =
  | 'wrong-cluster'
  | 'invalid-node-id'
  | 'not-a-member'
  | 'replaced-data'
  | 'wrong-node'
  | 'not-a-node-certificate'
  | 'certificate-mismatch';

export const PEER_REFUSAL_METADATA = 'cairn-peer-refusal';

export type PeerVerdict = { readonly ok: true } | { readonly ok: false; readonly refusal: PeerRefusal; readonly reason: string };

export interface TransportHandlers {
  /** Messages from `from`, in the order they were received; heartbeats come expanded into Raft messages. */
  onMessages(from: NodeId, envelopes: readonly Envelope[]): void;
  /**
   * A complete snapshot (`message.type` is Snap, `message.snapshot.data` holds all its bytes).
   * The sender learns success only after the returned promise resolves; a rejection reports failure.
   */
  onSnapshot(from: NodeId, group: number, message: Message): Promise<void>;
  /**
   * Messages to `to` were lost (dropped at a bound, or while the stream was down). Called from
   * flush(), at most once per peer per turn, so the host can tell Raft (reportUnreachable).
   */
  onUnreachable?(to: NodeId): void;
}

/** pino-compatible: `logger.warn({ peer: 2 }, 'peer refused the stream')`. */
export interface TransportLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export interface PeerTransportOptions {
  readonly selfId: NodeId;
  readonly clusterId: string;
  readonly incarnation: string;
  /** Peer id → "host:port" of its peer gRPC server. An entry for `selfId` is ignored. */
  readonly peers: ReadonlyMap<NodeId, string>;
  readonly handlers: TransportHandlers;
  /**
   * Decides whether to serve a stream from `hello`, after the transport's own checks (same
   * cluster id, a valid node id that is not ours). Defaults to accepting; the host admits only
   * members of the cluster, with the incarnation the metadata image records for them.
   */
  readonly acceptPeer?: (hello: PeerHello) => PeerVerdict;
  /**
   * With TLS between nodes: admit a stream or snapshot only over a connection whose verified
   * certificate names the node its hello claims (peer-certificate.ts). Without TLS there is no
   * certificate, and a hello is taken at its word.
   */
  readonly requireNodeCertificates?: boolean;
  readonly credentials?: ChannelCredentials;
  /** Merged over the transport's channel defaults (keepalive, reconnect backoff). */
  readonly channelOptions?: ChannelOptions;
  /** Per peer: estimated encoded bytes queued for the next frame plus written but not yet sent. */
  readonly queueBytesMax?: number;
  /** A turn's traffic to one peer is split into frames of about this size; one larger message goes alone. */
  readonly frameBytesMax?: number;
  readonly reconnectBackoffMinMs?: number;
  readonly reconnectBackoffMaxMs?: number;
  readonly snapshotChunkBytes?: number;
  /** Largest snapshot accepted from a peer; larger ones are refused before any memory is taken. */
  readonly snapshotBytesMax?: number;
  /** Snapshots being received at once; more are refused (RESOURCE_EXHAUSTED) and retried by Raft. */
  readonly snapshotsInboundMax?: number;
  /** Deadline of one whole snapshot transfer, including the receiver's onSnapshot. */
  readonly snapshotTimeoutMs?: number;
  readonly logger?: TransportLogger;
}

/** Counters of one peer, both directions. Sizes are estimates of encoded bytes. */
export interface PeerStats {
  /** The outbound stream's hello was accepted and it is still up. */
  readonly connected: boolean;
  readonly queuedBytes: number;
  readonly inflightBytes: number;
  readonly inflightFrames: number;
  readonly streamsOpened: number;
  readonly streamsRefused: number;
  readonly framesSent: number;
  readonly messagesSent: number;
  /** Dropped because the peer's queue was at queueBytesMax. */
  readonly droppedOverflow: number;
  /** Dropped because no stream to the peer was open (or the peer is unknown). */
  readonly droppedDisconnected: number;
  readonly framesReceived: number;
  readonly messagesReceived: number;
  /**
   * Frames on the peer's admitted stream that were refused, ending the stream: malformed, or
   * carrying a message whose sender is not the node the stream's hello admitted (a forgery).
   */
  readonly framesRefused: number;
}
