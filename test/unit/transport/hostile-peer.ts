/**
 * A peer client that says whatever it likes: any hello, then any frames, on a raw `Stream` call
 * of the peer protocol. Tests use it to play a stranger or a forger against a node's peer port.
 */
import { credentials, status } from '@grpc/grpc-js';
import type { ChannelCredentials, ClientWritableStream, ServiceError } from '@grpc/grpc-js';
import type { PeerClient } from '../../../src/gen/cairn/v1/raft/Peer.js';
import type { PeerFrame } from '../../../src/gen/cairn/v1/raft/PeerFrame.js';
import { encodeBatch } from '../../../src/transport/message-codec.js';
import { peerProto } from '../../../src/transport/proto.js';
import { PEER_REFUSAL_METADATA } from '../../../src/transport/index.js';
import type { Envelope, PeerHello } from '../../../src/transport/index.js';

/** How a stream ended: its status, and the refusal code when the node refused the hello. */
export interface StreamEnd {
  readonly code: status;
  readonly details: string;
  readonly refusal: string | undefined;
}

export class HostileStream {
  /** Resolves true once the node accepted the hello (sent its response headers), false if it ended the stream first. */
  readonly accepted: Promise<boolean>;
  readonly ended: Promise<StreamEnd>;
  private readonly call: ClientWritableStream<PeerFrame>;
  private state: 'waiting' | 'open' | 'ended' = 'waiting';

  constructor(client: PeerClient, hello: PeerHello) {
    let settleAccepted!: (accepted: boolean) => void;
    let settleEnded!: (end: StreamEnd) => void;
    this.accepted = new Promise((resolve) => (settleAccepted = resolve));
    this.ended = new Promise((resolve) => (settleEnded = resolve));
    this.call = client.Stream((error: ServiceError | null) => {
      this.state = 'ended';
      settleAccepted(false);
      const refusal = error?.metadata.get(PEER_REFUSAL_METADATA)[0];
      settleEnded({ code: error?.code ?? status.OK, details: error?.details ?? '', refusal: refusal === undefined ? undefined : String(refusal) });
    });
    this.call.on('metadata', () => {
      if (this.state === 'waiting') this.state = 'open';
      settleAccepted(true);
    });
    this.call.write({ hello });
  }

  /** Accepted and not ended yet. */
  get isOpen(): boolean {
    return this.state === 'open';
  }

  get isEnded(): boolean {
    return this.state === 'ended';
  }

  /** Sends one frame of messages, whatever they claim. */
  send(envelopes: readonly Envelope[]): void {
    this.call.write({ batch: encodeBatch(envelopes) });
  }

  cancel(): void {
    this.call.cancel();
  }
}

export class HostilePeer {
  private readonly client: PeerClient;

  /** `channelCredentials`: TLS with whatever certificate the test plays with; plaintext by default. */
  constructor(address: string, channelCredentials: ChannelCredentials = credentials.createInsecure()) {
    this.client = new (peerProto().Peer)(address, channelCredentials);
  }

  open(hello: PeerHello): HostileStream {
    return new HostileStream(this.client, hello);
  }

  close(): void {
    this.client.close();
  }
}
