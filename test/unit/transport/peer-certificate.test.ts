/** Which node a peer's certificate names, on certificates from scripts/gen-certs.sh seen through a real TLS handshake. */
import { rmSync } from 'node:fs';
import type { PeerCertificate } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certifiedNode, nodeCertificateUri } from '../../../src/transport/index.js';
import { genCerts, peerCertificateOf } from '../security/tls-fixtures.js';

describe('certifiedNode', () => {
  let dir: string;
  beforeAll(() => {
    dir = genCerts(['node:1', 'node:4294967295', 'alice'], { CAIRN_CLUSTER_ID: 'prod east' });
    // Same CA, a node certificate of another cluster: a CA shared between clusters does not merge them.
    genCerts(['node:2'], { CAIRN_CLUSTER_ID: 'staging' }, dir);
  }, 30_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const seen = async (name: string): Promise<PeerCertificate> => {
    const cert = await peerCertificateOf(dir, dir, name);
    expect(cert).toBeDefined();
    return cert!;
  };

  it('reads the node id from the cairn:// URI SAN of this cluster (cluster id percent-encoded)', async () => {
    expect(nodeCertificateUri('prod east', 4)).toBe('cairn://prod%20east/node/4');
    expect(certifiedNode(await seen('node-1'), 'prod east')).toEqual({ ok: true, nodeId: 1 });
    expect(certifiedNode(await seen('node-4294967295'), 'prod east')).toEqual({ ok: true, nodeId: 4294967295 });
  });

  it('refuses a client certificate of the same CA: its extended key usage is clientAuth only', async () => {
    const verdict = certifiedNode(await seen('alice'), 'prod east');
    expect(verdict).toMatchObject({ ok: false, refusal: 'not-a-node-certificate' });
    expect(!verdict.ok && verdict.reason).toContain('client certificates only clientAuth');
  });

  it('refuses a node certificate of another cluster as wrong-cluster', async () => {
    expect(certifiedNode(await seen('node-2'), 'prod east')).toMatchObject({ ok: false, refusal: 'wrong-cluster' });
    expect(certifiedNode(await seen('node-2'), 'staging')).toEqual({ ok: true, nodeId: 2 });
  });

  it('refuses a connection without a verified certificate', () => {
    expect(certifiedNode(undefined, 'prod east')).toMatchObject({ ok: false, refusal: 'not-a-node-certificate' });
  });

  it('refuses a certificate naming two nodes of the cluster, or none', () => {
    const shaped = (subjectaltname: string): PeerCertificate =>
      ({ subject: { CN: 'x' }, subjectaltname, ext_key_usage: ['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2'] }) as unknown as PeerCertificate;
    expect(certifiedNode(shaped('URI:cairn://c/node/1, URI:cairn://c/node/2'), 'c')).toMatchObject({ ok: false, refusal: 'not-a-node-certificate' });
    expect(certifiedNode(shaped('DNS:node-1, URI:cairn://c/node/01'), 'c')).toMatchObject({ ok: false, refusal: 'not-a-node-certificate' });
    expect(certifiedNode(shaped('URI:"cairn://c/node/1, URI:cairn://c/node/2"'), 'c')).toMatchObject({ ok: false, refusal: 'not-a-node-certificate' });
  });

  it('is refused by the TLS handshake when another CA signed it', async () => {
    const stranger = genCerts(['node:1'], { CAIRN_CA_NAME: 'another-ca' });
    try {
      expect(await peerCertificateOf(dir, stranger, 'node-1')).toBeUndefined();
    } finally {
      rmSync(stranger, { recursive: true, force: true });
    }
  });
});
