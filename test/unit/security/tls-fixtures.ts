/** Certificates from scripts/gen-certs.sh, and the PeerCertificate a TLS server sees for one. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, createServer, type PeerCertificate, type TLSSocket } from 'node:tls';

const GEN_CERTS = join(import.meta.dirname, '../../../scripts/gen-certs.sh');

/** Makes a CA in a new directory (or renews certificates in `dir`) and certificates for `specs` (`node:ID`, NAME). */
export function genCerts(specs: readonly string[], env: Record<string, string> = {}, dir = mkdtempSync(join(tmpdir(), 'cairn-certs-'))): string {
  execFileSync(GEN_CERTS, [dir, ...specs], { env: { ...process.env, ...env }, stdio: 'ignore' });
  return dir;
}

/**
 * The verified certificate a server trusting `serverDir`'s CA sees when a client connects with
 * `name`'s pair from `clientDir`; undefined when the handshake refuses it.
 */
export async function peerCertificateOf(serverDir: string, clientDir: string, name: string): Promise<PeerCertificate | undefined> {
  const read = (dir: string, file: string): Buffer => readFileSync(join(dir, file));
  const server = createServer({
    ca: read(serverDir, 'ca.crt'),
    cert: read(serverDir, 'node-1.crt'),
    key: read(serverDir, 'node-1.key'),
    requestCert: true,
    rejectUnauthorized: true,
  });
  const seen = new Promise<PeerCertificate>((resolve) => server.once('secureConnection', (socket: TLSSocket) => {
    resolve(socket.getPeerCertificate());
    socket.end();
  }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  try {
    const client = connect({ port, host: '127.0.0.1', ca: read(serverDir, 'ca.crt'), cert: read(clientDir, `${name}.crt`), key: read(clientDir, `${name}.key`), checkServerIdentity: () => undefined });
    const refused = new Promise<undefined>((resolve) => {
      client.on('error', () => resolve(undefined));
      client.on('close', () => resolve(undefined));
    });
    const result = await Promise.race([seen, refused]);
    client.destroy();
    return result;
  } finally {
    server.close();
  }
}
