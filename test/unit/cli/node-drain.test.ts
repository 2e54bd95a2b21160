/**
 * `cairn node drain` against a node's real HTTP endpoint, with the node's
 * drain faked: what it asks for, what it prints, and its exit codes.
 */
import { rmSync } from 'node:fs';
import type { Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../../src/cli/run.js';
import { Metrics } from '../../../src/observability/index.js';
import type { DrainResult } from '../../../src/server/http-server.js';
import { DRAIN_WAIT_MS_DEFAULT, isLoopback, startHttpServer } from '../../../src/server/http-server.js';
import { freePorts } from '../../integration/support/process-cluster.js';
import { CertificateReloader } from '../../../src/security/cert-reload.js';
import { genCerts } from '../security/tls-fixtures.js';
import { captureIo } from './capture-io.js';

async function cairn(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const capture = captureIo();
  const code = await run(argv, capture.io);
  return { code, stdout: capture.stdout(), stderr: capture.stderr() };
}

describe('cairn node drain', () => {
  const asked: number[] = [];
  let answer: DrainResult = { drained: true, leading: [], waitedMs: 1200 };
  let server: Server;
  let http: string;

  beforeAll(async () => {
    const started = await startHttpServer('127.0.0.1:0', new Metrics(), {
      notReadyReason: () => undefined,
      drain: (waitMsMax) => {
        asked.push(waitMsMax);
        return Promise.resolve(answer);
      },
    });
    server = started.server;
    http = `127.0.0.1:${started.port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('drains the node, waiting as long as --timeout-ms says, and says so', async () => {
    asked.length = 0;
    expect(await cairn(['node', 'drain', '--http', http])).toEqual({ code: 0, stdout: `drained: the node at ${http} leads no group (after 1.2s)\n`, stderr: '' });
    expect(await cairn(['node', 'drain', '--http', http, '--timeout-ms', '250'])).toMatchObject({ code: 0 });
    expect(asked).toEqual([DRAIN_WAIT_MS_DEFAULT, 250]);
  });

  it('fails, naming the groups still led, when the bound passes first; --json prints the answer', async () => {
    answer = { drained: false, leading: [3, 7], waitedMs: 30_000 };
    expect(await cairn(['node', 'drain', '--http', http])).toEqual({ code: 1, stdout: '', stderr: `error: the node at ${http} still leads groups 3,7 after 30.0s\n` });
    const json = await cairn(['node', 'drain', '--http', http, '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual(answer);
    answer = { drained: true, leading: [], waitedMs: 1200 };
  });

  it('fails with one line when no node answers or the request is refused', async () => {
    const [closed] = await freePorts(1);
    const unreachable = await cairn(['node', 'drain', '--http', `127.0.0.1:${closed}`]);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(new RegExp(`^error: cannot drain the node at 127.0.0.1:${closed}: .*ECONNREFUSED.*\n$`));
    expect(await cairn(['node', 'drain', '--http', 'nowhere'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--http: expected HOST:PORT') });
  });

  it('is refused over HTTP unless POSTed with a valid bound', async () => {
    expect((await fetch(`http://${http}/drain`)).status).toBe(405);
    const bad = await fetch(`http://${http}/drain?timeoutMs=0`, { method: 'POST' });
    expect([bad.status, await bad.text()]).toEqual([400, 'timeoutMs: expected an integer from 1 to 600000, got "0"\n']);
    // The HTTP port has no authentication: a drain from another machine is refused (403).
    expect(['127.0.0.1', '127.8.0.1', '::1', '::ffff:127.0.0.1'].map(isLoopback)).toEqual([true, true, true, true]);
    expect(['10.0.0.7', '::ffff:10.0.0.7', 'fe80::1', '::12', undefined].map(isLoopback)).toEqual([false, false, false, false, false]);
  });
});

describe('cairn node drain over HTTPS (tls.http=tls)', () => {
  let certs: string;
  let otherCa: string;
  let server: Server;
  let reloader: CertificateReloader;
  let http: string;

  beforeAll(async () => {
    certs = genCerts(['node:1']);
    otherCa = genCerts(['node:1'], { CAIRN_CA_NAME: 'another-ca' });
    reloader = new CertificateReloader({ caFile: join(certs, 'ca.crt'), certFile: join(certs, 'node-1.crt'), keyFile: join(certs, 'node-1.key') }, { info: () => {}, warn: () => {} });
    const started = await startHttpServer('127.0.0.1:0', new Metrics(), {
      notReadyReason: () => undefined,
      drain: () => Promise.resolve({ drained: true, leading: [], waitedMs: 10 }),
      certificates: reloader,
    });
    server = started.server;
    http = `127.0.0.1:${started.port}`;
  }, 30_000);
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    for (const dir of [certs, otherCa]) rmSync(dir, { recursive: true, force: true });
  });

  it('drains over HTTPS, checking the node certificate against --tls-ca-file', async () => {
    expect(await cairn(['node', 'drain', '--http', http, '--tls-ca-file', join(certs, 'ca.crt')])).toMatchObject({ code: 0, stdout: expect.stringContaining('drained') });
  });

  it('fails with one line without the CA, with another CA, or with an unreadable CA file', async () => {
    expect(await cairn(['node', 'drain', '--http', http])).toMatchObject({ code: 1, stderr: expect.stringMatching(/^error: cannot drain the node at .*\n$/) });
    const stranger = await cairn(['node', 'drain', '--http', http, '--tls-ca-file', join(otherCa, 'ca.crt')]);
    expect(stranger).toMatchObject({ code: 1, stderr: expect.stringMatching(/^error: cannot drain the node at .*certificate.*\n$/) });
    expect(await cairn(['node', 'drain', '--http', http, '--tls-ca-file', join(certs, 'missing.crt')])).toMatchObject({ code: 2, stderr: expect.stringContaining('--tls-ca-file: cannot read') });
  });
});
