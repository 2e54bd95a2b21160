/**
 * A 3-node NATS JetStream cluster of real nats-server processes on loopback,
 * each with its own ports, config and store folder under one temporary
 * folder; stopped by PID. The binaries come from scripts/nats-install.sh.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePorts, killChild } from '../../test/integration/support/process-cluster.js';
import { waitFor } from '../../test/integration/support/wait.js';

export const NATS_DIR = join(import.meta.dirname, '../../.bench/nats');

export interface NatsClusterOptions {
  /** '2.9' or '2.10': a folder of NATS_DIR. */
  readonly version: string;
  /** `sync_interval: always` (2.10 and later): fsync before every acknowledgement. */
  readonly syncAlways?: boolean;
  readonly nodes?: number;
}

interface NodePorts {
  readonly client: number;
  readonly cluster: number;
  readonly http: number;
}

export class NatsCluster {
  readonly processes = new Map<number, ChildProcess>();

  private constructor(
    readonly dir: string,
    readonly binary: string,
    readonly ports: ReadonlyMap<number, NodePorts>,
  ) {}

  static binary(version: string): string {
    const binary = join(NATS_DIR, version, 'nats-server');
    if (!existsSync(binary)) throw new Error(`${binary} is missing: run scripts/nats-install.sh`);
    return binary;
  }

  static async start(options: NatsClusterOptions): Promise<NatsCluster> {
    const binary = NatsCluster.binary(options.version);
    const nodes = options.nodes ?? 3;
    const dir = await mkdtemp(join(tmpdir(), 'cairn-bench-nats-'));
    const flat = await freePorts(nodes * 3);
    const ports = new Map<number, NodePorts>();
    for (let id = 1; id <= nodes; id++) {
      const [client, cluster, http] = flat.slice((id - 1) * 3, id * 3) as [number, number, number];
      ports.set(id, { client, cluster, http });
    }
    const routes = [...ports.values()].map((p) => `nats-route://127.0.0.1:${p.cluster}`);
    for (const [id, p] of ports) {
      await mkdir(join(dir, `n${id}`), { recursive: true });
      const config = [
        `server_name: n${id}`,
        `listen: 127.0.0.1:${p.client}`,
        `http: 127.0.0.1:${p.http}`,
        'jetstream {',
        `  store_dir: "${join(dir, `n${id}`)}"`,
        ...(options.syncAlways === true ? ['  sync_interval: always'] : []),
        '}',
        'cluster {',
        '  name: bench',
        `  listen: 127.0.0.1:${p.cluster}`,
        `  routes: [${routes.join(', ')}]`,
        '}',
      ];
      await writeFile(join(dir, `n${id}.conf`), config.join('\n') + '\n');
    }
    const cluster = new NatsCluster(dir, binary, ports);
    for (const id of ports.keys()) cluster.startNode(id);
    try {
      await cluster.waitReady();
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    return cluster;
  }

  ids(): number[] {
    return [...this.ports.keys()];
  }

  servers(): string[] {
    return [...this.ports.values()].map((p) => `127.0.0.1:${p.client}`);
  }

  startNode(id: number): ChildProcess {
    const log = createWriteStream(join(this.dir, `n${id}.log`), { flags: 'a' });
    const child = spawn(this.binary, ['-c', join(this.dir, `n${id}.conf`)], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(log);
    child.stderr.pipe(log);
    this.processes.set(id, child);
    return child;
  }

  /** The node whose server_name this is. */
  idOf(serverName: string): number {
    return Number(serverName.replace(/^n/, ''));
  }

  async kill(id: number, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.processes.get(id);
    if (child === undefined) return;
    await killChild(child, signal);
    this.processes.delete(id);
  }

  /**
   * Starts again every node whose process has exited, and waits until the
   * cluster is ready. Returns one line per revived node, with the end of its
   * log, so a run can say what happened instead of failing every workload
   * after it (a stream of 3 replicas cannot be placed on 2 nodes).
   */
  async reviveExited(): Promise<string[]> {
    const revived: string[] = [];
    for (const [id, child] of this.processes) {
      if (child.exitCode === null && child.signalCode === null) continue;
      const tail = (await readFile(join(this.dir, `n${id}.log`), 'utf8').catch(() => '')).trim().split('\n').slice(-3).join(' | ');
      revived.push(`n${id} had exited (${child.exitCode ?? child.signalCode}); restarted. Its log ended: ${tail || '(empty)'}`);
      this.startNode(id);
    }
    if (revived.length > 0) await this.waitReady();
    return revived;
  }

  /** JetStream is up on every node and the cluster has a meta leader. */
  async waitReady(ids: readonly number[] = this.ids(), timeoutMs = 30_000): Promise<void> {
    await waitFor(
      `nats nodes ${ids.join(',')} ready`,
      async () => {
        const healthy = await Promise.all(
          ids.map(async (id) => {
            const response = await fetch(`http://127.0.0.1:${this.ports.get(id)!.http}/healthz`).catch(() => undefined);
            return response?.status === 200;
          }),
        );
        return healthy.every(Boolean);
      },
      { timeoutMs, intervalMs: 200 },
    );
  }

  pids(): number[] {
    return [...this.processes.values()].map((child) => child.pid!);
  }

  async stop(): Promise<void> {
    await Promise.all(this.ids().map((id) => this.kill(id)));
    await rm(this.dir, { recursive: true, force: true });
  }
}
