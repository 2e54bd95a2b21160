/**
 * The peer transport over the node's real TLS credentials (server/tls.ts): nodes with their own
 * certificates replicate; a node answering or dialling with another node's certificate is refused
 * in both directions, so neither end talks to an impostor.
 */
import { readFileSync, rmSync } from 'node:fs';
import { Server, ServerCredentials, credentials, makeGenericClientConstructor, status } from '@grpc/grpc-js';
import { HealthImplementation, service as healthService } from 'grpc-health-check';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { nodeId } from '../../../src/raft/types.js';
import { DEFAULT_PRINCIPAL_RULES } from '../../../src/security/certificate-principal.js';
import { nodeCredentials, notANodeCertificate } from '../../../src/server/tls.js';
import { ControllerLink } from '../../../src/server/controller-link.js';
import { clusterProto } from '../../../src/server/proto.js';
import { createLogger } from '../../../src/observability/index.js';
import type { HeartbeatReply__Output } from '../../../src/gen/cairn/v1/cluster/HeartbeatReply.js';
import { nodeReport } from '../metadata/helpers.js';
import { CLUSTER, TestNode, connectAll, sampleMessages, waitFor } from '../transport/helpers.js';
import { genCerts } from '../security/tls-fixtures.js';

interface HealthCheckClient {
  check(request: { service: string }, options: { deadline: number }, callback: (error: { code: status } | null, response?: { status: string }) => void): void;
  close(): void;
}
const HealthClient = makeGenericClientConstructor(healthService, 'Health');

let dir: string;
beforeAll(() => {
  dir = genCerts(['node:1', 'node:2', 'node:3', 'client'], { CAIRN_CLUSTER_ID: CLUSTER });
  // Same CA, another cluster's node.
  genCerts(['node:5'], { CAIRN_CLUSTER_ID: 'elsewhere' }, dir);
}, 30_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

/** The TLS settings of a node presenting `certificate`'s files. */
const tlsConfig = (certificate: string, clientCertificates: 'optional' | 'required' = 'optional') => ({
  certFile: join(dir, `${certificate}.crt`),
  keyFile: join(dir, `${certificate}.key`),
  caFile: join(dir, 'ca.crt'),
  clientCertificates,
  principalRules: DEFAULT_PRINCIPAL_RULES,
  reloadIntervalMs: 60_000,
  http: 'plaintext' as const,
});
const silent = { info: () => {}, warn: () => {} };

/** Node `id` with the TLS credentials a node builds from `certificate`'s files. */
async function tlsNode(id: number, certificate: string): Promise<TestNode> {
  const creds = nodeCredentials(tlsConfig(certificate), { clusterId: CLUSTER, logger: silent });
  const node = await TestNode.start(id, { credentials: creds.peerChannel, requireNodeCertificates: true }, '127.0.0.1:0', creds.peerServer);
  cleanups.push(() => {
    node.stop();
    creds.certificates?.close();
  });
  return node;
}

describe('peer transport over mutual TLS with node certificates', () => {
  it('carries messages between nodes presenting their own certificates', async () => {
    const [a, b] = [await tlsNode(1, 'node-1'), await tlsNode(2, 'node-2')];
    connectAll([a, b]);
    await waitFor(() => a.transport.isConnected(b.id) && b.transport.isConnected(a.id), 'both streams open', 15_000);
    a.transport.send(b.id, sampleMessages(a.id, b.id));
    a.transport.flush();
    await waitFor(() => b.messages().length > 0, 'messages delivered', 15_000);
    expect(b.received[0]!.from).toBe(nodeId(1));
  });

  it('refuses both ways a node that presents another node\'s certificate', async () => {
    const honest = await tlsNode(1, 'node-1');
    // Node 2 runs with node 3's certificate.
    const impostor = await tlsNode(2, 'node-3');
    connectAll([honest, impostor]);
    // Dialled by the impostor: its hello claims 2, its certificate names 3.
    await waitFor(() => honest.transport.refusals()['certificate-mismatch'] > 0, 'the inbound refusal', 15_000);
    // Dialling it: it answers as node 2 with a certificate naming node 3, so the honest node sends nothing.
    await waitFor(
      () => honest.logs.some((l) => l.message === 'peer refused: not sending to it' && (l.fields as { refusal?: string }).refusal === 'certificate-mismatch'),
      'the outbound refusal',
      15_000,
    );
    honest.transport.send(impostor.id, sampleMessages(honest.id, impostor.id));
    honest.transport.flush();
    expect(honest.transport.isConnected(impostor.id)).toBe(false);
    expect(impostor.received).toEqual([]);
    expect(honest.received).toEqual([]);
  });
});

describe('the client port with TLS', () => {
  /** A client port serving the health service with the node's client credentials; the status a check gets, or the error code. */
  async function healthCheck(clientCertificates: 'optional' | 'required', certificate?: string): Promise<string> {
    const creds = nodeCredentials(tlsConfig('node-1', clientCertificates), { clusterId: CLUSTER, logger: silent });
    const server = new Server();
    const health = new HealthImplementation({ '': 'SERVING' });
    health.addToServer(server);
    const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', creds.clientServer, (e, p) => (e === null ? resolve(p) : reject(e))));
    const read = (file: string): Buffer => readFileSync(join(dir, file));
    const channel = certificate === undefined
      ? credentials.createSsl(read('ca.crt'))
      : credentials.createSsl(read('ca.crt'), read(`${certificate}.key`), read(`${certificate}.crt`));
    const client = new HealthClient(`localhost:${port}`, channel) as unknown as HealthCheckClient;
    try {
      return await new Promise<string>((resolve) => client.check({ service: '' }, { deadline: Date.now() + 10_000 }, (error, response) => resolve(error === null ? String(response?.status) : status[error.code])));
    } finally {
      client.close();
      server.forceShutdown();
      creds.certificates?.close();
    }
  }

  it('refuses a client without a certificate when certificates are required, and serves one with', async () => {
    expect(await healthCheck('required')).toBe('UNAVAILABLE');
    expect(await healthCheck('required', 'client')).toBe('SERVING');
    expect(await healthCheck('optional')).toBe('SERVING');
  });
});

describe('the controller link over TLS', () => {
  /** A controller that accepts every report, presenting `certificate`; how many replies node 1's link took. */
  async function repliesTakenFrom(certificate: string): Promise<number> {
    const read = (file: string): Buffer => readFileSync(join(dir, file));
    const server = new Server();
    const accepted: HeartbeatReply__Output = { accepted: true, controllerHint: 0, error: '', transfers: [], retireGroups: [], leaders: [], liveNodes: [1, 2] };
    server.addService(clusterProto().cairn.v1.cluster.Controller.service, {
      Heartbeat: (_call: unknown, respond: (error: null, reply: HeartbeatReply__Output) => void) => respond(null, accepted),
    });
    const tls = ServerCredentials.createSsl(read('ca.crt'), [{ private_key: read(`${certificate}.key`), cert_chain: read(`${certificate}.crt`) }], true);
    const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', tls, (e, p) => (e === null ? resolve(p) : reject(e))));
    const creds = nodeCredentials(tlsConfig('node-1'), { clusterId: CLUSTER, logger: silent });
    let taken = 0;
    const link = new ControllerLink({
      selfId: nodeId(1),
      credentials: creds.peerChannel,
      channelOptions: creds.peerChannelOptions,
      answerProblem: (cert) => notANodeCertificate(cert, CLUSTER),
      controllerGuess: () => nodeId(2),
      peerAddress: () => `127.0.0.1:${port}`,
      seeds: () => [nodeId(2)],
      localController: () => undefined,
      onReply: () => taken++,
      timeoutMs: 10_000,
      logger: createLogger({ level: 'silent' }),
      now: () => Date.now(),
    });
    try {
      for (let i = 0; i < 3; i++) await link.report(nodeReport(1, []));
      return taken;
    } finally {
      link.close();
      server.forceShutdown();
      creds.certificates?.close();
    }
  }

  it('takes replies from a node of this cluster only, not from another cluster\'s node sharing the CA', async () => {
    expect(await repliesTakenFrom('node-2')).toBe(3);
    expect(await repliesTakenFrom('node-5')).toBe(0);
  });
});
