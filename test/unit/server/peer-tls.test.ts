/**
 * The peer transport over the node's real TLS credentials (server/tls.ts): nodes with their own
 * certificates replicate; a node answering or dialling with another node's certificate is refused
 * in both directions, so neither end talks to an impostor.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { nodeId } from '../../../src/raft/types.js';
import { DEFAULT_PRINCIPAL_RULES } from '../../../src/security/certificate-principal.js';
import { nodeCredentials } from '../../../src/server/tls.js';
import { CLUSTER, TestNode, connectAll, sampleMessages, waitFor } from '../transport/helpers.js';
import { genCerts } from '../security/tls-fixtures.js';

let dir: string;
beforeAll(() => {
  dir = genCerts(['node:1', 'node:2', 'node:3'], { CAIRN_CLUSTER_ID: CLUSTER });
}, 30_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

/** Node `id` with the TLS credentials a node builds from `certificate`'s files. */
async function tlsNode(id: number, certificate: string): Promise<TestNode> {
  const tls = {
    certFile: join(dir, `${certificate}.crt`),
    keyFile: join(dir, `${certificate}.key`),
    caFile: join(dir, 'ca.crt'),
    clientCertificates: 'optional',
    principalRules: DEFAULT_PRINCIPAL_RULES,
    reloadIntervalMs: 60_000,
    http: 'plaintext',
  } as const;
  const creds = nodeCredentials(tls, { clusterId: CLUSTER, logger: { info: () => {}, warn: () => {} } });
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
