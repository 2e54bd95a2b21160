/** Shared fixtures for the transport tests: sample messages, real nodes on loopback, condition waits. */
import type { Server, ServerCredentials } from '@grpc/grpc-js';
import { EntryType, MessageType, logIndex, message, nodeId, term } from '../../../src/raft/types.js';
import type { Message, NodeId } from '../../../src/raft/types.js';
import { PeerTransport, createPeerServer } from '../../../src/transport/index.js';
import type { Envelope, PeerTransportOptions, TransportLogger } from '../../../src/transport/index.js';

export const CLUSTER = 'cluster-test';

/** One message of every type that travels in batches (Snap travels through sendSnapshot). */
export function sampleMessages(from: NodeId, to: NodeId): Envelope[] {
  const big = Number.MAX_SAFE_INTEGER;
  const m = (fields: Partial<Message> & Pick<Message, 'type'>): Message => message({ from, to, term: term(7), ...fields });
  return [
    {
      group: 1,
      message: m({
        type: MessageType.App,
        index: logIndex(41),
        logTerm: term(6),
        commit: logIndex(40),
        entries: [
          { term: term(7), index: logIndex(42), type: EntryType.Normal, data: new Uint8Array([1, 2, 3]) },
          { term: term(7), index: logIndex(43), type: EntryType.ConfChange, data: new Uint8Array([9]) },
          { term: term(7), index: logIndex(44), type: EntryType.Normal, data: new Uint8Array(0) },
        ],
      }),
    },
    {
      group: 2,
      message: m({
        type: MessageType.AppResp,
        index: logIndex(big),
        reject: true,
        rejectHint: logIndex(big - 1),
        logTerm: term(5),
      }),
    },
    { group: 3, message: m({ type: MessageType.Vote, index: logIndex(10), logTerm: term(6), transfer: true }) },
    { group: 3, message: m({ type: MessageType.VoteResp, reject: true }) },
    { group: 4, message: m({ type: MessageType.PreVote, term: term(8), index: logIndex(10), logTerm: term(6) }) },
    { group: 4, message: m({ type: MessageType.PreVoteResp, term: term(8) }) },
    { group: 5, message: m({ type: MessageType.Heartbeat, commit: logIndex(12) }) },
    { group: 6, message: m({ type: MessageType.HeartbeatResp }) },
    // A heartbeat carrying more than term and commit must not be squeezed into the compact form.
    { group: 7, message: m({ type: MessageType.Heartbeat, commit: logIndex(3), index: logIndex(4) }) },
    { group: 0xffff_ffff, message: m({ type: MessageType.TimeoutNow, term: term(big) }) },
  ];
}

/** Entry data as hex, so a received Buffer compares equal to the Uint8Array that was sent. */
export function plain(envelopes: readonly Envelope[]): unknown[] {
  return envelopes.map(({ group, message: msg }) => ({
    group,
    ...msg,
    entries: msg.entries.map((e) => ({ ...e, data: Buffer.from(e.data).toString('hex') })),
  }));
}

/** The order a batch is delivered in: full messages, then heartbeats, then heartbeat responses. */
export function deliveryOrder(envelopes: readonly Envelope[], isCompact: (m: Message) => boolean): Envelope[] {
  const full = envelopes.filter((e) => !isCompact(e.message));
  const beats = envelopes.filter((e) => isCompact(e.message) && e.message.type === MessageType.Heartbeat);
  const answers = envelopes.filter((e) => isCompact(e.message) && e.message.type === MessageType.HeartbeatResp);
  return [...full, ...beats, ...answers];
}

export async function waitFor(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export interface LogLine {
  readonly level: 'info' | 'warn' | 'error';
  readonly fields: object;
  readonly message: string;
}

export function recordingLogger(lines: LogLine[]): TransportLogger {
  return {
    info: (fields, msg) => lines.push({ level: 'info', fields, message: msg }),
    warn: (fields, msg) => lines.push({ level: 'warn', fields, message: msg }),
    error: (fields, msg) => lines.push({ level: 'error', fields, message: msg }),
  };
}

/** A transport with a recording handler and its own peer server on an ephemeral loopback port. */
export class TestNode {
  readonly received: { from: NodeId; envelopes: readonly Envelope[] }[] = [];
  readonly snapshots: { from: NodeId; group: number; message: Message }[] = [];
  readonly unreachable: NodeId[] = [];
  readonly logs: LogLine[] = [];
  /** Runs before a snapshot is recorded; a rejection makes the sender's sendSnapshot resolve false. */
  beforeSnapshot: (message: Message) => Promise<void> = async () => {};
  transport!: PeerTransport;
  server!: Server;
  port = 0;

  private constructor(readonly id: NodeId) {}

  /** `serverCredentials`: the peer server's (TLS in the transport-security tests); plaintext by default. */
  static async start(id: number, options: Partial<PeerTransportOptions> = {}, address = '127.0.0.1:0', serverCredentials?: ServerCredentials): Promise<TestNode> {
    const node = new TestNode(nodeId(id));
    node.transport = new PeerTransport({
      selfId: node.id,
      clusterId: CLUSTER,
      incarnation: `incarnation-${id}`,
      peers: new Map(),
      reconnectBackoffMinMs: 20,
      reconnectBackoffMaxMs: 200,
      logger: recordingLogger(node.logs),
      handlers: {
        onMessages: (from, envelopes) => node.received.push({ from, envelopes }),
        onSnapshot: async (from, group, msg) => {
          await node.beforeSnapshot(msg);
          node.snapshots.push({ from, group, message: msg });
        },
        onUnreachable: (to) => node.unreachable.push(to),
      },
      ...options,
    });
    const { server, port } = await createPeerServer(node.transport, address, serverCredentials);
    node.server = server;
    node.port = port;
    return node;
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  messages(): Envelope[] {
    return this.received.flatMap((r) => r.envelopes);
  }

  stop(): void {
    this.transport.close();
    this.server.forceShutdown();
  }
}

/** Points each node's transport at the others. */
export function connectAll(nodes: readonly TestNode[]): void {
  for (const node of nodes) {
    node.transport.setPeers(new Map(nodes.filter((n) => n !== node).map((n) => [n.id, n.address])));
  }
}
