/**
 * The outbound half of one ordered pair of nodes: a long-lived `Stream` call that opens with a
 * hello, then carries one frame per flush. Memory is bounded per peer: what waits for the next
 * frame plus what grpc has accepted but not yet handed to the socket never exceeds queueBytesMax,
 * and no frame is written while grpc asks us to wait for 'drain'. Beyond the bound, and whenever
 * the stream is not open, messages are dropped and counted: Raft retransmits, and a message held
 * back across a reconnect would arrive stale.
 */
import { status } from '@grpc/grpc-js';
import type { ChannelCredentials, ChannelOptions, ClientWritableStream, Metadata, ServiceError } from '@grpc/grpc-js';
import type { PeerCertificate } from 'node:tls';
import type { NodeId } from '../raft/types.js';
import type { PeerClient } from '../gen/cairn/v1/raft/Peer.js';
import type { PeerFrame } from '../gen/cairn/v1/raft/PeerFrame.js';
import type { PeerHello as PeerHelloProto } from '../gen/cairn/v1/raft/PeerHello.js';
import { backoffDelayMs } from './backoff.js';
import { encodeBatch, envelopeBytes, helloFromMetadata } from './message-codec.js';
import { peerProto } from './proto.js';
import { PEER_REFUSAL_METADATA } from './types.js';
import type { Envelope, PeerHello, PeerStats, PeerVerdict, TransportLogger } from './types.js';

export type PeerCounters = {
  -readonly [K in Exclude<keyof PeerStats, keyof QueueState>]: PeerStats[K];
};

type QueueState = Pick<PeerStats, 'connected' | 'queuedBytes' | 'inflightBytes' | 'inflightFrames'>;

export function newPeerCounters(): PeerCounters {
  return {
    streamsOpened: 0,
    streamsRefused: 0,
    framesSent: 0,
    messagesSent: 0,
    droppedOverflow: 0,
    droppedDisconnected: 0,
    framesReceived: 0,
    messagesReceived: 0,
    framesRefused: 0,
  };
}

export interface PeerLinkConfig {
  readonly to: NodeId;
  readonly address: string;
  readonly hello: PeerHelloProto;
  readonly credentials: ChannelCredentials;
  readonly channelOptions: ChannelOptions;
  readonly queueBytesMax: number;
  readonly frameBytesMax: number;
  readonly reconnectBackoffMinMs: number;
  readonly reconnectBackoffMaxMs: number;
  readonly counters: PeerCounters;
  readonly logger: TransportLogger;
  /**
   * Checks the hello the answering node returns, with the certificate it answered with (with TLS):
   * we must not replicate to a node that lost its data, or to one posing as the node we dialled.
   */
  readonly admit: (hello: PeerHello, cert: PeerCertificate | undefined) => PeerVerdict;
}

type LinkState = 'connecting' | 'open' | 'backoff' | 'closed';

export class PeerLink {
  readonly client: PeerClient;
  private state: LinkState = 'connecting';
  private call: ClientWritableStream<PeerFrame> | null = null;
  private pending: Envelope[] = [];
  private pendingBytes = 0;
  private inflightBytes = 0;
  private inflightFrames = 0;
  /** grpc's write() returned false: hold frames until 'drain'. */
  private blocked = false;
  private attempts = 0;
  private openedAtMs = 0;
  private timer: NodeJS.Timeout | null = null;
  /** Messages were dropped or lost since the last flush. */
  private lost = false;
  /** The last problem logged, so a peer that stays down or keeps refusing is logged once, not per retry. */
  private lastProblem = '';
  private refusedCall: ClientWritableStream<PeerFrame> | null = null;

  constructor(private readonly config: PeerLinkConfig) {
    this.client = new (peerProto().Peer)(config.address, config.credentials, config.channelOptions);
    this.connect();
  }

  get address(): string {
    return this.config.address;
  }

  isOpen(): boolean {
    return this.state === 'open';
  }

  queueState(): QueueState {
    return {
      connected: this.state === 'open',
      queuedBytes: this.pendingBytes,
      inflightBytes: this.inflightBytes,
      inflightFrames: this.inflightFrames,
    };
  }

  /** Queues for the next frame, or drops and counts when the stream is not open or the queue is full. */
  enqueue(envelope: Envelope): void {
    if (this.state !== 'open') {
      this.config.counters.droppedDisconnected++;
      this.lost = true;
      return;
    }
    const bytes = envelopeBytes(envelope);
    if (this.pendingBytes + this.inflightBytes + bytes > this.config.queueBytesMax) {
      this.config.counters.droppedOverflow++;
      this.lost = true;
      return;
    }
    this.pending.push(envelope);
    this.pendingBytes += bytes;
  }

  /** Writes what is queued (unless grpc is full); returns whether messages were lost since the last flush. */
  flush(): boolean {
    this.writePending();
    const lost = this.lost;
    this.lost = false;
    return lost;
  }

  close(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    if (this.timer !== null) clearTimeout(this.timer);
    const call = this.call;
    this.resetQueue();
    call?.cancel();
    this.client.close();
  }

  private connect(): void {
    this.timer = null;
    this.state = 'connecting';
    const call = this.client.Stream((error) => this.onStreamEnd(call, error));
    this.call = call;
    // The server sends response headers only once it accepted our hello; they carry its own.
    call.on('metadata', (metadata: Metadata) => this.onAccepted(call, metadata));
    call.on('drain', () => {
      if (this.call !== call) return;
      this.blocked = false;
      this.writePending();
    });
    call.write({ hello: this.config.hello });
  }

  private onAccepted(call: ClientWritableStream<PeerFrame>, metadata: Metadata): void {
    if (this.call !== call) return;
    const hello = helloFromMetadata(metadata);
    const verdict: PeerVerdict =
      hello === undefined
        ? { ok: false, refusal: 'wrong-node', reason: 'the peer did not say which node it is' }
        : this.config.admit(hello, call.getAuthContext()?.sslPeerCertificate);
    if (!verdict.ok) {
      const fields = { peer: this.config.to, address: this.config.address, refusal: verdict.refusal, reason: verdict.reason };
      if (verdict.reason !== this.lastProblem) this.config.logger.warn(fields, 'peer refused: not sending to it');
      this.lastProblem = verdict.reason;
      this.config.counters.streamsRefused++;
      this.refusedCall = call;
      call.cancel();
      return;
    }
    this.state = 'open';
    this.openedAtMs = performance.now();
    this.lastProblem = '';
    this.config.counters.streamsOpened++;
    this.config.logger.info({ peer: this.config.to, address: this.config.address }, 'peer stream open');
  }

  private writePending(): void {
    const call = this.call;
    if (call === null || this.state !== 'open') return;
    let start = 0;
    while (start < this.pending.length && !this.blocked) {
      // A frame takes messages up to frameBytesMax, and always at least one.
      let end = start;
      let frameBytes = 0;
      while (end < this.pending.length) {
        const bytes = envelopeBytes(this.pending[end]!);
        if (end > start && frameBytes + bytes > this.config.frameBytesMax) break;
        frameBytes += bytes;
        end++;
      }
      this.writeFrame(call, this.pending.slice(start, end), frameBytes);
      start = end;
    }
    this.pending = start === this.pending.length ? [] : this.pending.slice(start);
  }

  private writeFrame(call: ClientWritableStream<PeerFrame>, envelopes: Envelope[], frameBytes: number): void {
    this.pendingBytes -= frameBytes;
    this.inflightBytes += frameBytes;
    this.inflightFrames++;
    this.config.counters.framesSent++;
    this.config.counters.messagesSent += envelopes.length;
    const more = call.write({ batch: encodeBatch(envelopes) }, () => {
      // Runs once grpc handed the frame to HTTP/2 (or the call died; then the counts were reset).
      if (this.call !== call) return;
      this.inflightBytes -= frameBytes;
      this.inflightFrames--;
    });
    if (!more) this.blocked = true;
  }

  private onStreamEnd(call: ClientWritableStream<PeerFrame>, error: ServiceError | null): void {
    if (this.call !== call) return;
    const wasOpen = this.state === 'open';
    if (this.pending.length > 0 || this.inflightFrames > 0) this.lost = true;
    this.config.counters.droppedDisconnected += this.pending.length;
    this.resetQueue();
    // A stream we cancelled because the peer failed our check was logged when we refused it.
    if (this.refusedCall !== call) this.logEnd(error, wasOpen);
    // A stream that stayed up for a while earns a fast retry; one that keeps failing backs off further.
    if (wasOpen && performance.now() - this.openedAtMs >= this.config.reconnectBackoffMaxMs) this.attempts = 0;
    const { reconnectBackoffMinMs: minMs, reconnectBackoffMaxMs: maxMs } = this.config;
    const delayMs = backoffDelayMs(this.attempts++, minMs, maxMs, Math.random);
    this.state = 'backoff';
    this.timer = setTimeout(() => this.connect(), delayMs);
    this.timer.unref();
  }

  private resetQueue(): void {
    this.call = null;
    this.pending = [];
    this.pendingBytes = 0;
    this.inflightBytes = 0;
    this.inflightFrames = 0;
    this.blocked = false;
  }

  private logEnd(error: ServiceError | null, wasOpen: boolean): void {
    const code = error?.code ?? status.OK;
    const refused = code === status.FAILED_PRECONDITION;
    if (refused) this.config.counters.streamsRefused++;
    const reason = error?.details ?? 'stream ended by the peer';
    const problem = `${status[code]}: ${reason}`;
    if (problem === this.lastProblem) return;
    this.lastProblem = problem;
    const refusal = error?.metadata?.get(PEER_REFUSAL_METADATA)[0];
    const fields = { peer: this.config.to, address: this.config.address, code: status[code], reason, ...(refusal !== undefined && { refusal: String(refusal) }) };
    if (refused) this.config.logger.warn(fields, 'peer refused our stream; retrying with backoff');
    else this.config.logger.warn(fields, wasOpen ? 'peer stream broke; reconnecting' : 'cannot open peer stream; retrying');
  }
}
