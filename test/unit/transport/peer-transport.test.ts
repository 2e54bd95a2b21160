import { randomBytes } from 'node:crypto';
import { Server, ServerCredentials, credentials, status } from '@grpc/grpc-js';
import type { ServiceError , Metadata} from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import { EntryType, MessageType, logIndex, message, nodeId, term } from '../../../src/raft/types.js';
import type { LogIndex, Message, NodeId } from '../../../src/raft/types.js';
import { helloMetadata, isCompactHeartbeat } from '../../../src/transport/message-codec.js';
import { peerProto } from '../../../src/transport/proto.js';
import { PEER_SERVER_OPTIONS } from '../../../src/transport/index.js';
import type { Envelope, PeerTransportOptions } from '../../../src/transport/index.js';
import { CLUSTER, TestNode, connectAll, deliveryOrder, plain, sampleMessages, waitFor } from './helpers.js';

const MiB = 1024 * 1024;

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

async function node(id: number, options: Partial<PeerTransportOptions> = {}, address?: string): Promise<TestNode> {
  const started = await TestNode.start(id, options, address);
  cleanups.push(() => started.stop());
  return started;
}

async function bind(server: Server, address = '127.0.0.1:0'): Promise<number> {
  cleanups.push(() => server.forceShutdown());
  return new Promise((resolve, reject) =>
    server.bindAsync(address, ServerCredentials.createInsecure(), (error, port) =>
      error === null ? resolve(port) : reject(error),
    ),
  );
}

/** grpc-js client streams are object-mode Writables: write() returns false from 16 buffered frames on. */
const GRPC_WRITABLE_FRAMES_MAX = 17;

/** A peer server that accepts the hello, then never reads again: grpc stops draining and HTTP/2 flow control closes. */
async function startStuckPeer(id: NodeId): Promise<number> {
  const stuck = new Server(PEER_SERVER_OPTIONS);
  stuck.addService(peerProto().Peer.service, {
    Stream: (call: NodeJS.ReadableStream & { sendMetadata(m: Metadata): void }) => {
      call.once('data', () => {
        call.pause();
        call.sendMetadata(helloMetadata({ nodeId: id, clusterId: CLUSTER, incarnation: 'stuck' }));
      });
    },
    InstallSnapshot: (_call: unknown, respond: (error: { code: status }) => void) => respond({ code: status.UNIMPLEMENTED }),
  });
  return bind(stuck);
}

async function connectedPair(): Promise<[TestNode, TestNode]> {
  const a = await node(1);
  const b = await node(2);
  connectAll([a, b]);
  await waitFor(() => a.transport.isConnected(b.id) && b.transport.isConnected(a.id), 'both streams open');
  return [a, b];
}

function app(from: NodeId, to: NodeId, group: number, dataBytes: number): Envelope {
  const data = new Uint8Array(dataBytes);
  return {
    group,
    message: message({
      type: MessageType.App,
      from,
      to,
      term: term(1),
      entries: [{ term: term(1), index: logIndex(1), type: EntryType.Normal, data }],
    }),
  };
}

function heartbeat(type: MessageType, from: NodeId, to: NodeId, commit: LogIndex): Message {
  return message({ type, from, to, term: term(3), commit });
}

function snap(from: NodeId, to: NodeId, data: Uint8Array): Message {
  const metadata = { index: logIndex(500), term: term(3), conf: { voters: [from, to], learners: [] } };
  return message({ type: MessageType.Snap, from, to, term: term(4), snapshot: { metadata, data } });
}

describe('PeerTransport over gRPC', () => {
  it('delivers every message type both ways, intact', async () => {
    const [a, b] = await connectedPair();
    const toB = sampleMessages(a.id, b.id);
    const toA = sampleMessages(b.id, a.id);
    a.transport.send(b.id, toB);
    b.transport.send(a.id, toA);
    a.transport.flush();
    b.transport.flush();
    await waitFor(() => b.messages().length === toB.length && a.messages().length === toA.length, 'messages delivered');
    expect(b.received.every((r) => r.from === a.id)).toBe(true);
    expect(plain(b.messages())).toEqual(plain(deliveryOrder(toB, isCompactHeartbeat)));
    expect(plain(a.messages())).toEqual(plain(deliveryOrder(toA, isCompactHeartbeat)));
  });

  it('merges one turn of heartbeats from many groups into a single frame', async () => {
    const [a, b] = await connectedPair();
    const groups = 2_000;
    const framesBefore = b.transport.stats(a.id).framesReceived;
    const sent: Envelope[] = [];
    // As the host walks its groups' Readys: one send per group, one flush per turn.
    for (let group = 0; group < groups; group++) {
      const beat = { group, message: heartbeat(MessageType.Heartbeat, a.id, b.id, logIndex(group)) };
      const batch = group % 500 === 0 ? [beat, app(a.id, b.id, group, 100)] : [beat];
      a.transport.send(b.id, batch);
      sent.push(...batch);
    }
    a.transport.flush();
    await waitFor(() => b.messages().length === sent.length, 'heartbeats delivered');
    expect(b.transport.stats(a.id).framesReceived - framesBefore).toBe(1);
    expect(b.received).toHaveLength(1);
    expect(plain(b.messages())).toEqual(plain(deliveryOrder(sent, isCompactHeartbeat)));

    // And the answers travel back the same way.
    const answers = sent
      .filter((e) => e.message.type === MessageType.Heartbeat)
      .map((e) => ({ group: e.group, message: heartbeat(MessageType.HeartbeatResp, b.id, a.id, logIndex(0)) }));
    b.transport.send(a.id, answers);
    b.transport.flush();
    await waitFor(() => a.messages().length === groups, 'heartbeat responses delivered');
    expect(a.received).toHaveLength(1);
    expect(plain(a.messages())).toEqual(plain(answers));
  });

  it('splits a turn larger than frameBytesMax into frames of about that size', async () => {
    const a = await node(1, { frameBytesMax: 64 * 1024 });
    const b = await node(2);
    connectAll([a, b]);
    await waitFor(() => a.transport.isConnected(b.id), 'stream open');
    a.transport.send(b.id, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((group) => app(a.id, b.id, group, 20_000)));
    a.transport.flush();
    await waitFor(() => b.messages().length === 10, 'messages delivered');
    expect(a.transport.stats(b.id).framesSent).toBe(4); // 3 + 3 + 3 + 1 messages of ~20 KB
    expect(b.messages().map((e) => e.group)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('keeps a peer that never reads under its byte bound, dropping and counting the rest', async () => {
    const port = await startStuckPeer(nodeId(2));
    const queueBytesMax = 8 * MiB;
    const a = await node(1, { queueBytesMax });
    const stuckId = nodeId(2);
    a.transport.setPeers(new Map([[stuckId, `127.0.0.1:${port}`]]));
    await waitFor(() => a.transport.isConnected(stuckId), 'stream to the stuck peer open');

    const turns = 120; // 120 MiB of entries
    let peakBytes = 0;
    for (let turn = 0; turn < turns; turn++) {
      a.transport.send(stuckId, [app(a.id, stuckId, 1, MiB)]);
      a.transport.flush();
      const stats = a.transport.stats(stuckId);
      peakBytes = Math.max(peakBytes, stats.queuedBytes + stats.inflightBytes);
      expect(stats.queuedBytes + stats.inflightBytes).toBeLessThanOrEqual(queueBytesMax);
      await new Promise((resolve) => setImmediate(resolve));
    }
    const stats = a.transport.stats(stuckId);
    expect(peakBytes).toBeGreaterThan(queueBytesMax - 2 * MiB);
    expect(stats.inflightFrames).toBeGreaterThan(0);
    expect(stats.droppedOverflow).toBeGreaterThan(turns / 2);
    expect(stats.messagesSent + stats.droppedOverflow).toBe(turns);
    expect(a.unreachable).toContain(stuckId);
    expect(a.transport.isConnected(stuckId)).toBe(true);
  });

  it('holds frames back while grpc asks to wait for drain, so frames in flight stay bounded', async () => {
    const port = await startStuckPeer(nodeId(2));
    const a = await node(1, { queueBytesMax: 4 * MiB });
    const stuckId = nodeId(2);
    a.transport.setPeers(new Map([[stuckId, `127.0.0.1:${port}`]]));
    await waitFor(() => a.transport.isConnected(stuckId), 'stream to the stuck peer open');

    const turns = 1_000; // 16 MiB in small frames
    let peakFrames = 0;
    for (let turn = 0; turn < turns; turn++) {
      a.transport.send(stuckId, [app(a.id, stuckId, 1, 16 * 1024)]);
      a.transport.flush();
      peakFrames = Math.max(peakFrames, a.transport.stats(stuckId).inflightFrames);
      await new Promise((resolve) => setImmediate(resolve));
    }
    const stats = a.transport.stats(stuckId);
    expect(peakFrames).toBeLessThanOrEqual(GRPC_WRITABLE_FRAMES_MAX);
    expect(stats.framesSent).toBeLessThan(turns / 2);
    expect(stats.queuedBytes).toBeGreaterThan(0); // waiting for 'drain', not written
    expect(stats.queuedBytes + stats.inflightBytes).toBeLessThanOrEqual(4 * MiB);
    expect(stats.droppedOverflow).toBeGreaterThan(0);
  });

  it('reconnects after the peer restarts on the same port, without replaying what was dropped meanwhile', async () => {
    const [a, b] = await connectedPair();
    a.transport.send(b.id, [app(a.id, b.id, 1, 10)]);
    a.transport.flush();
    await waitFor(() => b.messages().length === 1, 'first message');

    const port = b.port;
    b.stop();
    await waitFor(() => !a.transport.isConnected(b.id), 'stream seen broken');
    a.transport.send(b.id, [app(a.id, b.id, 2, 10)]);
    a.transport.flush();
    expect(a.transport.stats(b.id).droppedDisconnected).toBe(1);
    expect(a.unreachable).toContain(b.id);

    const b2 = await node(2, {}, `127.0.0.1:${port}`);
    b2.transport.setPeers(new Map([[a.id, a.address]]));
    await waitFor(() => a.transport.isConnected(b2.id) && b2.transport.isConnected(a.id), 'streams reopened');
    a.transport.send(b2.id, [app(a.id, b2.id, 3, 10)]);
    b2.transport.send(a.id, [app(b2.id, a.id, 4, 10)]);
    a.transport.flush();
    b2.transport.flush();
    await waitFor(() => b2.messages().length === 1 && a.messages().length === 1, 'traffic resumed');
    expect(b2.messages().map((e) => e.group)).toEqual([3]);
    expect(a.transport.stats(b2.id).streamsOpened).toBe(2);
    expect(a.logs.some((l) => l.level === 'warn' && l.message.includes('peer stream broke'))).toBe(true);
  });

  it('sends a 5 MB snapshot in chunks and resolves true once installed; false when it cannot be', async () => {
    const chunkBytes = 256 * 1024;
    const a = await node(1, { snapshotChunkBytes: chunkBytes });
    const b = await node(2);
    // A second server for b whose InstallSnapshot counts the chunks on the wire.
    let chunks = 0;
    const counting = new Server(PEER_SERVER_OPTIONS);
    const handlers = b.transport.service();
    counting.addService(peerProto().Peer.service, {
      ...handlers,
      InstallSnapshot: (...args: Parameters<typeof handlers.InstallSnapshot>) => {
        args[0].on('data', () => chunks++);
        handlers.InstallSnapshot(...args);
      },
    });
    const port = await bind(counting);
    a.transport.setPeers(new Map([[b.id, `127.0.0.1:${port}`]]));

    const data = randomBytes(5 * 1000 * 1000);
    expect(await a.transport.sendSnapshot(b.id, 7, snap(a.id, b.id, data))).toBe(true);
    expect(chunks).toBe(1 + Math.ceil(data.byteLength / chunkBytes));
    expect(b.snapshots).toHaveLength(1);
    const received = b.snapshots[0]!;
    expect(received.from).toBe(a.id);
    expect(received.group).toBe(7);
    expect(received.message).toMatchObject({ type: MessageType.Snap, from: a.id, to: b.id, term: 4 });
    expect(received.message.snapshot?.metadata).toEqual(snap(a.id, b.id, data).snapshot?.metadata);
    expect(Buffer.from(received.message.snapshot!.data).equals(data)).toBe(true);

    b.beforeSnapshot = () => Promise.reject(new Error('disk full'));
    expect(await a.transport.sendSnapshot(b.id, 7, snap(a.id, b.id, data))).toBe(false);
    const failure = a.logs.find((l) => l.message === 'snapshot not delivered');
    expect(JSON.stringify(failure?.fields)).toContain('disk full');

    counting.forceShutdown();
    expect(await a.transport.sendSnapshot(b.id, 7, snap(a.id, b.id, data))).toBe(false);
    expect(b.snapshots).toHaveLength(1);
  });

  it('checks the announced snapshot size', async () => {
    const b = await node(2);
    const client = new (peerProto().Peer)(b.address, credentials.createInsecure());
    cleanups.push(() => client.close());
    const header = {
      sender: { nodeId: 1, clusterId: CLUSTER, incarnation: 'x' },
      group: 1,
      to: 2,
      term: 1,
      metadata: { index: 1, term: 1, conf: { voters: [1, 2], learners: [] } },
      dataBytes: 10,
    };
    const install = (chunks: Buffer[]): Promise<ServiceError | null> =>
      new Promise((resolve) => {
        const call = client.InstallSnapshot((error) => resolve(error));
        call.write({ header });
        for (const data of chunks) call.write({ data });
        call.end();
      });
    const invalid = (detail: string): object => ({ code: status.INVALID_ARGUMENT, details: expect.stringContaining(detail) });
    expect(await install([Buffer.alloc(5)])).toMatchObject(invalid('truncated'));
    expect(await install([Buffer.alloc(6), Buffer.alloc(6)])).toMatchObject(invalid('exceeds'));
    expect(await install([Buffer.alloc(4), Buffer.alloc(6)])).toBeNull();
    expect(b.snapshots).toHaveLength(1);
  });

  it('refuses a hello from another cluster: nothing is delivered, the reason is logged, retries back off', async () => {
    const b = await node(2);
    const a = await node(1, { clusterId: 'other-cluster', reconnectBackoffMinMs: 50, reconnectBackoffMaxMs: 400 });
    const startedMs = performance.now();
    connectAll([a, b]);
    await waitFor(() => a.transport.stats(b.id).streamsRefused >= 4, 'four refusals');
    // Attempts 2..4 waited at least 25 + 50 + 100 ms: the refused node does not spin.
    expect(performance.now() - startedMs).toBeGreaterThanOrEqual(175);
    expect(a.transport.isConnected(b.id)).toBe(false);

    a.transport.send(b.id, sampleMessages(a.id, b.id));
    a.transport.flush();
    expect(a.transport.stats(b.id).droppedDisconnected).toBe(sampleMessages(a.id, b.id).length);
    expect(a.unreachable).toContain(b.id);
    expect(b.received).toEqual([]);

    const refusals = a.logs.filter((l) => l.message.startsWith('peer refused our stream'));
    expect(refusals).toHaveLength(1); // logged once, not per retry
    expect(refusals[0]!.fields).toMatchObject({ refusal: 'wrong-cluster', reason: `wrong-cluster: cluster id "other-cluster" is not this cluster's "${CLUSTER}"` });
    expect(b.logs.some((l) => l.message === 'peer stream refused')).toBe(true);
  });

  it('drops and reports messages to a peer it has no address for', async () => {
    const a = await node(1);
    const stranger = nodeId(9);
    a.transport.send(stranger, [app(a.id, stranger, 1, 10)]);
    a.transport.flush();
    expect(a.transport.stats(stranger)).toMatchObject({ connected: false, droppedDisconnected: 1 });
    expect(a.unreachable).toEqual([stranger]);
  });
});

describe('PeerTransport checks who answers', () => {
  it('sends nothing to a peer that answers with a hello it refuses, such as a wiped node', async () => {
    const a = await node(1, { acceptPeer: (hello) => (hello.incarnation === 'stuck' ? { ok: false, refusal: 'replaced-data', reason: 'replaced data' } : { ok: true }) });
    const port = await startStuckPeer(nodeId(2));
    a.transport.setPeers(new Map([[nodeId(2), `127.0.0.1:${port}`]]));
    await waitFor(() => a.transport.stats(nodeId(2)).streamsRefused >= 1, 'our stream to be refused by our own check');
    expect(a.transport.isConnected(nodeId(2))).toBe(false);
    a.transport.send(nodeId(2), sampleMessages(nodeId(1), nodeId(2)).slice(0, 1));
    a.transport.flush();
    expect(a.transport.stats(nodeId(2)).messagesSent).toBe(0);
  });
});
