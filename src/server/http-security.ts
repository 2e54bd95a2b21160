/**
 * What protects the node's HTTP port: HTTPS with the node's certificate (following renewals), and
 * a bearer token for /metrics. The probes (/healthz, /readyz) stay open so an orchestrator needs
 * no secret; /drain stays loopback-only (http-server.ts).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Server } from 'node:net';
import { CairnError } from '../protocol/errors.js';
import type { CertificateReloader } from '../security/cert-reload.js';

/** An HTTP server, or an HTTPS one whose certificates follow `certificates` without a restart. */
export function createHttpListener(certificates: CertificateReloader | undefined, handler: RequestListener): Server {
  if (certificates === undefined) return createHttpServer(handler);
  const { cert, key } = certificates.current();
  const server = createHttpsServer({ cert, key }, handler);
  certificates.onChange((renewed) => server.setSecureContext({ cert: renewed.cert, key: renewed.key }));
  return server;
}

/**
 * Checks `Authorization: Bearer <token>` against the token in `file`, read again when the file
 * changes so a rotated token needs no restart. The compare is of SHA-256 digests with
 * timingSafeEqual: constant time, and no length to leak either.
 */
export class MetricsToken {
  private digest: Buffer;
  private checkedAtMs = 0;

  /** Reads the token now: a node must not start with /metrics protected by a token it cannot read. */
  constructor(
    private readonly file: string,
    /** How long a read token is trusted before the file is looked at again. */
    private readonly rereadMs = 5_000,
    private readonly nowMs: () => number = () => performance.now(),
  ) {
    const digest = this.read();
    if (digest instanceof Error) throw new CairnError('INVALID_CONFIG', `http.metricsTokenFile: ${digest.message}`, { cause: digest });
    this.digest = digest;
    this.checkedAtMs = this.nowMs();
  }

  authorized(request: IncomingMessage): boolean {
    const header = request.headers.authorization;
    const match = header === undefined ? null : /^Bearer +(\S+) *$/i.exec(header);
    if (match === null) return false;
    return timingSafeEqual(sha256(match[1]!), this.current());
  }

  /** 401 with the challenge RFC 6750 asks for. */
  refuse(response: ServerResponse): void {
    response.writeHead(401, { 'www-authenticate': 'Bearer realm="cairn-metrics"', 'content-type': 'text/plain' }).end('a bearer token is required for /metrics\n');
  }

  private current(): Buffer {
    if (this.nowMs() - this.checkedAtMs >= this.rereadMs) {
      this.checkedAtMs = this.nowMs();
      const digest = this.read();
      // An unreadable or emptied file keeps the last token: a rotation caught midway must not open /metrics.
      if (!(digest instanceof Error)) this.digest = digest;
    }
    return this.digest;
  }

  private read(): Buffer | Error {
    let token: string;
    try {
      token = readFileSync(this.file, 'utf8').trim();
    } catch (error) {
      return new Error(`cannot read ${JSON.stringify(this.file)}: ${(error as Error).message}`);
    }
    if (token === '' || /\s/.test(token)) return new Error(`${JSON.stringify(this.file)} must hold one token without spaces`);
    return sha256(token);
  }
}

const sha256 = (text: string): Buffer => createHash('sha256').update(text).digest();
