/**
 * Real `cairn serve` processes on loopback, each with its own ports and data
 * directory under one temporary folder. Nodes are stopped by PID; every
 * process this starts is killed in stop().
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { credentials, makeGenericClientConstructor } from '@grpc/grpc-js';
import { service as healthService } from 'grpc-health-check';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Cairn } from '../../../src/client/index.js';
import { SERVER_NODE_FLAGS } from '../../../src/server/heap-flags.js';
import { waitFor } from './wait.js';

interface HealthClient {
  check(request: { service: string }, options: { deadline: number }, callback: (error: Error | null, response?: { status: string }) => void): void;
  close(): void;
}
const HealthClient = makeGenericClientConstructor(healthService, 'Health');

const ROOT = join(import.meta.dirname, '../../..');
const CLI = join(ROOT, 'src/cli/main.ts');
/** The built CLI (`npm run build`): starts faster and uses less memory than through tsx, and profiles name the real code. */
export const BUILT_CLI = join(ROOT, 'dist/src/cli/main.js');

export interface NodePorts {
  readonly client: number;
  readonly peer: number;
  readonly http: number;
}

export interface ClusterOptions {
  readonly nodes: number;
  /** Metadata voters; default all nodes. */
  readonly metadataVoters?: readonly number[];
  /** Extra flags for every node, e.g. ['--node-dead-after-ms', '2000']. */
  readonly flags?: readonly string[];
  /** A folder made by scripts/gen-certs.sh with ca.crt and node-ID.crt/key for each node (`node:ID`): TLS on every listener. */
  readonly tlsDir?: string;
  /** 'built' runs dist/ (build first); default 'source', through tsx. */
  readonly code?: 'source' | 'built';
  /** With code 'built': another build's CLI (dist/src/cli/main.js), for a bench comparing two builds. */
  readonly builtCli?: string;
  /** Flags for node itself, before the script, e.g. ['--cpu-prof', '--cpu-prof-dir', dir]. */
  readonly nodeFlags?: readonly string[];
  /** The client address each node gives clients, e.g. a proxy's; default its own. */
  readonly advertisedAddress?: (id: number) => string;
}

/** Ports the OS says are free now; a port is only held once a node binds it. */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => new Promise<ReturnType<typeof createServer>>((resolve) => {
      const server = createServer();
      server.listen(0, '127.0.0.1', () => resolve(server));
    })),
  );
  const ports = servers.map((s) => (s.address() as { port: number }).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

/** Runs `cairn ARGS` as its own process, as an operator or a hook would. */
export function runCli(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() }));
  });
}

/** Signals a child process and waits for it to exit; a child already gone is left alone. */
export async function killChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}

export class ProcessCluster {
  readonly processes = new Map<number, ChildProcess>();
  private constructor(
    readonly dir: string,
    readonly ports: ReadonlyMap<number, NodePorts>,
    private readonly options: ClusterOptions,
  ) {}

  static async start(options: ClusterOptions): Promise<ProcessCluster> {
    const dir = await mkdtemp(join(tmpdir(), 'cairn-it-'));
    const flat = await freePorts(options.nodes * 3);
    const ports = new Map<number, NodePorts>();
    for (let id = 1; id <= options.nodes; id++) {
      const [client, peer, http] = flat.slice((id - 1) * 3, id * 3) as [number, number, number];
      ports.set(id, { client, peer, http });
    }
    const cluster = new ProcessCluster(dir, ports, options);
    for (const id of ports.keys()) cluster.startNode(id);
    return cluster;
  }

  ids(): number[] {
    return [...this.ports.keys()];
  }

  dataDir(id: number): string {
    return join(this.dir, `node-${id}`);
  }

  logFile(id: number): string {
    return join(this.dir, `node-${id}.log`);
  }

  brokers(ids: readonly number[] = this.ids()): string[] {
    return ids.map((id) => `127.0.0.1:${this.ports.get(id)!.client}`);
  }

  client(ids?: readonly number[], options: { requestTimeoutMs?: number } = {}): Cairn {
    return new Cairn({ brokers: this.brokers(ids), requestTimeoutMs: options.requestTimeoutMs ?? 3000, retry: { retriesMax: 10 } });
  }

  startNode(id: number): ChildProcess {
    const ports = this.ports.get(id)!;
    const peers = [...this.ports].map(([n, p]) => `${n}=127.0.0.1:${p.peer}`).join(',');
    const args = [
      ...SERVER_NODE_FLAGS,
      ...(this.options.nodeFlags ?? []),
      ...(this.options.code === 'built' ? [this.options.builtCli ?? BUILT_CLI] : ['--import', 'tsx', CLI]),
      'serve',
      '--node-id', String(id),
      '--data-dir', this.dataDir(id),
      '--listen-address', `127.0.0.1:${ports.client}`,
      '--peer-listen-address', `127.0.0.1:${ports.peer}`,
      '--http-listen-address', `127.0.0.1:${ports.http}`,
      '--peers', peers,
      '--metadata-voters', (this.options.metadataVoters ?? this.ids()).join(','),
      ...(this.options.advertisedAddress === undefined ? [] : ['--advertised-address', this.options.advertisedAddress(id)]),
      ...(this.options.flags ?? []),
      ...(this.options.tlsDir === undefined
        ? []
        : ['--tls-ca-file', join(this.options.tlsDir, 'ca.crt'), '--tls-cert-file', join(this.options.tlsDir, `node-${id}.crt`), '--tls-key-file', join(this.options.tlsDir, `node-${id}.key`)]),
    ];
    const log = createWriteStream(this.logFile(id), { flags: 'a' });
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CAIRN_LOG_LEVEL: 'info' } });
    child.stdout.pipe(log);
    child.stderr.pipe(log);
    this.processes.set(id, child);
    return child;
  }

  async kill(id: number, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.processes.get(id);
    if (child === undefined) return;
    await killChild(child, signal);
    this.processes.delete(id);
  }

  /** SIGSTOP / SIGCONT: the process stays but stops answering, as a stalled machine does. */
  pause(id: number): void {
    this.processes.get(id)?.kill('SIGSTOP');
  }

  resume(id: number): void {
    this.processes.get(id)?.kill('SIGCONT');
  }

  async wipe(id: number): Promise<void> {
    await rm(this.dataDir(id), { recursive: true, force: true });
  }

  log(id: number): Promise<string> {
    return readFile(this.logFile(id), 'utf8');
  }

  async ready(id: number): Promise<boolean> {
    const response = await fetch(`http://127.0.0.1:${this.ports.get(id)!.http}/readyz`).catch(() => undefined);
    return response?.status === 200;
  }

  /** The status (SERVING, NOT_SERVING) a gRPC health check of `service` gets from the node's client port. */
  async health(id: number, service: string): Promise<string> {
    const client = new HealthClient(`127.0.0.1:${this.ports.get(id)!.client}`, credentials.createInsecure()) as unknown as HealthClient;
    try {
      return await new Promise((resolve, reject) => {
        client.check({ service }, { deadline: Date.now() + 3000 }, (error, response) => (error === null ? resolve(response!.status) : reject(error)));
      });
    } finally {
      client.close();
    }
  }

  async waitReady(ids: readonly number[] = this.ids(), timeoutMs = 60_000): Promise<void> {
    await waitFor(`nodes ${ids.join(',')} ready`, async () => (await Promise.all(ids.map((id) => this.ready(id)))).every(Boolean), { timeoutMs });
  }

  /** SIGTERM lets nodes shut down cleanly (and write a --cpu-prof profile); the default SIGKILL is quickest. */
  async stop(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    for (const id of this.ids()) this.resume(id);
    await Promise.all(this.ids().map((id) => this.kill(id, signal)));
    await rm(this.dir, { recursive: true, force: true });
  }
}

