/**
 * A Cairn cluster of containers, laid out as the Kubernetes StatefulSet lays
 * out its pods: hosts `cairn-0` … `cairn-{N-1}` on one user-defined network
 * (with those names as network aliases), node ids from the hostname, peers
 * from the DNS template, and each node's data on a named volume that outlives
 * the container's restarts.
 *
 * Containers are created with testcontainers; kills and restarts go through
 * the same Docker client. A pause is a SIGSTOP, from the host, of every
 * process of the container (as Jepsen's pause is), not `docker pause`: the
 * cgroup freezer gives up on a process busy in the kernel (an fsync on a
 * slow disk) within runc's retries, and the pause fails. The cluster keeps
 * the processes it stopped, since Docker does not see a stopped process as
 * paused: resume() continues exactly those.
 *
 * Each container has a fixed address on the network, so the client address
 * it advertises stays right across restarts, and the test process on the
 * host reaches it directly.
 *
 * Every container, volume and network carries the label `cairn.chaos.run`
 * with the run's id; destroy() removes them all.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GenericContainer, getContainerRuntimeClient } from 'testcontainers';
import type { ContainerRuntimeClient } from 'testcontainers';
import { Cairn } from '../../src/client/index.js';
import { waitFor } from '../integration/support/wait.js';
import { signalProcess } from './host-exec.js';

type DockerContainer = ReturnType<ContainerRuntimeClient['container']['getById']>;
type Dockerode = ContainerRuntimeClient['container']['dockerode'];

export const RUN_LABEL = 'cairn.chaos.run';
const CLIENT_PORT = 7070;
const HTTP_PORT = 7072;
/** Grace of a SIGTERM stop: the node hands over its leaderships (up to 5 s) first. */
const STOP_TIMEOUT_S = 15;
const READY_PROBE_TIMEOUT_MS = 1_000;
/** The chaos clients' request timeout: a node silent for longer is gone around; a pause of the schedule outlasts it. */
export const CLIENT_REQUEST_TIMEOUT_MS = 5_000;
/** A pause lists the container's processes again until it finds none it has not stopped (one may fork meanwhile). */
const PAUSE_LISTINGS_MAX = 5;

export interface ChaosNode {
  /** Node id: the StatefulSet ordinal plus one. */
  readonly id: number;
  readonly ordinal: number;
  /** `cairn-{ordinal}`: hostname and network alias. */
  readonly hostname: string;
  /** Docker's name for the container: unique per run, so runs never collide. */
  readonly containerName: string;
  readonly volume: string;
  readonly ip: string;
  containerId: string;
}

export interface DockerClusterOptions {
  readonly nodes: number;
  readonly image: string;
  /** Unique per run: prefixes every Docker object's name. */
  readonly runId: string;
  /** Extra environment for every node, e.g. { CAIRN_LOG_LEVEL: 'debug' }. */
  readonly env?: Readonly<Record<string, string>>;
}

/** A container with a fixed address and an alias on one network, set at creation. */
class NodeContainer extends GenericContainer {
  constructor(
    image: string,
    private readonly networkName: string,
    private readonly alias: string,
    private readonly ip: string,
  ) {
    super(image);
    this.withNetworkMode(networkName);
  }

  protected override async beforeContainerCreated(): Promise<void> {
    this.createOpts.NetworkingConfig = {
      EndpointsConfig: { [this.networkName]: { Aliases: [this.alias], IPAMConfig: { IPv4Address: this.ip } } },
    };
  }
}

/** Subnets tried for the cluster's network: /24s that are rarely in use, picked at random. */
const SUBNET_ATTEMPTS_MAX = 16;

async function createNetwork(client: ContainerRuntimeClient, name: string, runId: string): Promise<{ subnet: string; prefix: string }> {
  let lastError: unknown;
  for (let attempt = 0; attempt < SUBNET_ATTEMPTS_MAX; attempt++) {
    const prefix = `172.30.${Math.floor(Math.random() * 256)}`;
    const subnet = `${prefix}.0/24`;
    try {
      await client.network.create({
        Name: name,
        Driver: 'bridge',
        CheckDuplicate: true,
        IPAM: { Config: [{ Subnet: subnet, Gateway: `${prefix}.1` }] },
        Labels: { [RUN_LABEL]: runId },
      });
      return { subnet, prefix };
    } catch (error) {
      lastError = error;
      if (!/overlap|in use/i.test(String((error as Error).message))) throw error;
    }
  }
  throw new Error(`no free subnet for network ${name}: ${String(lastError)}`);
}

/** A node as Docker sees it, and whether this cluster holds its processes stopped. */
export interface NodeState {
  readonly running: boolean;
  /** Stopped by pause() and not resumed: Docker still reports it running. */
  readonly stopped: boolean;
  readonly pid: number;
  readonly exitCode: number;
}

export class DockerCluster {
  /** Per node paused: the host PIDs it sent SIGSTOP to, each added before its signal, so a pause failing midway is still resumed. */
  private readonly stoppedPids = new Map<number, number[]>();

  private constructor(
    private readonly runtime: ContainerRuntimeClient,
    readonly options: DockerClusterOptions,
    readonly networkName: string,
    readonly subnet: string,
    readonly nodes: readonly ChaosNode[],
  ) {}

  /** Creates the network, volumes and containers and starts every node; does not wait for readiness. */
  static async start(options: DockerClusterOptions): Promise<DockerCluster> {
    const client = await getContainerRuntimeClient();
    const networkName = `${options.runId}-net`;
    const { subnet, prefix } = await createNetwork(client, networkName, options.runId);
    const nodes: ChaosNode[] = Array.from({ length: options.nodes }, (_, ordinal) => ({
      id: ordinal + 1,
      ordinal,
      hostname: `cairn-${ordinal}`,
      containerName: `${options.runId}-cairn-${ordinal}`,
      volume: `${options.runId}-cairn-${ordinal}-data`,
      ip: `${prefix}.${10 + ordinal}`,
      containerId: '',
    }));
    const cluster = new DockerCluster(client, options, networkName, subnet, nodes);
    try {
      await Promise.all(nodes.map((node) => cluster.create(node)));
    } catch (error) {
      await cluster.destroy();
      throw error;
    }
    return cluster;
  }

  private get docker(): Dockerode {
    return this.runtime.container.dockerode;
  }

  private async create(node: ChaosNode): Promise<void> {
    await this.docker.createVolume({ Name: node.volume, Labels: { [RUN_LABEL]: this.options.runId } });
    const started = await new NodeContainer(this.options.image, this.networkName, node.hostname, node.ip)
      .withName(node.containerName)
      .withHostname(node.hostname)
      .withLabels({ [RUN_LABEL]: this.options.runId })
      .withEnvironment({
        // As the StatefulSet's ConfigMap and pod spec set them (deploy/k8s), with this network's DNS names.
        CAIRN_CLUSTER_ID: 'cairn',
        CAIRN_NODE_ID_FROM_HOSTNAME: 'true',
        CAIRN_REPLICAS: String(this.options.nodes),
        CAIRN_PEER_DNS_TEMPLATE: 'cairn-{ordinal}:7071',
        CAIRN_METADATA_VOTERS: this.ids().slice(0, this.options.nodes >= 5 ? 5 : 3).join(','),
        CAIRN_DATA_DIR: '/var/lib/cairn',
        CAIRN_LISTEN_ADDRESS: `0.0.0.0:${CLIENT_PORT}`,
        CAIRN_PEER_LISTEN_ADDRESS: '0.0.0.0:7071',
        CAIRN_HTTP_LISTEN_ADDRESS: `0.0.0.0:${HTTP_PORT}`,
        CAIRN_NODE_DEAD_AFTER_MS: '10000',
        CAIRN_REPLICA_MOVE_AFTER_MS: '300000',
        CAIRN_LOG_LEVEL: 'info',
        // Unlike in Kubernetes, clients run on the host: they reach a node at its address on the network.
        CAIRN_ADVERTISED_ADDRESS: `${node.ip}:${CLIENT_PORT}`,
        ...this.options.env,
      })
      .withBindMounts([{ source: node.volume, target: '/var/lib/cairn' }])
      .withAutoCleanup(false)
      .withPullPolicy({ shouldPull: () => false })
      .start();
    node.containerId = started.getId();
  }

  node(id: number): ChaosNode {
    const node = this.nodes.find((candidate) => candidate.id === id);
    if (node === undefined) throw new Error(`no node ${id}`);
    return node;
  }

  ids(): number[] {
    return this.nodes.map((node) => node.id);
  }

  brokers(ids: readonly number[] = this.ids()): string[] {
    return ids.map((id) => `${this.node(id).ip}:${CLIENT_PORT}`);
  }

  /** A client of the whole cluster with short attempts, so a stalled node is left quickly. */
  client(clientId: string): Cairn {
    return new Cairn({ brokers: this.brokers(), clientId, requestTimeoutMs: CLIENT_REQUEST_TIMEOUT_MS, retry: { retriesMax: 20, backoffMaxMs: 1_000 } });
  }

  private container(id: number): DockerContainer {
    return this.docker.getContainer(this.node(id).containerId);
  }

  async state(id: number): Promise<NodeState> {
    const { State } = await this.container(id).inspect();
    return { running: State.Running, stopped: this.stoppedPids.has(id), pid: State.Pid, exitCode: State.ExitCode };
  }

  /** PID of the node's process on the host; it names the container's network namespace. */
  async pid(id: number): Promise<number> {
    const { running, pid } = await this.state(id);
    if (!running || pid === 0) throw new Error(`node ${id} is not running`);
    return pid;
  }

  /**
   * Sends a signal to the node's process (PID 1 of the container); SIGKILL
   * ends the container, paused or not. A paused node is resumed after a
   * SIGTERM, so it can act on it.
   */
  async kill(id: number, signal: 'SIGKILL' | 'SIGTERM' = 'SIGKILL'): Promise<void> {
    await this.container(id).kill({ signal });
    if (signal === 'SIGKILL') {
      await this.waitStopped(id);
      this.stoppedPids.delete(id);
    } else {
      await this.resume(id);
    }
  }

  /** Resumes a paused node; starts a container that is not running again, with its volume, address and configuration. */
  async startNode(id: number): Promise<void> {
    await this.resume(id);
    if (!(await this.state(id)).running) await this.container(id).start();
  }

  /** SIGTERM, then SIGKILL after STOP_TIMEOUT_S: a graceful stop (of a paused node too: it is resumed first). */
  async stopNode(id: number): Promise<void> {
    await this.resume(id);
    await this.container(id).stop({ t: STOP_TIMEOUT_S }).catch((error: unknown) => {
      if (!/not running|already stopped/i.test(String((error as Error).message))) throw error;
    });
  }

  /**
   * Stops every process of the node's container with SIGSTOP from the host;
   * returns what it did, for the log. SIGSTOP reaches the container's init
   * too (from an ancestor PID namespace it cannot be ignored), and a process
   * in the middle of a system call stops as it returns from it.
   */
  async pause(id: number): Promise<string> {
    if (this.stoppedPids.has(id)) throw new Error(`node ${id} is paused already`);
    const stopped: number[] = [];
    this.stoppedPids.set(id, stopped);
    for (let listing = 0; listing < PAUSE_LISTINGS_MAX; listing++) {
      const fresh = (await this.hostPids(id)).filter((pid) => !stopped.includes(pid));
      if (fresh.length === 0) break;
      for (const pid of fresh) {
        stopped.push(pid);
        signalProcess(pid, 'SIGSTOP');
      }
    }
    if (stopped.length === 0) throw new Error(`node ${id} has no process to stop`);
    return `SIGSTOP of ${stopped.length} process${stopped.length === 1 ? '' : 'es'} (host pids ${stopped.join(' ')})`;
  }

  /** SIGCONT to every process pause() stopped; nothing if the node is not paused. */
  async resume(id: number): Promise<void> {
    for (const pid of this.stoppedPids.get(id) ?? []) signalProcess(pid, 'SIGCONT');
    this.stoppedPids.delete(id);
  }

  /** The host PIDs pause() stopped on this node (none if it is not paused). */
  pausedPids(id: number): readonly number[] {
    return this.stoppedPids.get(id) ?? [];
  }

  /** Host PIDs of the container's processes, as `docker top` lists them (the daemon runs ps on the host). */
  private async hostPids(id: number): Promise<number[]> {
    const { Titles, Processes } = (await this.container(id).top()) as { Titles: string[]; Processes: string[][] | null };
    const column = Titles.indexOf('PID');
    if (column < 0) throw new Error(`docker top of node ${id} has no PID column (${Titles.join(' ')})`);
    return (Processes ?? []).map((row) => Number(row[column])).filter((pid) => Number.isInteger(pid) && pid > 0);
  }

  private async waitStopped(id: number): Promise<void> {
    await waitFor(`node ${id} stopped`, async () => !(await this.state(id)).running, { timeoutMs: 30_000, intervalMs: 50 });
  }

  /** Why the node is not ready (its /readyz answer), or undefined if it is. */
  async notReadyReason(id: number): Promise<string | undefined> {
    const signal = AbortSignal.timeout(READY_PROBE_TIMEOUT_MS);
    const response = await fetch(`http://${this.node(id).ip}:${HTTP_PORT}/readyz`, { signal }).catch((error: unknown) => String(error));
    if (typeof response === 'string') return `no answer: ${response}`;
    const body = (await response.text().catch(() => '')).trim();
    return response.status === 200 ? undefined : body || `status ${response.status}`;
  }

  async waitReady(ids: readonly number[] = this.ids(), timeoutMs = 120_000): Promise<void> {
    await waitFor(
      `nodes ${ids.join(',')} ready`,
      async () => {
        const states = await Promise.all(ids.map(async (id) => [id, await this.notReadyReason(id)] as const));
        const waiting = states.filter(([, reason]) => reason !== undefined).map(([id, reason]) => `${id} (${reason})`);
        return waiting.length === 0 ? true : Promise.reject(new Error(`not ready: ${waiting.join(', ')}`));
      },
      { timeoutMs, intervalMs: 250 },
    );
  }

  async logs(id: number): Promise<string> {
    const buffer = (await this.container(id).logs({ stdout: true, stderr: true, follow: false, timestamps: false })) as unknown as Buffer;
    return demultiplex(buffer);
  }

  /** Writes each node's log to `dir/node-{id}.log`. */
  async saveLogs(dir: string): Promise<void> {
    await Promise.all(
      this.ids().map(async (id) => {
        const text = await this.logs(id).catch((error: unknown) => `(no log: ${String(error)})`);
        await writeFile(join(dir, `node-${id}.log`), text);
      }),
    );
  }

  /** Removes every container, volume and network of this run; errors are collected, not thrown early. */
  async destroy(): Promise<void> {
    await removeRun(this.runtime, this.options.runId);
  }
}

/** Removes every Docker object labelled with this run id (also after a crash of the test process). */
export async function removeRun(client: ContainerRuntimeClient, runId: string): Promise<void> {
  const docker = client.container.dockerode;
  const filters = { label: [`${RUN_LABEL}=${runId}`] };
  const failures: string[] = [];
  const attempt = async (what: string, action: () => Promise<unknown>): Promise<void> => {
    await action().catch((error: unknown) => {
      if (!/no such|not found/i.test(String((error as Error).message))) failures.push(`${what}: ${String((error as Error).message)}`);
    });
  };
  const containers = await docker.listContainers({ all: true, filters });
  await Promise.all(containers.map((info) => attempt(`container ${info.Id}`, () => docker.getContainer(info.Id).remove({ force: true, v: true }))));
  const { Volumes: volumes } = await docker.listVolumes({ filters });
  await Promise.all((volumes ?? []).map((volume) => attempt(`volume ${volume.Name}`, () => docker.getVolume(volume.Name).remove())));
  const networks = await docker.listNetworks({ filters });
  await Promise.all(networks.map((network) => attempt(`network ${network.Name}`, () => docker.getNetwork(network.Id).remove())));
  if (failures.length > 0) throw new Error(`cleanup of run ${runId} left: ${failures.join('; ')}`);
}

/** Docker's log stream without a TTY: frames of [stream, 0, 0, 0, size u32 BE] then the payload. */
function demultiplex(buffer: Buffer): string {
  const parts: Buffer[] = [];
  let position = 0;
  while (position + 8 <= buffer.length) {
    const size = buffer.readUInt32BE(position + 4);
    parts.push(buffer.subarray(position + 8, position + 8 + size));
    position += 8 + size;
  }
  return Buffer.concat(parts).toString('utf8');
}
