import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServerCredentials } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cairn } from '../../../src/client/index.js';
import { FakeCluster } from './fake-cluster.js';

/** A throwaway CA that signs a server certificate for 127.0.0.1 and a client certificate. */
function makeCertificates(dir: string): void {
  const openssl = (...args: string[]): void => void execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  const newKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl('req', '-x509', ...newKey, '-keyout', 'ca.key', '-out', 'ca.pem', '-subj', '/CN=cairn-test-ca', '-days', '1');
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1\n');
  for (const name of ['server', 'client']) {
    openssl('req', ...newKey, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
    openssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.pem`, '-days', '1', '-extfile', 'san.ext');
  }
}

describe('mutual TLS', () => {
  let dir: string;
  let cluster: FakeCluster;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cairn-tls-'));
    makeCertificates(dir);
    const read = (name: string): Buffer => readFileSync(join(dir, name));
    const credentials = ServerCredentials.createSsl(read('ca.pem'), [{ private_key: read('server.key'), cert_chain: read('server.pem') }], true);
    cluster = await FakeCluster.start(1, credentials);
  });
  afterAll(() => {
    cluster.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('connects with the CA, certificate and key files', async () => {
    const tls = { caFile: join(dir, 'ca.pem'), certFile: join(dir, 'client.pem'), keyFile: join(dir, 'client.key') };
    await using cairn = new Cairn({ brokers: [cluster.node(1).address], tls, requestTimeoutMs: 2_000 });
    expect((await cairn.admin().describeCluster()).clusterId).toBe('fake');
  });

  it('fails fast without a client certificate', async () => {
    await using cairn = new Cairn({ brokers: [cluster.node(1).address], tls: { caFile: join(dir, 'ca.pem') }, requestTimeoutMs: 2_000, retry: { retriesMax: 0 } });
    await expect(cairn.admin().describeCluster()).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });
});
