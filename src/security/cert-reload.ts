/**
 * A node's TLS files, re-read on an interval so that renewed certificates (cert-manager rotating a
 * Secret, an operator replacing files) are used without a restart.
 *
 * Polling rather than fs.watch: a Kubernetes Secret volume is updated by swapping a symlink, which
 * file watchers miss or report on the wrong path, and a poll of three small files is cheap.
 * A renewed set is published only once it is whole and consistent (the key matches the
 * certificate, everything parses); until then the previous set stays in use, so a rotation caught
 * half-written costs nothing but a log line. Connections already open keep the certificate they
 * were made with; new ones get the renewed one.
 *
 * The reloader is a grpc-js CertificateProvider (gRPC servers and channels follow it) and also
 * tells plain listeners (the HTTPS port) through onChange.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { X509Certificate } from 'node:crypto';
import { createSecureContext } from 'node:tls';
import type { experimental } from '@grpc/grpc-js';
import { CairnError } from '../protocol/errors.js';

export interface CertificateFiles {
  readonly caFile: string;
  readonly certFile: string;
  readonly keyFile: string;
}

export interface CertificateSet {
  readonly ca: Buffer;
  readonly cert: Buffer;
  readonly key: Buffer;
}

export interface ReloadLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

export const CERT_RELOAD_INTERVAL_DEFAULT_MS = 30_000;

export class CertificateReloader implements experimental.CertificateProvider {
  private set: CertificateSet;
  private readonly caListeners = new Set<experimental.CaCertificateUpdateListener>();
  private readonly identityListeners = new Set<experimental.IdentityCertificateUpdateListener>();
  private readonly changeListeners = new Set<(set: CertificateSet) => void>();
  private timer: NodeJS.Timeout | undefined;
  private checking: Promise<boolean> | undefined;
  /** The last refused contents' problem, so a file left broken is logged once, not every interval. */
  private lastProblem: string | undefined;
  private reloads = 0;

  /** Reads the files now: a node must not start with certificates it cannot use (INVALID_CONFIG). */
  constructor(
    private readonly files: CertificateFiles,
    private readonly logger: ReloadLogger,
  ) {
    const read = (field: keyof CertificateFiles): Buffer => {
      try {
        return readFileSync(files[field]);
      } catch (error) {
        throw new CairnError('INVALID_CONFIG', `tls.${field}: cannot read ${JSON.stringify(files[field])}: ${(error as Error).message}`, { cause: error });
      }
    };
    const set = { ca: read('caFile'), cert: read('certFile'), key: read('keyFile') };
    const problem = inconsistency(set);
    if (problem !== undefined) throw new CairnError('INVALID_CONFIG', `tls: ${problem} (${files.certFile}, ${files.keyFile}, ${files.caFile})`);
    this.set = set;
  }

  /** Re-reads the files every `intervalMs` until close(); the timer does not keep the process alive. */
  start(intervalMs: number = CERT_RELOAD_INTERVAL_DEFAULT_MS): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => void this.check(), intervalMs);
    this.timer.unref();
  }

  close(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  current(): CertificateSet {
    return this.set;
  }

  /** When the certificate this node presents (the first of its chain) expires, in ms since the epoch. */
  notAfterMs(): number {
    return Date.parse(new X509Certificate(this.set.cert).validTo);
  }

  /** How many renewed sets were published since start. */
  reloadCount(): number {
    return this.reloads;
  }

  /** Re-reads the files now; resolves true when a renewed set was published. */
  check(): Promise<boolean> {
    this.checking ??= this.reread().finally(() => (this.checking = undefined));
    return this.checking;
  }

  private async reread(): Promise<boolean> {
    let next: CertificateSet;
    try {
      const [ca, cert, key] = await Promise.all([readFile(this.files.caFile), readFile(this.files.certFile), readFile(this.files.keyFile)]);
      next = { ca, cert, key };
    } catch (error) {
      this.refused(`cannot read: ${(error as Error).message}`);
      return false;
    }
    if (next.ca.equals(this.set.ca) && next.cert.equals(this.set.cert) && next.key.equals(this.set.key)) return false;
    const problem = inconsistency(next);
    if (problem !== undefined) {
      this.refused(problem);
      return false;
    }
    this.set = next;
    this.lastProblem = undefined;
    this.reloads++;
    this.logger.info({ certFile: this.files.certFile, caFile: this.files.caFile }, 'TLS certificates reloaded');
    for (const listener of this.caListeners) listener({ caCertificate: next.ca });
    for (const listener of this.identityListeners) listener({ certificate: next.cert, privateKey: next.key });
    for (const listener of this.changeListeners) listener(next);
    return true;
  }

  private refused(problem: string): void {
    if (problem === this.lastProblem) return;
    this.lastProblem = problem;
    this.logger.warn({ certFile: this.files.certFile, keyFile: this.files.keyFile, caFile: this.files.caFile, problem }, 'renewed TLS files not used yet; keeping the current certificates');
  }

  /** For listeners that are not gRPC's: told each renewed set. */
  onChange(listener: (set: CertificateSet) => void): void {
    this.changeListeners.add(listener);
  }

  // grpc-js calls these when a server or channel starts or stops following this provider, and
  // refuses connections until the first set arrives. It goes out on the next microtask, not at
  // once: grpc-js adds these listeners before its own watcher, which would miss a synchronous call.
  addCaCertificateListener(listener: experimental.CaCertificateUpdateListener): void {
    this.caListeners.add(listener);
    queueMicrotask(() => this.caListeners.has(listener) && listener({ caCertificate: this.set.ca }));
  }

  removeCaCertificateListener(listener: experimental.CaCertificateUpdateListener): void {
    this.caListeners.delete(listener);
  }

  addIdentityCertificateListener(listener: experimental.IdentityCertificateUpdateListener): void {
    this.identityListeners.add(listener);
    queueMicrotask(() => this.identityListeners.has(listener) && listener({ certificate: this.set.cert, privateKey: this.set.key }));
  }

  removeIdentityCertificateListener(listener: experimental.IdentityCertificateUpdateListener): void {
    this.identityListeners.delete(listener);
  }
}

/** Why the set cannot be used (a key that does not match its certificate, unparsable PEM), or undefined. */
function inconsistency(set: CertificateSet): string | undefined {
  try {
    createSecureContext({ ca: set.ca, cert: set.cert, key: set.key });
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
