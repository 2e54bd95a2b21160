import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CairnError } from '../../../src/protocol/errors.js';
import { CertificateReloader } from '../../../src/security/cert-reload.js';
import { MetricsToken, createHttpListener } from '../../../src/server/http-security.js';
import { genCerts } from '../security/tls-fixtures.js';

const request = (authorization?: string): IncomingMessage => ({ headers: authorization === undefined ? {} : { authorization } }) as IncomingMessage;

describe('MetricsToken', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cairn-token-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('accepts only the exact bearer token', () => {
    writeFileSync(join(dir, 't1'), 's3cret-token\n');
    const token = new MetricsToken(join(dir, 't1'));
    expect(token.authorized(request('Bearer s3cret-token'))).toBe(true);
    expect(token.authorized(request('bearer s3cret-token'))).toBe(true);
    for (const wrong of [undefined, '', 'Bearer', 'Bearer s3cret-toke', 'Bearer s3cret-token2', 'Basic s3cret-token', 'Bearer s3cret-token extra']) {
      expect(token.authorized(request(wrong))).toBe(false);
    }
  });

  it('follows a rotated token file, and keeps the last token while the file is unreadable or empty', () => {
    let now = 0;
    const file = join(dir, 't2');
    writeFileSync(file, 'first');
    const token = new MetricsToken(file, 1_000, () => now);
    writeFileSync(file, 'second');
    expect(token.authorized(request('Bearer first'))).toBe(true);
    now = 1_000;
    expect(token.authorized(request('Bearer second'))).toBe(true);
    expect(token.authorized(request('Bearer first'))).toBe(false);
    writeFileSync(file, '');
    now = 2_000;
    expect(token.authorized(request('Bearer second'))).toBe(true);
    rmSync(file);
    now = 3_000;
    expect(token.authorized(request('Bearer second'))).toBe(true);
  });

  it('refuses to start with a token file it cannot read or that holds no token, as INVALID_CONFIG', () => {
    writeFileSync(join(dir, 'blank'), ' \n');
    for (const file of [join(dir, 'missing'), join(dir, 'blank')]) {
      expect(() => new MetricsToken(file)).toThrow(CairnError);
      expect(() => new MetricsToken(file)).toThrow(/^http\.metricsTokenFile: /);
    }
  });
});

describe('createHttpListener', () => {
  let dir: string;
  beforeAll(() => {
    dir = genCerts(['node:1', 'node:2']);
  }, 30_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves HTTPS with the node certificate, and a renewed one to new connections', async () => {
    copyFileSync(join(dir, 'node-1.crt'), join(dir, 'http.crt'));
    copyFileSync(join(dir, 'node-1.key'), join(dir, 'http.key'));
    const log = { info: () => {}, warn: () => {} };
    const certificates = new CertificateReloader({ caFile: join(dir, 'ca.crt'), certFile: join(dir, 'http.crt'), keyFile: join(dir, 'http.key') }, log);
    const server = createHttpListener(certificates, (_request, response) => response.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const served = () => new Promise<string>((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port, ca: readFileSync(join(dir, 'ca.crt')) }, () => {
        resolve(socket.getPeerCertificate().serialNumber);
        socket.end();
      });
      socket.on('error', reject);
    });
    const serial = (name: string) => new X509Certificate(readFileSync(join(dir, `${name}.crt`))).serialNumber;
    try {
      expect(await served()).toBe(serial('node-1'));
      copyFileSync(join(dir, 'node-2.key'), join(dir, 'http.key'));
      copyFileSync(join(dir, 'node-2.crt'), join(dir, 'http.crt'));
      expect(await certificates.check()).toBe(true);
      expect(await served()).toBe(serial('node-2'));
    } finally {
      server.close();
    }
  });
});
