/**
 * A Cairn cluster of containers, laid out as the Kubernetes StatefulSet lays
 * out its pods: hosts `cairn-0` … `cairn-{N-1}` on one user-defined network
 * (with those names as network aliases), node ids from the hostname, peers
 * from the DNS template, and each node's data on a named volume that outlives
 * the container's restarts.
 *
 * Containers are created with testcontainers; faults (kill, pause, restart)
 * go through the same Docker client. Each container has a fixed address on
 * the network, so the client address it advertises stays right across
 * restarts, and the test process on the host reaches it directly.
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

type DockerContainer = ReturnType<ContainerRuntimeClient['container']['getById']>;
type Dockerode = ContainerRuntimeClient['container']['dockerode'];

export const RUN_LABEL = 'cairn.chaos.run';
const CLIENT_PORT = 7070;
const HTTP_PORT = 7072;
/** Grace of a SIGTERM stop: the node hands over its leaderships (up to 5 s) first. */
const STOP_TIMEOUT_S = 15;
const READY_PROBE_TIMEOUT_MS = 1_000;

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

export class DockerCluster {
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
    return new Cairn({ brokers: this.brokers(), clientId, requestTimeoutMs: 5_000, retry: { retriesMax: 20, backoffMaxMs: 1_000 } });
  }

  private container(id: number): DockerContainer {
    return this.docker.getContainer(this.node(id).containerId);
  }

  async state(id: number): Promise<{ running: boolean; paused: boolean; pid: number; exitCode: number }> {
    const { State } = await this.container(id).inspect();
    return { running: State.Running, paused: State.Paused, pid: State.Pid, exitCode: State.ExitCode };
  }

  /** PID of the node's process on the host; it names the container's network namespace. */
  async pid(id: number): Promise<number> {
    const { running, pid } = await this.state(id);
    if (!running || pid === 0) throw new Error(`node ${id} is not running`);
    return pid;
  }

  /** Sends a signal to the node's process (PID 1 of the container); SIGKILL ends the container. */
  async kill(id: number, signal: 'SIGKILL' | 'SIGTERM' = 'SIGKILL'): Promise<void> {
    await this.container(id).kill({ signal });
    if (signal === 'SIGKILL') await this.waitStopped(id);
  }

  /** Starts a stopped container again, with its volume, address and configuration. */
  async startNode(id: number): Promise<void> {
    const { running, paused } = await this.state(id);
    if (paused) await this.container(id).unpause();
    if (!running) await this.container(id).start();
  }

  /** SIGTERM, then SIGKILL after STOP_TIMEOUT_S: a graceful stop. */
  async stopNode(id: number): Promise<void> {
    await this.container(id).stop({ t: STOP_TIMEOUT_S }).catch((error: unknown) => {
      if (!/not running|already stopped/i.test(String((error as Error).message))) throw error;
    });
  }

  /** Freezes every process of the container (the cgroup freezer: SIGSTOP without the signal). */
  async pause(id: number): Promise<void> {
    await this.container(id).pause();
  }

  async unpause(id: number): Promise<void> {
    if ((await this.state(id)).paused) await this.container(id).unpause();
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
