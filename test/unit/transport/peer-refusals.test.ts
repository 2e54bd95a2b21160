/**
 * What a node's peer port refuses from a client that says whatever it likes: a hello from another
 * cluster or from a node the host does not admit, and frames whose messages claim another sender
 * than the node the stream's hello admitted.
 */
import { status } from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import { MessageType, logIndex, message, nodeId, term } from '../../../src/raft/types.js';
import type { PeerHello, PeerTransportOptions } from '../../../src/transport/index.js';
import { CLUSTER, TestNode, sampleMessages, waitFor } from './helpers.js';
import { HostilePeer } from './hostile-peer.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

/** Node 1, admitting only node 2 with incarnation "real-2", as a host admits only members. */
async function guardedNode(options: Partial<PeerTransportOptions> = {}): Promise<TestNode> {
  const node = await TestNode.start(1, {
    acceptPeer: (hello) => {
      if (hello.nodeId !== 2) return { ok: false, refusal: 'not-a-member', reason: `node ${hello.nodeId} is not a member` };
      if (hello.incarnation !== 'real-2') return { ok: false, refusal: 'replaced-data', reason: 'another data directory' };
      return { ok: true };
    },
    ...options,
  });
  cleanups.push(() => node.stop());
  return node;
}

function hostile(node: TestNode): HostilePeer {
  const peer = new HostilePeer(node.address);
  cleanups.push(() => peer.close());
  return peer;
}

const hello = (fields: Partial<PeerHello>): PeerHello => ({ nodeId: nodeId(2), clusterId: CLUSTER, incarnation: 'real-2', ...fields });

describe('PeerTransport refusing hellos', () => {
  it.each([
    ['another cluster id', hello({ clusterId: 'cairn' }), 'wrong-cluster'],
    ['the receiver’s own node id', hello({ nodeId: nodeId(1) }), 'invalid-node-id'],
    ['a node id the host does not admit', hello({ nodeId: nodeId(7) }), 'not-a-member'],
    ['a member’s id with another incarnation', hello({ incarnation: 'guessed' }), 'replaced-data'],
  ] as const)('ends a stream whose hello has %s with FAILED_PRECONDITION and its refusal code, counts and logs it, delivers nothing', async (_what, claim, refusal) => {
    const node = await guardedNode();
    const stream = hostile(node).open(claim);
    expect(await stream.accepted).toBe(false);
    const end = await stream.ended;
    expect(end).toMatchObject({ code: status.FAILED_PRECONDITION, refusal });
    expect(end.details.startsWith(`${refusal}: `)).toBe(true);
    expect(node.transport.refusals()[refusal]).toBe(1);
    expect(node.logs.filter((l) => l.message === 'peer stream refused').map((l) => l.fields)).toEqual([
      expect.objectContaining({ refusal, reason: end.details }),
    ]);
    expect(node.received).toEqual([]);
  });

  it('refuses every hello of a client that repeats them but logs only the first, counting them all', async () => {
    const node = await guardedNode();
    const peer = hostile(node);
    for (let i = 0; i < 50; i++) expect(await peer.open(hello({ nodeId: nodeId(7) })).ended).toMatchObject({ refusal: 'not-a-member' });
    expect(node.transport.refusals()['not-a-member']).toBe(50);
    expect(node.logs.filter((l) => l.message === 'peer stream refused')).toHaveLength(1);
  });

  it('echoes no more than the start of a megabyte cluster id into the refusal and the log', async () => {
    const node = await guardedNode();
    const stream = hostile(node).open(hello({ clusterId: 'x'.repeat(1024 * 1024) }));
    const end = await stream.ended;
    expect(end).toMatchObject({ code: status.FAILED_PRECONDITION, refusal: 'wrong-cluster' });
    expect(end.details.length).toBeLessThan(300);
    expect(end.details).toContain('(1048576 characters)');
    expect(JSON.stringify(node.logs).length).toBeLessThan(2_000);
  });

  it('refuses a snapshot whose header names a node the host does not admit', async () => {
    const node = await guardedNode();
    // The snapshot path shares the hello check; a refused sender's snapshot never reaches the host.
    const stranger = await TestNode.start(7, { peers: new Map([[nodeId(1), node.address]]), acceptPeer: () => ({ ok: true }) });
    cleanups.push(() => stranger.stop());
    const metadata = { index: logIndex(5), term: term(2), conf: { voters: [nodeId(7)], learners: [] } };
    const snap = message({ type: MessageType.Snap, from: nodeId(7), to: nodeId(1), term: term(2), snapshot: { metadata, data: new Uint8Array(10) } });
    expect(await stranger.transport.sendSnapshot(nodeId(1), 3, snap)).toBe(false);
    expect(node.transport.refusals()['not-a-member']).toBeGreaterThanOrEqual(1);
    expect(node.snapshots).toEqual([]);
  });
});

describe('PeerTransport links', () => {
  it('counts a link whose every hello the peer refuses as linked but not open, and an accepted one as open', async () => {
    const node = await guardedNode();
    const refused = await TestNode.start(7, { peers: new Map([[nodeId(1), node.address]]) });
    const admitted = await TestNode.start(2, { incarnation: 'real-2', peers: new Map([[nodeId(1), node.address]]) });
    cleanups.push(() => refused.stop(), () => admitted.stop());
    await waitFor(() => refused.transport.stats(nodeId(1)).streamsRefused >= 1 && admitted.transport.isConnected(nodeId(1)), 'one refusal and one open stream');
    expect(refused.transport.linkCounts()).toEqual({ linked: 1, open: 0 });
    expect(admitted.transport.linkCounts()).toEqual({ linked: 1, open: 1 });
  });
});

describe('PeerTransport refusing forged senders', () => {
  it('ends an admitted stream whose frame claims another sender, counting the frame and delivering none of it', async () => {
    const node = await guardedNode();
    const stream = hostile(node).open(hello({}));
    expect(await stream.accepted).toBe(true);
    // A real message from node 2, then one claiming node 3 in the same frame: the whole frame is refused.
    const honest = sampleMessages(nodeId(2), nodeId(1)).slice(0, 1);
    const forged = sampleMessages(nodeId(3), nodeId(1)).slice(0, 1);
    stream.send([...honest, ...forged]);
    const end = await stream.ended;
    expect(end.code).toBe(status.INVALID_ARGUMENT);
    expect(end.details).toContain('message 3→1 on the stream 2→1');
    expect(node.transport.stats(nodeId(2)).framesRefused).toBe(1);
    expect(node.received).toEqual([]);
  });

  it('delivers the frames of an admitted stream whose messages name its own node', async () => {
    const node = await guardedNode();
    const stream = hostile(node).open(hello({}));
    expect(await stream.accepted).toBe(true);
    const honest = sampleMessages(nodeId(2), nodeId(1));
    stream.send(honest);
    await waitFor(() => node.messages().length === honest.length, 'messages delivered');
    expect(node.received.every((r) => r.from === nodeId(2))).toBe(true);
    expect(node.transport.stats(nodeId(2)).framesRefused).toBe(0);
    stream.cancel();
  });
});
