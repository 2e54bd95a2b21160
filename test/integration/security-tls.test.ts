/**
 * Transport security on real processes: who may speak at a node's peer port (only a node
 * certificate of this cluster, for the node it names), certificates renewed on disk taken up
 * without a restart, and /metrics behind a bearer token.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { X509Certificate } from 'node:crypto';
import { credentials, status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cairn, CairnError } from '../../src/client/index.js';
import { nodeId } from '../../src/raft/types.js';
import { HostilePeer } from '../unit/transport/hostile-peer.js';
import { genCerts } from '../unit/security/tls-fixtures.js';
import { ProcessCluster, freePorts, killChild } from './support/process-cluster.js';
import { printNodeLogsOnFailure } from './support/cluster-fixture.js';
import { waitFor } from './support/wait.js';

const CLI = join(import.meta.dirname, '../../src/cli/main.ts');
const METRICS_TOKEN = 'metrics-7f3a9c1e5b';

describe('transport security on real processes', () => {
  let certs: string;
  let otherCa: string;
  let work: string;
  let cluster: ProcessCluster;
  const impostors: ChildProcess[] = [];
  const opened: HostilePeer[] = [];
  printNodeLogsOnFailure(() => cluster);

  beforeAll(async () => {
    certs = genCerts(['node:1', 'node:2', 'alice', 'bob']);
    // The same CA signing a node certificate of another cluster; and another CA altogether.
    genCerts(['node:5'], { CAIRN_CLUSTER_ID: 'elsewhere' }, certs);
    otherCa = genCerts(['node:2'], { CAIRN_CA_NAME: 'another-cluster-ca' });
    work = await mkdtemp(join(tmpdir(), 'cairn-security-tls-'));
    await writeFile(join(work, 'metrics-token'), `${METRICS_TOKEN}\n`);
    cluster = await ProcessCluster.start({
      nodes: 1,
      tlsDir: certs,
      flags: [
        '--tls-reload-interval-ms', '200',
        '--http-metrics-token-file', join(work, 'metrics-token'),
        // Client certificates map to users by a rule (CN alice is user-alice), and ACLs decide.
        '--tls-principal-rules', 'RULE:^CN=([^,]+)$/user-$1/',
        '--auth-enabled', 'true',
        '--auth-authorization', 'true',
        '--auth-super-users', 'user-alice',
      ],
    });
    await cluster.waitReady();
  }, 90_000);

  afterAll(async () => {
    for (const peer of opened) peer.close();
    await Promise.all(impostors.map((child) => killChild(child)));
    await cluster?.stop();
    for (const dir of [certs, otherCa, work]) if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  const peerAddress = (): string => `127.0.0.1:${cluster.ports.get(1)!.peer}`;
  const metricsText = async (): Promise<string> => {
    const response = await fetch(`http://127.0.0.1:${cluster.ports.get(1)!.http}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    return response.text();
  };
  const refusedCount = async (refusal: string): Promise<number> => {
    const line = (await metricsText()).split('\n').find((l) => l.startsWith(`cairn_peer_hellos_refused{`) && l.includes(`refusal="${refusal}"`));
    return line === undefined ? 0 : Number(line.split(' ').at(-1));
  };
  /** A peer client presenting `name`'s certificate from `dir`, trusting the cluster's CA. */
  const peerWith = (dir: string, name: string): HostilePeer => {
    const read = (file: string): Buffer => readFileSync(join(dir, file));
    const peer = new HostilePeer(peerAddress(), credentials.createSsl(readFileSync(join(certs, 'ca.crt')), read(`${name}.key`), read(`${name}.crt`)));
    opened.push(peer);
    return peer;
  };
  const hello = (id: number, clusterId = 'cairn') => ({ nodeId: nodeId(id), clusterId, incarnation: 'any' });

  it('refuses, and logs, a node process whose certificate names another node id than it claims', async () => {
    const [client, peer, http] = await freePorts(3);
    const dataDir = join(work, 'impostor');
    // Node 3 presents node 2's certificate: a stolen or misissued certificate cannot change who a node is.
    const child = spawn(process.execPath, [
      '--import', 'tsx', CLI, 'serve',
      '--node-id', '3', '--data-dir', dataDir,
      '--listen-address', `127.0.0.1:${client}`, '--peer-listen-address', `127.0.0.1:${peer}`, '--http-listen-address', `127.0.0.1:${http}`,
      '--peers', `1=${peerAddress()},3=127.0.0.1:${peer}`,
      '--tls-ca-file', join(certs, 'ca.crt'), '--tls-cert-file', join(certs, 'node-2.crt'), '--tls-key-file', join(certs, 'node-2.key'),
    ], { stdio: ['ignore', 'pipe', 'pipe'] });
    impostors.push(child);
    const log = createWriteStream(join(work, 'impostor.log'));
    child.stdout!.pipe(log);
    child.stderr!.pipe(log);
    await waitFor('node 1 to refuse the impostor', async () => (await refusedCount('certificate-mismatch')) > 0, { timeoutMs: 45_000 });
    const refusal = (await cluster.log(1)).split('\n').find((line) => line.includes('"refusal":"certificate-mismatch"'));
    expect(refusal).toContain('the hello claims node 3 but the certificate names node 2');
    // The impostor's reports to the controller are refused for the same reason, so it is never registered.
    const impostorLog = await waitFor('the impostor to log its refusal', async () => {
      const text = await readFile(join(work, 'impostor.log'), 'utf8');
      return text.includes('the report claims node 3 but the certificate names node 2') ? text : undefined;
    }, { timeoutMs: 30_000 });
    expect(impostorLog).toContain('certificate-mismatch: the report claims node 3');
    await killChild(child);
  }, 90_000);

  it('refuses a client certificate at the peer port although the same CA signed it', async () => {
    const end = await peerWith(certs, 'alice').open(hello(2)).ended;
    expect(end).toMatchObject({ code: status.FAILED_PRECONDITION, refusal: 'not-a-node-certificate' });
    expect(end.details).toContain('clientAuth');
    await waitFor('the refusal counted', async () => (await refusedCount('not-a-node-certificate')) > 0, { timeoutMs: 15_000 });
    // The same hello with node 2's own certificate passes the certificate check and meets admission:
    // node 2 is not a member of this one-node cluster.
    expect(await peerWith(certs, 'node-2').open(hello(2)).ended).toMatchObject({ code: status.FAILED_PRECONDITION, refusal: 'not-a-member' });
  });

  it('refuses a node certificate of another cluster, from this CA (wrong-cluster) or another (at the handshake)', async () => {
    expect(await peerWith(certs, 'node-5').open(hello(5)).ended).toMatchObject({ code: status.FAILED_PRECONDITION, refusal: 'wrong-cluster' });
    const end = await peerWith(otherCa, 'node-2').open(hello(2)).ended;
    expect(end.code).toBe(status.UNAVAILABLE);
    expect(end.refusal).toBeUndefined();
  });

  it('maps a client certificate to its user by the configured rule: that user\'s rights apply', async () => {
    const clientWith = (name?: string): Cairn => new Cairn({
      brokers: cluster.brokers(),
      tls: { caFile: join(certs, 'ca.crt'), ...(name !== undefined && { certFile: join(certs, `${name}.crt`), keyFile: join(certs, `${name}.key`) }) },
      requestTimeoutMs: 5000,
    });
    const failure = (promise: Promise<unknown>): Promise<CairnError> => promise.then(() => Promise.reject(new Error('expected a refusal')), (e: unknown) => e as CairnError);
    const [alice, bob, nobody] = [clientWith('alice'), clientWith('bob'), clientWith()];
    try {
      // user-alice is a superuser.
      await alice.admin().createTopic({ name: 'mtls-alice', partitions: 1, replicationFactor: 1 });
      // user-bob is authenticated by his certificate, but no ACL lets him create topics.
      const refused = await failure(bob.admin().createTopic({ name: 'mtls-bob', partitions: 1, replicationFactor: 1 }));
      expect(refused).toBeInstanceOf(CairnError);
      expect(refused.code).toBe('UNAUTHORIZED');
      expect(refused.message).toContain('User:user-bob');
      // TLS without a certificate (or a token) authenticates nobody.
      expect((await failure(nobody.admin().listTopics())).code).toBe('UNAUTHENTICATED');
      expect((await alice.admin().listTopics()).map((t) => t.name)).toEqual(['mtls-alice']);
    } finally {
      await Promise.all([alice.close(), bob.close(), nobody.close()]);
    }
  });

  it('puts /metrics behind the bearer token, compared whole, and leaves the probes open', async () => {
    const base = `http://127.0.0.1:${cluster.ports.get(1)!.http}`;
    const metricsWith = (authorization?: string) => fetch(`${base}/metrics`, authorization === undefined ? {} : { headers: { authorization } });
    const open = await metricsWith();
    expect(open.status).toBe(401);
    expect(open.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect((await metricsWith(`Bearer ${METRICS_TOKEN.slice(0, -1)}`)).status).toBe(401);
    expect((await metricsWith(`Bearer ${METRICS_TOKEN}x`)).status).toBe(401);
    expect((await metricsWith(`Basic ${METRICS_TOKEN}`)).status).toBe(401);
    const allowed = await metricsWith(`Bearer ${METRICS_TOKEN}`);
    expect(allowed.status).toBe(200);
    expect(await allowed.text()).toContain('cairn_raft_groups');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    // Ready once a topic created by an earlier test has its leader; the probe needs no token either way.
    await waitFor('/readyz to answer 200 without a token', async () => (await fetch(`${base}/readyz`)).status === 200, { timeoutMs: 30_000 });
  });

  it('serves a renewed certificate to new connections without a restart', async () => {
    const clientPort = cluster.ports.get(1)!.client;
    const serialServed = () => new Promise<string>((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port: clientPort, ca: readFileSync(join(certs, 'ca.crt')), ALPNProtocols: ['h2'] }, () => {
        resolve(socket.getPeerCertificate().serialNumber);
        socket.end();
      });
      socket.on('error', reject);
    });
    const before = await serialServed();
    genCerts(['node:1'], {}, certs);
    const renewed = new X509Certificate(readFileSync(join(certs, 'node-1.crt'))).serialNumber;
    expect(renewed).not.toBe(before);
    await waitFor('the renewed certificate served', async () => ((await serialServed()) === renewed ? true : undefined), { timeoutMs: 20_000 });
    expect(await cluster.log(1)).toContain('TLS certificates reloaded');
    // Metrics say so too, and when the certificate now presented expires.
    const text = await metricsText();
    expect(text).toMatch(/^cairn_tls_certificate_reloads(\{[^}]*\})? 1$/m);
    const expiry = /^cairn_tls_certificate_expiry_timestamp_seconds(?:\{[^}]*\})? (\S+)$/m.exec(text)?.[1];
    expect(Number(expiry) * 1000).toBe(Date.parse(new X509Certificate(readFileSync(join(certs, 'node-1.crt'))).validTo));
    // The node still serves clients with it.
    const tls = { caFile: join(certs, 'ca.crt'), certFile: join(certs, 'alice.crt'), keyFile: join(certs, 'alice.key') };
    const cairn = new Cairn({ brokers: cluster.brokers(), tls, requestTimeoutMs: 5000 });
    try {
      await cairn.admin().createTopic({ name: 'after-rotation', partitions: 1, replicationFactor: 1 });
      expect((await cairn.admin().listTopics()).map((t) => t.name)).toContain('after-rotation');
    } finally {
      await cairn.close();
    }
  }, 60_000);
});
