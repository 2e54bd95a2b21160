/** TLS on every listener, mutual between nodes, with certificates from scripts/gen-certs.sh. */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cairn, CairnError } from '../../src/client/index.js';
import { ProcessCluster } from './support/process-cluster.js';
import { printNodeLogsOnFailure } from './support/cluster-fixture.js';

const GEN_CERTS = join(import.meta.dirname, '../../scripts/gen-certs.sh');

describe('a cluster with TLS', () => {
  let certs: string;
  let cluster: ProcessCluster;
  printNodeLogsOnFailure(() => cluster);

  beforeAll(async () => {
    certs = await mkdtemp(join(tmpdir(), 'cairn-certs-'));
    execFileSync(GEN_CERTS, [certs, 'node:1', 'node:2', 'node:3', 'client']);
    cluster = await ProcessCluster.start({ nodes: 3, tlsDir: certs });
    await cluster.waitReady();
  }, 90_000);

  afterAll(async () => {
    await cluster?.stop();
    await rm(certs, { recursive: true, force: true });
  });

  it('forms over mutual TLS and serves clients that trust its CA', async () => {
    const tls = { caFile: join(certs, 'ca.crt'), certFile: join(certs, 'client.crt'), keyFile: join(certs, 'client.key') };
    const cairn = new Cairn({ brokers: cluster.brokers(), tls, requestTimeoutMs: 3000 });
    try {
      await cairn.admin().createTopic({ name: 'secure', partitions: 3, replicationFactor: 3 });
      const state = await cairn.admin().describeCluster();
      expect(state.nodes.every((n) => n.live)).toBe(true);
    } finally {
      await cairn.close();
    }
  });

  it('refuses a plaintext client with a typed, retriable-then-final error instead of hanging', async () => {
    const plain = new Cairn({ brokers: cluster.brokers([1]), requestTimeoutMs: 1000, retry: { retriesMax: 1, initialBackoffMs: 50 } });
    try {
      const error = await plain.admin().listTopics().then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(CairnError);
      expect(['UNAVAILABLE', 'REQUEST_TIMED_OUT']).toContain((error as CairnError).code);
    } finally {
      await plain.close();
    }
  });
});
