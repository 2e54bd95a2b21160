/**
 * A three-node cluster against a client on its peer port that says whatever it likes: hellos
 * from another cluster, from a node no one admitted, and from a member with a guessed data
 * incarnation are refused with their reason; a frame forged as another node ends its stream;
 * heartbeats at rising terms from a member outside a group are dropped; controller reports
 * for a fake node or another cluster are refused, and the fake node's address is never dialled.
 * Meanwhile topics are created, records produced, and every node stays ready; a node cut off
 * from the rest says it is not ready until it is back.
 */
import { credentials, status } from '@grpc/grpc-js';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { Server as NetServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HeartbeatReply__Output } from '../../src/gen/cairn/v1/cluster/HeartbeatReply.js';
import type { NodeReport } from '../../src/gen/cairn/v1/cluster/NodeReport.js';
import { EntryType, MessageType, logIndex, message, nodeId, term } from '../../src/raft/types.js';
import { clusterProto } from '../../src/server/proto.js';
import type { Envelope, PeerHello } from '../../src/transport/index.js';
import { HostilePeer } from '../unit/transport/hostile-peer.js';
import { useCluster } from './support/cluster-fixture.js';
import { waitFor } from './support/wait.js';

const CLUSTER_ID = 'cairn';
const TARGET = 1;

describe('a three-node cluster with a hostile client on its peer port', () => {
  const env = useCluster({ nodes: 3 });
  const peerAddress = (id: number): string => `127.0.0.1:${env.cluster.ports.get(id)!.peer}`;
  /** A member's real incarnation, as a peer that stole it would know it: only TLS identities can stop that peer. */
  const incarnationOf = async (id: number): Promise<string> =>
    (JSON.parse(await readFile(join(env.cluster.dataDir(id), 'node.json'), 'utf8')) as { incarnation: string }).incarnation;

  /** A metric's value on a node: the first series of `name` whose labels include `label`. */
  async function metric(id: number, name: string, label = ''): Promise<number> {
    const text = await (await fetch(`http://127.0.0.1:${env.cluster.ports.get(id)!.http}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(label));
    return Number(line?.split(' ').at(-1) ?? 0);
  }

  /** The cluster still does its job: a new topic takes a record, and every node is ready. */
  async function expectServing(topic: string): Promise<void> {
    await env.cairn.admin().createTopic({ name: topic, partitions: 1, replicationFactor: 3 });
    const producer = env.cairn.producer({ lingerMs: 0 });
    try {
      const [report] = await producer.send({ topic, messages: [{ value: 'still serving' }] });
      expect(report!.offset).toBe(0n);
    } finally {
      await producer.close();
    }
    await env.cluster.waitReady(env.cluster.ids(), 20_000);
  }

  it('refuses hellos from another cluster, from a node id no one admitted, and from a member with a guessed incarnation, saying why', async () => {
    const peer = new HostilePeer(peerAddress(TARGET));
    try {
      const attempts: [PeerHello, string][] = [
        [{ nodeId: nodeId(2), clusterId: 'other', incarnation: await incarnationOf(2) }, 'wrong-cluster'],
        [{ nodeId: nodeId(9), clusterId: CLUSTER_ID, incarnation: 'made-up' }, 'not-a-member'],
        [{ nodeId: nodeId(2), clusterId: CLUSTER_ID, incarnation: 'guessed' }, 'replaced-data'],
      ];
      const realIncarnation = await incarnationOf(2);
      for (const [hello, refusal] of attempts) {
        const stream = peer.open(hello);
        expect(await stream.accepted).toBe(false);
        const end = await stream.ended;
        expect(end).toMatchObject({ code: status.FAILED_PRECONDITION, refusal });
        // A refusal never hands out what it would take to pass the check.
        if (hello.clusterId === CLUSTER_ID) expect(end.details).not.toContain(realIncarnation);
      }
    } finally {
      peer.close();
    }
    // Each refusal is logged with its code (the node's log reaches the file a moment later), and counted.
    for (const refusal of ['wrong-cluster', 'not-a-member', 'replaced-data']) {
      await waitFor(`the ${refusal} refusal logged`, async () => (await env.cluster.log(TARGET)).includes(`"refusal":"${refusal}"`), { timeoutMs: 10_000 });
      await waitFor(`the ${refusal} refusal counted`, async () => (await metric(TARGET, 'cairn_peer_hellos_refused', `refusal="${refusal}"`)) >= 1, { timeoutMs: 10_000 });
    }
    await expectServing('after-hellos');
  });

  it('ends a stream whose frame claims another sender, and drops heartbeats at rising terms from a member outside the group while produce goes on', async () => {
    // Partitions of replication factor 1: those on node 1 have no other member.
    await env.cairn.admin().createTopic({ name: 'solo', partitions: 6, replicationFactor: 1 });
    const topic = await waitFor('solo partitions led', async () => {
      const t = await env.cairn.admin().describeTopic('solo');
      return t.partitions.every((p) => p.leader !== undefined) && t;
    });
    const target = topic.partitions.find((p) => p.replicas.length === 1 && p.replicas[0] === TARGET);
    expect(target).toBeDefined();

    const peer = new HostilePeer(peerAddress(TARGET));
    try {
      const hello = { nodeId: nodeId(2), clusterId: CLUSTER_ID, incarnation: await incarnationOf(2) };
      const forger = peer.open(hello);
      expect(await forger.accepted).toBe(true);
      const entry = { term: term(1_000), index: logIndex(1), type: EntryType.Normal, data: new Uint8Array(8) };
      forger.send([{ group: 1, message: message({ type: MessageType.App, from: nodeId(3), to: nodeId(TARGET), term: term(1_000), entries: [entry] }) }]);
      expect(await forger.ended).toMatchObject({ code: status.INVALID_ARGUMENT, details: expect.stringContaining('message 3→1 on the stream 2→1') });

      // Heartbeats "from node 2" for every partition group this cluster could have, at ever higher terms.
      const beats = (round: number): Envelope[] =>
        Array.from({ length: 64 }, (_, i) => ({
          group: i + 1,
          message: message({ type: MessageType.Heartbeat, from: nodeId(2), to: nodeId(TARGET), term: term(10_000 + round) }),
        }));
      let attacker = peer.open(hello);
      let round = 0;
      let attacking = true;
      const attack = (async () => {
        while (attacking) {
          // The real node 2 reconnecting supersedes the forger's stream; the forger comes back.
          if (attacker.isEnded) attacker = peer.open(hello);
          else if (attacker.isOpen) attacker.send(beats(round++));
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      })();
      const producer = env.cairn.producer({ lingerMs: 0 });
      try {
        for (let i = 0; i < 20; i++) {
          const [report] = await producer.send({ topic: 'solo', messages: [{ value: `during-${i}`, partition: target!.partition }] });
          expect(report!.offset).toBe(BigInt(i));
        }
      } finally {
        attacking = false;
        await attack;
        attacker.cancel();
        await producer.close();
      }
      expect(round).toBeGreaterThan(0);
    } finally {
      peer.close();
    }
    const after = await env.cairn.admin().describeTopic('solo');
    expect(after.partitions[target!.partition]!.leader).toBe(TARGET);
    // The node dropped the forged heartbeats rather than following "node 2" into ever higher terms.
    expect(await metric(TARGET, 'cairn_peer_messages_dropped_total')).toBeGreaterThan(0);
    await expectServing('after-forgery');
  });

  it('refuses controller reports for a node no one admitted and for another cluster, and never dials the address the fake node gave', async () => {
    let dialled = 0;
    const trap: NetServer = createServer((socket) => {
      dialled++;
      socket.destroy();
    });
    const trapPort = await new Promise<number>((resolve) => trap.listen(0, '127.0.0.1', () => resolve((trap.address() as { port: number }).port)));
    const Controller = clusterProto().cairn.v1.cluster.Controller;
    const heartbeat = (id: number, report: NodeReport): Promise<HeartbeatReply__Output> => {
      const client = new Controller(peerAddress(id), credentials.createInsecure());
      return new Promise<HeartbeatReply__Output>((resolve, reject) =>
        client.heartbeat(report, { deadline: Date.now() + 5_000 }, (error, reply) => (error === null && reply !== undefined ? resolve(reply) : reject(error))),
      ).finally(() => client.close());
    };
    const report = (node: PeerHello): NodeReport => ({
      node,
      clientAddress: `127.0.0.1:${trapPort}`,
      peerAddress: `127.0.0.1:${trapPort}`,
      rack: '',
      groups: [],
      draining: false,
      wantsOffsetsTopic: false,
    });
    try {
      // Whichever node is the controller answers with the refusal; the others point at it.
      const controller = await waitFor('the controller', async () => (await env.cairn.admin().describeCluster()).controllerId);
      const fake = await heartbeat(controller, report({ nodeId: nodeId(9), clusterId: CLUSTER_ID, incarnation: 'fake' }));
      expect(fake).toMatchObject({ accepted: false, leaders: [], liveNodes: [], transfers: [] });
      expect(fake.error).toMatch(/^not-a-member: /);
      const foreign = await heartbeat(controller, report({ nodeId: nodeId(2), clusterId: 'other', incarnation: await incarnationOf(2) }));
      expect(foreign).toMatchObject({ accepted: false, leaders: [], liveNodes: [] });
      expect(foreign.error).toMatch(/^wrong-cluster: /);

      await expectServing('after-reports');
      const cluster = await env.cairn.admin().describeCluster();
      expect(cluster.nodes.map((n) => n.nodeId).sort()).toEqual([1, 2, 3]);
      expect(dialled).toBe(0);
    } finally {
      await new Promise((resolve) => trap.close(resolve));
    }
  });

  it('says not ready while a node can reach neither the metadata leader nor any peer, and ready again once it can', async () => {
    const others = env.cluster.ids().filter((id) => id !== TARGET);
    for (const id of others) env.cluster.pause(id);
    try {
      await waitFor('the cut-off node to say it is not ready', async () => !(await env.cluster.ready(TARGET)), { timeoutMs: 30_000 });
    } finally {
      for (const id of others) env.cluster.resume(id);
    }
    await env.cluster.waitReady(env.cluster.ids(), 30_000);
  });
});
