/**
 * Every node reports to the controller once a second and carries out what
 * the reply asks: leadership transfers, retiring groups it no longer holds.
 * The reply also tells it who leads every group and which nodes are live,
 * which is how any node answers Metadata requests.
 */
import type { ChannelCredentials, ChannelOptions } from '@grpc/grpc-js';
import type { PeerCertificate } from 'node:tls';
import type { Logger } from 'pino';
import type { ControllerClient } from '../gen/cairn/v1/cluster/Controller.js';
import type { HeartbeatReply__Output } from '../gen/cairn/v1/cluster/HeartbeatReply.js';
import type { NodeReport } from '../gen/cairn/v1/cluster/NodeReport.js';
import type { NodeId } from '../raft/index.js';
import { clusterProto } from './proto.js';

export interface ControllerLinkOptions {
  readonly selfId: NodeId;
  readonly credentials: ChannelCredentials;
  /** For the channels to the controller (the peer channel options, with TLS). */
  readonly channelOptions?: ChannelOptions;
  /**
   * With TLS: why the certificate a controller answered with is not a node certificate of this
   * cluster, or undefined when it is. Its reply tells this node who leads what, so it must not
   * come from a client or another cluster's node that shares the CA.
   */
  readonly answerProblem?: (cert: PeerCertificate | undefined) => string | undefined;
  /** Where the controller probably is: the metadata leader, or undefined when unknown. */
  readonly controllerGuess: () => NodeId | undefined;
  /** Peer address of a node, from configuration or the image. */
  readonly peerAddress: (id: NodeId) => string | undefined;
  /** Nodes to try when the controller is unknown. */
  readonly seeds: () => readonly NodeId[];
  /** Answers locally when this node is the controller. */
  readonly localController: (report: NodeReport) => HeartbeatReply__Output | undefined;
  readonly onReply: (reply: HeartbeatReply__Output) => void;
  readonly timeoutMs: number;
  readonly logger: Logger;
  readonly now: () => number;
}

export class ControllerLink {
  private readonly clients = new Map<string, ControllerClient>();
  private hint: NodeId | undefined;
  private seedCursor = 0;
  private lastError = '';
  /** The controller refused this node (a replaced data directory): it must not serve as a member. */
  refusal: string | undefined;
  /** When the controller last accepted a report; the link's creation until it first does. */
  private lastAcceptedMs: number;

  constructor(private readonly options: ControllerLinkOptions) {
    this.lastAcceptedMs = options.now();
  }

  /** How long no controller has accepted this node's reports: the controller counts it dead past nodeDeadAfterMs. */
  silentForMs(): number {
    return this.options.now() - this.lastAcceptedMs;
  }

  async report(report: NodeReport): Promise<void> {
    const local = this.options.localController(report);
    if (local !== undefined) {
      this.accept(local);
      return;
    }
    const target = this.target();
    const address = target === undefined ? undefined : this.options.peerAddress(target);
    if (address === undefined) return;
    try {
      this.accept(await this.send(address, report));
      this.lastError = '';
    } catch (error) {
      this.hint = undefined;
      const message = (error as Error).message;
      if (message !== this.lastError) this.options.logger.debug({ controller: target, err: message }, 'controller heartbeat failed');
      this.lastError = message;
    }
  }

  private target(): NodeId | undefined {
    const guess = this.hint ?? this.options.controllerGuess();
    if (guess !== undefined && guess !== this.options.selfId) return guess;
    const seeds = this.options.seeds().filter((id) => id !== this.options.selfId);
    if (seeds.length === 0) return undefined;
    return seeds[this.seedCursor++ % seeds.length];
  }

  private accept(reply: HeartbeatReply__Output): void {
    if (!reply.accepted) {
      this.hint = reply.controllerHint === 0 ? undefined : (reply.controllerHint as NodeId);
      if (reply.error !== '') {
        if (this.refusal !== reply.error) this.options.logger.error(reply.error);
        this.refusal = reply.error;
      }
      return;
    }
    this.refusal = undefined;
    this.lastAcceptedMs = this.options.now();
    this.options.onReply(reply);
  }

  private send(address: string, report: NodeReport): Promise<HeartbeatReply__Output> {
    let client = this.clients.get(address);
    if (client === undefined) {
      const Controller = clusterProto().cairn.v1.cluster.Controller;
      client = new Controller(address, this.options.credentials, this.options.channelOptions);
      this.clients.set(address, client);
    }
    const deadline = Date.now() + this.options.timeoutMs;
    return new Promise((resolve, reject) => {
      const call = client.heartbeat(report, { deadline }, (error, reply) => {
        if (error !== null || reply === undefined) return reject(error);
        const problem = this.options.answerProblem?.(call.getAuthContext()?.sslPeerCertificate);
        if (problem !== undefined) return reject(new Error(`the answer from ${address} is not a node's of this cluster: ${problem}`));
        resolve(reply);
      });
    });
  }

  close(): void {
    for (const client of this.clients.values()) client.close();
    this.clients.clear();
  }
}
