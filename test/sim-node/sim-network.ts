/**
 * The seeded network between simulated nodes. Each node's HostTransport
 * gathers a turn's envelopes per peer and, at flush(), encodes them with
 * the real peer codec (message-codec.ts) into the PeerBatch protobuf bytes
 * the gRPC stream would carry; the receiver decodes those bytes with the
 * real codec before its host sees them. On the way, per batch: loss,
 * duplication, a random delay (so batches overtake each other), and
 * partitions of directed links, checked when a batch leaves and when it
 * arrives. A sender learns a peer is unreachable when its link is cut or
 * the peer is down, as the real transport's onUnreachable reports.
 */
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';
import type { Envelope, HostTransport } from '../../src/host/ports.js';
import type { Message, NodeId, SeededRng } from '../../src/raft/index.js';
import { MessageType } from '../../src/raft/index.js';
import type { GroupId } from '../../src/storage/types.js';
import type { PeerBatch__Output as PeerBatchOut } from '../../src/gen/cairn/v1/raft/PeerBatch.js';
import { decodeBatch, encodeBatch } from '../../src/transport/message-codec.js';
import type { World } from './world.js';

const PROTO_FILE = fileURLToPath(new URL('../../proto/cairn/v1/raft.proto', import.meta.url));
let peerBatchType: protobuf.Type | undefined;

function peerBatch(): protobuf.Type {
  peerBatchType ??= protobuf.loadSync(PROTO_FILE).lookupType('cairn.v1.raft.PeerBatch');
  return peerBatchType;
}

export interface NetworkFaults {
  /** Delay bounds of one batch, µs. */
  readonly delayMinUs: number;
  readonly delayMaxUs: number;
  readonly loss: number;
  readonly duplicate: number;
}

/** What the network needs of a node. */
export interface Endpoint {
  /** The node's host while it runs, undefined while it is down. */
  receiver(): { receive(envelopes: readonly Envelope[]): void; peerUnreachable(peer: NodeId): void } | undefined;
}

export class SimNetwork {
  private readonly blocked = new Set<string>();
  private readonly endpoints = new Map<NodeId, Endpoint>();
  faults: NetworkFaults;
  /** Called for every granted vote a node sends (the checker holds it to one candidate per term; the nemesis may crash the voter right after). */
  onVoteGranted: (group: number, vote: Message) => void = () => {};
  /** Called for every vote request (a real election, not a pre-vote) a node sends. */
  onElection: (group: number, request: Message) => void = () => {};
  /** Called for every granted pre-vote delivered to its pre-candidate. */
  onPreVoteGranted: (group: number, answer: Message) => void = () => {};

  constructor(
    private readonly world: World,
    private readonly rng: SeededRng,
    faults: NetworkFaults,
  ) {
    this.faults = faults;
  }

  attach(id: NodeId, endpoint: Endpoint): void {
    this.endpoints.set(id, endpoint);
  }

  /** A transport for one run of node `from`; `alive` turns false when that run ends. */
  transport(from: NodeId, alive: () => boolean): HostTransport {
    const queues = new Map<NodeId, Envelope[]>();
    return {
      send: (to, envelopes) => {
        let queue = queues.get(to);
        if (queue === undefined) queues.set(to, (queue = []));
        queue.push(...envelopes);
      },
      flush: () => {
        for (const [to, envelopes] of queues) {
          for (const { group, message } of envelopes) {
            if (message.type === MessageType.VoteResp && !message.reject) this.onVoteGranted(group, message);
            if (message.type === MessageType.Vote) this.onElection(group, message);
          }
          this.ship(from, to, peerBatch().encode(peerBatch().fromObject(encodeBatch(envelopes))).finish());
        }
        queues.clear();
      },
      sendSnapshot: (to, group, message) => this.shipSnapshot(from, to, group, message, alive),
    };
  }

  isBlocked(from: NodeId, to: NodeId): boolean {
    return this.blocked.has(`${from}>${to}`);
  }

  block(from: NodeId, to: NodeId): void {
    this.blocked.add(`${from}>${to}`);
  }

  heal(): void {
    this.blocked.clear();
  }

  get partitioned(): boolean {
    return this.blocked.size > 0;
  }

  private delayUs(): number {
    return this.faults.delayMinUs + this.rng.int(this.faults.delayMaxUs - this.faults.delayMinUs + 1);
  }

  private reachable(from: NodeId, to: NodeId): boolean {
    return !this.isBlocked(from, to) && this.endpoints.get(to)?.receiver() !== undefined;
  }

  private ship(from: NodeId, to: NodeId, bytes: Uint8Array): void {
    if (!this.reachable(from, to)) {
      this.endpoints.get(from)?.receiver()?.peerUnreachable(to);
      return;
    }
    if (this.rng.float() < this.faults.loss) return;
    const copies = this.rng.float() < this.faults.duplicate ? 2 : 1;
    for (let i = 0; i < copies; i++) {
      this.world.after(this.delayUs(), () => {
        const receiver = this.endpoints.get(to)?.receiver();
        if (receiver === undefined || this.isBlocked(from, to)) return;
        const decoded = decodeBatch(peerBatch().toObject(peerBatch().decode(bytes), DECODE_OPTIONS) as PeerBatchOut, from, to);
        if (!decoded.ok) throw new Error(`a peer batch ${from}→${to} did not decode: ${decoded.reason}`);
        for (const { group, message } of decoded.value) if (message.type === MessageType.PreVoteResp && !message.reject) this.onPreVoteGranted(group, message);
        receiver.receive(decoded.value);
      });
    }
  }

  /** Snapshots travel whole, on their own, as the real snapshot stream; the promise says whether the peer took it. */
  private shipSnapshot(from: NodeId, to: NodeId, group: GroupId, message: Message, alive: () => boolean): Promise<boolean> {
    return new Promise((resolve) => {
      if (!this.reachable(from, to) || this.rng.float() < this.faults.loss) {
        this.world.after(this.delayUs(), () => resolve(false));
        return;
      }
      // The receiver gets its own copy of the data, as it assembles one from the stream's chunks.
      const snapshot = message.snapshot === null ? null : { ...message.snapshot, data: Uint8Array.from(message.snapshot.data) };
      this.world.after(this.delayUs(), () => {
        const receiver = this.endpoints.get(to)?.receiver();
        const delivered = receiver !== undefined && !this.isBlocked(from, to);
        if (delivered) receiver.receive([{ group, message: { ...message, snapshot } }]);
        if (alive()) resolve(delivered);
      });
    });
  }
}

/** As the peer transport's proto-loader options (src/transport/proto.ts). */
const DECODE_OPTIONS: protobuf.IConversionOptions = { longs: String, enums: String, defaults: true, arrays: true, oneofs: true };
