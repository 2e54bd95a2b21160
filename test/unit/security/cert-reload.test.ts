import { X509Certificate } from 'node:crypto';
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CairnError } from '../../../src/protocol/errors.js';
import { CertificateReloader } from '../../../src/security/cert-reload.js';
import { genCerts } from './tls-fixtures.js';

interface Logged {
  readonly level: 'info' | 'warn';
  readonly message: string;
}

function recording(): { logger: { info(f: object, m: string): void; warn(f: object, m: string): void }; lines: Logged[] } {
  const lines: Logged[] = [];
  return { lines, logger: { info: (_f, message) => lines.push({ level: 'info', message }), warn: (_f, message) => lines.push({ level: 'warn', message }) } };
}

describe('CertificateReloader', () => {
  let dir: string;
  beforeAll(() => {
    dir = genCerts(['node:1', 'node:2']);
  }, 30_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const files = (name: string) => ({ caFile: join(dir, 'ca.crt'), certFile: join(dir, `${name}.crt`), keyFile: join(dir, `${name}.key`) });

  /** A private copy of `name`'s files that a test may renew or break. */
  function copyOf(name: string, copy: string): ReturnType<typeof files> {
    copyFileSync(join(dir, `${name}.crt`), join(dir, `${copy}.crt`));
    copyFileSync(join(dir, `${name}.key`), join(dir, `${copy}.key`));
    return files(copy);
  }

  it('refuses at start, as INVALID_CONFIG, files it cannot read or a key that does not match its certificate', () => {
    const { logger } = recording();
    expect(() => new CertificateReloader({ ...files('node-1'), keyFile: join(dir, 'missing.key') }, logger)).toThrow(CairnError);
    expect(() => new CertificateReloader({ ...files('node-1'), keyFile: join(dir, 'node-2.key') }, logger)).toThrow(/tls: .*key values mismatch/);
  });

  it('publishes a renewed set to gRPC listeners and plain ones, and nothing when the files are unchanged', async () => {
    const { logger, lines } = recording();
    const paths = copyOf('node-1', 'renew-a');
    const reloader = new CertificateReloader(paths, logger);
    const identities: Buffer[] = [];
    const changes: Buffer[] = [];
    reloader.addIdentityCertificateListener((update) => identities.push(update!.certificate));
    reloader.onChange((set) => changes.push(set.cert));
    await Promise.resolve();
    expect(identities).toEqual([reloader.current().cert]);
    expect(await reloader.check()).toBe(false);

    copyOf('node-2', 'renew-a');
    expect(await reloader.check()).toBe(true);
    expect(reloader.current().cert.toString()).toContain('BEGIN CERTIFICATE');
    expect(identities.at(-1)).toEqual(reloader.current().cert);
    expect(changes).toEqual([reloader.current().cert]);
    expect(reloader.reloadCount()).toBe(1);
    expect(reloader.notAfterMs()).toBe(Date.parse(new X509Certificate(readFileSync(join(dir, 'node-2.crt'))).validTo));
    expect(lines).toEqual([{ level: 'info', message: 'TLS certificates reloaded' }]);
  });

  it('keeps the current set while the renewed files are inconsistent, logs that once, and takes them once whole', async () => {
    const { logger, lines } = recording();
    const paths = copyOf('node-1', 'renew-b');
    const reloader = new CertificateReloader(paths, logger);
    const before = reloader.current();
    // A rotation caught between its two renames: node 2's certificate beside node 1's key.
    copyFileSync(join(dir, 'node-2.crt'), paths.certFile);
    expect(await reloader.check()).toBe(false);
    expect(await reloader.check()).toBe(false);
    expect(reloader.current()).toBe(before);
    expect(lines.filter((l) => l.level === 'warn')).toHaveLength(1);
    writeFileSync(paths.keyFile, '');
    expect(await reloader.check()).toBe(false);
    expect(lines.filter((l) => l.level === 'warn')).toHaveLength(2);
    copyFileSync(join(dir, 'node-2.key'), paths.keyFile);
    expect(await reloader.check()).toBe(true);
    expect(reloader.current().cert).not.toEqual(before.cert);
  });

  it('re-reads on its interval once started, until closed', async () => {
    const { logger } = recording();
    const paths = copyOf('node-1', 'renew-c');
    const reloader = new CertificateReloader(paths, logger);
    reloader.start(20);
    try {
      copyOf('node-2', 'renew-c');
      const deadline = Date.now() + 10_000;
      while (reloader.reloadCount() === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(reloader.reloadCount()).toBe(1);
    } finally {
      reloader.close();
    }
  });
});
