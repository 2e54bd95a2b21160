/**
 * Carries the Raft traffic of every group between this node and its peers (DESIGN §3: one
 * long-lived stream per ordered pair of nodes, batched per loop turn). The host calls send() as
 * it walks the Readys of a turn, then flush() once: each peer gets one frame holding that turn's
 * messages of all groups, with heartbeats merged (see message-codec.ts). Snapshots go on their
 * own chunked stream. Inbound, the service's Stream handler admits a peer by its hello and hands
 * each frame's messages to onMessages.
 */
import { Metadata, credentials as grpcCredentials, status } from '@grpc/grpc-js';
import type { ChannelCredentials, ChannelOptions, ServerReadableStream, sendUnaryData } from '@grpc/grpc-js';
import type { PeerCertificate } from 'node:tls';
import { assert } from '../raft/assert.js';
import { MessageType, message as raftMessage } from '../raft/types.js';
import type { Message, NodeId } from '../raft/types.js';
import type { PeerFrame__Output } from '../gen/cairn/v1/raft/PeerFrame.js';
import type { PeerHandlers } from '../gen/cairn/v1/raft/Peer.js';
import type { PeerStreamEnd } from '../gen/cairn/v1/raft/PeerStreamEnd.js';
import type { SnapshotAck } from '../gen/cairn/v1/raft/SnapshotAck.js';
import type { SnapshotChunk__Output } from '../gen/cairn/v1/raft/SnapshotChunk.js';
import { decodeBatch, decodeHello, decodeSnapshotHeader, encodeHello, encodeSnapshotHeader, helloMetadata } from './message-codec.js';
import { PeerLink, newPeerCounters } from './peer-link.js';
import type { PeerCounters } from './peer-link.js';
import { PEER_MESSAGE_BYTES_MAX } from './peer-server.js';
import { SnapshotAssembly, streamSnapshot } from './snapshot-stream.js';
import type { SnapshotTransfer } from './snapshot-stream.js';
import { clipped, clippedHello } from './clip.js';
import { RefusalLog } from './refusal-log.js';
import { certifiedNode } from './peer-certificate.js';
import { PEER_REFUSAL_METADATA } from './types.js';
import type {
  Envelope,
  PeerHello,
  PeerRefusal,
  PeerStats,
  PeerTransportOptions,
  PeerVerdict,
  TransportHandlers,
  TransportLogger,
} from './types.js';

export const PEER_TRANSPORT_DEFAULTS = {
  queueBytesMax: 64 * 1024 * 1024,
  frameBytesMax: 4 * 1024 * 1024,
  reconnectBackoffMinMs: 100,
  reconnectBackoffMaxMs: 5_000,
  snapshotChunkBytes: 1024 * 1024,
  snapshotBytesMax: 1024 * 1024 * 1024,
  snapshotsInboundMax: 4,
  snapshotTimeoutMs: 5 * 60_000,
} as const;

const U32_MAX = 0xffff_ffff;
const isU32 = (n: number): boolean => Number.isInteger(n) && n >= 0 && n <= U32_MAX;
const isNodeId = (n: number): boolean => isU32(n) && n !== 0;

const SILENT: TransportLogger = { info: () => {}, warn: () => {}, error: () => {} };

type Limits = { -readonly [K in keyof typeof PEER_TRANSPORT_DEFAULTS]: number };

interface Outcome {
  readonly code: status;
  readonly details: string;
  readonly metadata?: Metadata;
}

/** Ends an inbound call: with a status for the peer, or null when the call is already gone. */
type EndInbound = (outcome: Outcome | null) => void;

const OK_STATUS: Outcome = { code: status.OK, details: 'OK' };

function answer<T>(respond: sendUnaryData<T>, outcome: Outcome, value: T): void {
  if (outcome.code === status.OK) respond(null, value);
  else respond(outcome);
}

export class PeerTransport {
  private readonly selfId: NodeId;
  private readonly clusterId: string;
  private readonly hello: PeerHello;
  private readonly handlers: TransportHandlers;
  private readonly acceptPeer: ((hello: PeerHello) => PeerVerdict) | undefined;
  private readonly requireNodeCertificates: boolean;
  private readonly limits: Limits;
  private readonly logger: TransportLogger;
  private readonly credentials: ChannelCredentials;
  private readonly channelOptions: ChannelOptions;
  private readonly links = new Map<NodeId, PeerLink>();
  private readonly counters = new Map<NodeId, PeerCounters>();
  /** Newest admitted stream per peer; an older one from the same node is ended when a newer arrives. */
  private readonly inbound = new Map<NodeId, EndInbound>();
  private readonly inboundSnapshots = new Set<EndInbound>();
  private readonly outboundSnapshots = new Set<SnapshotTransfer>();
  /** Peers we had no link to when the host sent to them: reported unreachable at the next flush. */
  private readonly unknownLost = new Set<NodeId>();
  /** Refused hellos (streams and snapshots) by reason; not per node, since a refused node can claim any id. */
  private readonly refusalLog: RefusalLog;
  private readonly refusedHellos: Record<PeerRefusal, number> = {
    'wrong-cluster': 0,
    'invalid-node-id': 0,
    'not-a-member': 0,
    'replaced-data': 0,
    'wrong-node': 0,
    'not-a-node-certificate': 0,
    'certificate-mismatch': 0,
  };
  private closed = false;

  constructor(options: PeerTransportOptions) {
    assert(isNodeId(options.selfId), `self id ${options.selfId} is not a node id`);
    this.selfId = options.selfId;
    this.clusterId = options.clusterId;
    this.hello = { nodeId: options.selfId, clusterId: options.clusterId, incarnation: options.incarnation };
    this.handlers = options.handlers;
    this.acceptPeer = options.acceptPeer;
    this.requireNodeCertificates = options.requireNodeCertificates ?? false;
    this.logger = options.logger ?? SILENT;
    this.refusalLog = new RefusalLog(this.logger, 'more peer hellos refused than were logged');
    this.limits = { ...PEER_TRANSPORT_DEFAULTS };
    for (const key of Object.keys(this.limits) as (keyof Limits)[]) {
      const value = options[key] ?? this.limits[key];
      assert(Number.isSafeInteger(value) && value > 0, `peer transport option ${key} must be a positive integer, got ${value}`);
      this.limits[key] = value;
    }
    const l = this.limits;
    assert(l.reconnectBackoffMinMs <= l.reconnectBackoffMaxMs, 'reconnectBackoffMinMs must be ≤ reconnectBackoffMaxMs');
    assert(l.frameBytesMax <= l.queueBytesMax, 'frameBytesMax must be ≤ queueBytesMax');
    assert(l.frameBytesMax <= PEER_MESSAGE_BYTES_MAX, `frameBytesMax must be ≤ the peer server's ${PEER_MESSAGE_BYTES_MAX}`);
    assert(l.snapshotChunkBytes <= PEER_MESSAGE_BYTES_MAX, `snapshotChunkBytes must be ≤ ${PEER_MESSAGE_BYTES_MAX}`);
    this.credentials = options.credentials ?? grpcCredentials.createInsecure();
    this.channelOptions = {
      // Notice a peer that vanished without closing its connection.
      'grpc.keepalive_time_ms': 10_000,
      'grpc.keepalive_timeout_ms': 5_000,
      // The channel's own reconnects follow our pace, so a new call does not fail on a stale backoff.
      'grpc.initial_reconnect_backoff_ms': l.reconnectBackoffMinMs,
      'grpc.max_reconnect_backoff_ms': l.reconnectBackoffMaxMs,
      ...options.channelOptions,
    };
    this.setPeers(options.peers);
  }

  /** Queues messages for `to` until this turn's flush(). Never blocks; drops (counted) at the bounds. */
  send(to: NodeId, envelopes: readonly Envelope[]): void {
    if (this.closed) return;
    for (const envelope of envelopes) {
      const m = envelope.message;
      assert(m.from === this.selfId && m.to === to, `message ${m.from}→${m.to} sent as ${this.selfId}→${to}`);
      assert(m.type !== MessageType.Snap, 'snapshots go through sendSnapshot');
      assert(isU32(envelope.group), `group ${envelope.group} is not a u32`);
    }
    const link = this.links.get(to);
    if (link === undefined) {
      this.countersOf(to).droppedDisconnected += envelopes.length;
      this.unknownLost.add(to);
      return;
    }
    for (const envelope of envelopes) link.enqueue(envelope);
  }

  /** Once per host loop turn: writes each peer's queued messages as one frame, and reports losses. */
  flush(): void {
    if (this.closed) return;
    for (const [id, link] of this.links) {
      if (link.flush()) this.handlers.onUnreachable?.(id);
    }
    for (const id of this.unknownLost) this.handlers.onUnreachable?.(id);
    this.unknownLost.clear();
  }

  /**
   * Streams a Snap message's snapshot to `to`. Resolves true once the receiver's onSnapshot
   * resolved, false on any failure (the host then calls reportSnapshot with failure).
   */
  async sendSnapshot(to: NodeId, group: number, message: Message): Promise<boolean> {
    const snapshot = message.snapshot;
    assert(message.type === MessageType.Snap && snapshot !== null, 'sendSnapshot needs a Snap message with its snapshot');
    assert(message.from === this.selfId && message.to === to, `snapshot ${message.from}→${message.to} sent to ${to}`);
    const link = this.links.get(to);
    if (this.closed || link === undefined) {
      this.logger.warn({ peer: to, group }, 'snapshot not sent: no link to the peer');
      return false;
    }
    const header = encodeSnapshotHeader(this.hello, group, to, message.term, snapshot);
    const { snapshotChunkBytes, snapshotTimeoutMs } = this.limits;
    const transfer = streamSnapshot(link.client, header, snapshot.data, snapshotChunkBytes, snapshotTimeoutMs);
    this.outboundSnapshots.add(transfer);
    const error = await transfer.done;
    this.outboundSnapshots.delete(transfer);
    if (error !== null) {
      this.logger.warn({ peer: to, group, code: status[error.code], reason: error.details }, 'snapshot not delivered');
      return false;
    }
    return true;
  }

  /** Opens links to new peers, closes links to removed ones and reopens those whose address changed. */
  setPeers(peers: ReadonlyMap<NodeId, string>): void {
    if (this.closed) return;
    for (const [id, link] of this.links) {
      if (peers.get(id) === link.address) continue;
      link.close();
      this.links.delete(id);
    }
    for (const [id, address] of peers) {
      if (id === this.selfId || this.links.has(id)) continue;
      assert(isNodeId(id), `peer id ${id} is not a node id`);
      this.links.set(
        id,
        new PeerLink({
          to: id,
          address,
          hello: encodeHello(this.hello),
          credentials: this.credentials,
          channelOptions: this.channelOptions,
          queueBytesMax: this.limits.queueBytesMax,
          frameBytesMax: this.limits.frameBytesMax,
          reconnectBackoffMinMs: this.limits.reconnectBackoffMinMs,
          reconnectBackoffMaxMs: this.limits.reconnectBackoffMaxMs,
          counters: this.countersOf(id),
          logger: this.logger,
          admit: (hello, cert) =>
            hello.nodeId === id ? this.admit(hello, cert) : { ok: false, refusal: 'wrong-node', reason: `answered by node ${hello.nodeId}, not node ${id}` },
        }),
      );
    }
  }

  /** How many peers this transport has a link to, and to how many of them its stream is open. */
  linkCounts(): { readonly linked: number; readonly open: number } {
    let open = 0;
    for (const link of this.links.values()) if (link.isOpen()) open++;
    return { linked: this.links.size, open };
  }

  /** Whether our stream to `to` is open (its hello accepted), i.e. whether send() can reach it. */
  isConnected(to: NodeId): boolean {
    return this.links.get(to)?.isOpen() ?? false;
  }

  /** How many inbound hellos this transport refused since it started, by reason. */
  refusals(): Readonly<Record<PeerRefusal, number>> {
    return { ...this.refusedHellos };
  }

  /** Counts a call on the peer port refused before its hello reached us (for want of a node certificate). */
  countRefusal(refusal: PeerRefusal): void {
    this.refusedHellos[refusal]++;
  }

  stats(peer: NodeId): PeerStats {
    const queue = this.links.get(peer)?.queueState();
    return { ...this.countersOf(peer), ...(queue ?? { connected: false, queuedBytes: 0, inflightBytes: 0, inflightFrames: 0 }) };
  }

  /** The Peer service's handlers, to register on this node's peer gRPC server (see addPeerService). */
  service(): PeerHandlers {
    return {
      Stream: (call, respond) => this.serveStream(call, respond),
      InstallSnapshot: (call, respond) => this.serveSnapshot(call, respond),
    };
  }

  /** Closes every link and ends every inbound call; pending sendSnapshot calls resolve false. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const link of this.links.values()) link.close();
    this.links.clear();
    const closing = { code: status.UNAVAILABLE, details: 'peer transport closing' };
    for (const end of [...this.inbound.values(), ...this.inboundSnapshots]) end(closing);
    for (const transfer of this.outboundSnapshots) transfer.cancel();
  }

  private countersOf(peer: NodeId): PeerCounters {
    let counters = this.counters.get(peer);
    if (counters === undefined) {
      counters = newPeerCounters();
      this.counters.set(peer, counters);
    }
    return counters;
  }

  /** `cert` is the connection's verified certificate (undefined without TLS or without one). */
  private admit(hello: PeerHello, cert: PeerCertificate | undefined): PeerVerdict {
    if (hello.clusterId !== this.clusterId) {
      return { ok: false, refusal: 'wrong-cluster', reason: `cluster id "${clipped(hello.clusterId)}" is not this cluster's "${this.clusterId}"` };
    }
    if (hello.nodeId === 0 || hello.nodeId === this.selfId) {
      return { ok: false, refusal: 'invalid-node-id', reason: `node id ${hello.nodeId} cannot be a peer of node ${this.selfId}` };
    }
    if (this.requireNodeCertificates) {
      const certified = certifiedNode(cert, this.clusterId);
      if (!certified.ok) return certified;
      if (certified.nodeId !== hello.nodeId) {
        return { ok: false, refusal: 'certificate-mismatch', reason: `the hello claims node ${hello.nodeId} but the certificate names node ${certified.nodeId}` };
      }
    }
    return this.acceptPeer?.(hello) ?? { ok: true };
  }

  /** Counts an inbound hello we refused, and the status that tells its sender why. */
  private refusal(verdict: Extract<PeerVerdict, { ok: false }>): Outcome {
    this.refusedHellos[verdict.refusal]++;
    const metadata = new Metadata();
    metadata.set(PEER_REFUSAL_METADATA, verdict.refusal);
    return { code: status.FAILED_PRECONDITION, details: `${verdict.refusal}: ${verdict.reason}`, metadata };
  }

  private serveStream(
    call: ServerReadableStream<PeerFrame__Output, PeerStreamEnd>,
    respond: sendUnaryData<PeerStreamEnd>,
  ): void {
    let from: NodeId | null = null;
    let ended = false;
    const end: EndInbound = (outcome) => {
      if (ended) return;
      ended = true;
      if (from !== null && this.inbound.get(from) === end) this.inbound.delete(from);
      if (outcome !== null) answer(respond, outcome, {});
    };
    const refuse = (outcome: Outcome, fields: object, refusal?: PeerRefusal): void => {
      const { code, details } = outcome;
      const logged = { ...fields, address: call.getPeer(), code: status[code], reason: details };
      if (refusal === undefined) this.logger.warn(logged, 'peer stream refused');
      else this.refusalLog.refused(refusal, { ...logged, refusal }, 'peer stream refused');
      end(outcome);
    };
    const malformed = (details: string): Outcome => ({ code: status.INVALID_ARGUMENT, details });
    call.on('data', (frame: PeerFrame__Output) => {
      if (ended) return;
      if (from === null) {
        if (this.closed) return end({ code: status.UNAVAILABLE, details: 'peer transport closing' });
        if (frame.hello == null) return refuse(malformed('the first frame must be a hello'), {});
        const hello = decodeHello(frame.hello);
        const verdict = this.admit(hello, call.getAuthContext().sslPeerCertificate);
        if (!verdict.ok) return refuse(this.refusal(verdict), { hello: clippedHello(hello) }, verdict.refusal);
        from = hello.nodeId;
        this.inbound.get(from)?.({ code: status.ABORTED, details: 'superseded by a newer stream from the same node' });
        this.inbound.set(from, end);
        // Response headers tell the sender its hello was accepted, and carry ours for it to check in turn.
        call.sendMetadata(helloMetadata(this.hello));
        return;
      }
      const counters = this.countersOf(from);
      if (frame.batch == null) {
        counters.framesRefused++;
        return refuse(malformed('expected a batch after the hello'), { peer: from });
      }
      // A message naming another sender than the stream's admitted node is refused with its whole frame.
      const decoded = decodeBatch(frame.batch, from, this.selfId);
      if (!decoded.ok) {
        counters.framesRefused++;
        return refuse(malformed(decoded.reason), { peer: from });
      }
      counters.framesReceived++;
      counters.messagesReceived += decoded.value.length;
      this.handlers.onMessages(from, decoded.value);
    });
    call.on('end', () => end(OK_STATUS));
    call.on('cancelled', () => end(null));
    // An 'error' without a listener would crash the process; the call is over either way.
    call.on('error', () => end(null));
  }

  private serveSnapshot(
    call: ServerReadableStream<SnapshotChunk__Output, SnapshotAck>,
    respond: sendUnaryData<SnapshotAck>,
  ): void {
    let assembly: SnapshotAssembly | null = null;
    let done = false;
    const end: EndInbound = (outcome) => {
      if (done) return;
      done = true;
      this.inboundSnapshots.delete(end);
      if (outcome !== null) answer(respond, outcome, {});
    };
    const failWith = (outcome: Outcome, refusal?: PeerRefusal): void => {
      const fields = { peer: assembly?.header.sender.nodeId, address: call.getPeer(), group: assembly?.header.group };
      const logged = { ...fields, code: status[outcome.code], reason: outcome.details };
      if (refusal === undefined) this.logger.warn(logged, 'snapshot refused');
      else this.refusalLog.refused(refusal, { ...logged, refusal }, 'snapshot refused');
      end(outcome);
    };
    const fail = (code: status, details: string): void => failWith({ code, details });
    if (this.closed) return end({ code: status.UNAVAILABLE, details: 'peer transport closing' });
    if (this.inboundSnapshots.size >= this.limits.snapshotsInboundMax) {
      return fail(status.RESOURCE_EXHAUSTED, `already receiving ${this.inboundSnapshots.size} snapshots`);
    }
    this.inboundSnapshots.add(end);
    call.on('data', (chunk: SnapshotChunk__Output) => {
      if (done) return;
      if (assembly === null) {
        if (chunk.header == null) return fail(status.INVALID_ARGUMENT, 'the first chunk must be the header');
        const header = decodeSnapshotHeader(chunk.header);
        if (!header.ok) return fail(status.INVALID_ARGUMENT, header.reason);
        const verdict = this.admit(header.value.sender, call.getAuthContext().sslPeerCertificate);
        if (!verdict.ok) return failWith(this.refusal(verdict), verdict.refusal);
        if (header.value.to !== this.selfId) {
          return fail(status.FAILED_PRECONDITION, `snapshot for node ${header.value.to} reached node ${this.selfId}`);
        }
        const { dataBytes } = header.value;
        if (dataBytes > this.limits.snapshotBytesMax) {
          return fail(status.RESOURCE_EXHAUSTED, `snapshot of ${dataBytes} bytes exceeds ${this.limits.snapshotBytesMax}`);
        }
        assembly = new SnapshotAssembly(header.value);
        return;
      }
      if (chunk.data === undefined) return fail(status.INVALID_ARGUMENT, 'expected a data chunk');
      const problem = assembly.append(chunk.data);
      if (problem !== null) fail(status.INVALID_ARGUMENT, problem);
    });
    call.on('end', () => {
      if (done) return;
      if (assembly === null) return fail(status.INVALID_ARGUMENT, 'snapshot stream without a header');
      const snapshot = assembly.finish();
      if (!snapshot.ok) return fail(status.INVALID_ARGUMENT, snapshot.reason);
      const { sender, group, term } = assembly.header;
      const from = sender.nodeId;
      const message = raftMessage({ type: MessageType.Snap, from, to: this.selfId, term, snapshot: snapshot.value });
      this.handlers.onSnapshot(from, group, message).then(
        () => end(OK_STATUS),
        (error: unknown) => {
          const reason = error instanceof Error ? error.message : String(error);
          fail(status.UNAVAILABLE, `snapshot not installed: ${reason}`);
        },
      );
    });
    call.on('cancelled', () => end(null));
    call.on('error', () => end(null));
  }
}
