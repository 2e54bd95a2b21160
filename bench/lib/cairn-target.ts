/**
 * Cairn as a benchmark target: a 3-node cluster of real `cairn serve`
 * processes (the built code) on loopback, driven through the SDK.
 */
import { Cairn } from '../../src/client/index.js';
import type { ClientCredentials } from '../../src/client/index.js';
import { ProcessCluster } from '../../test/integration/support/process-cluster.js';
import { waitFor } from '../../test/integration/support/wait.js';
import { closedLoop, endToEndLoop, failoverWindow, OPEN_LOOP_IN_FLIGHT, openLoop } from './drivers.js';
import type { FailoverResult, OpenLoopResult, Throughput } from './drivers.js';
import { sleep } from './stats.js';
import type { LogSpec, RateOptions, Target } from './target.js';

/** Records per send() in the closed loop, and sends unanswered: at most 25,600 records in flight. */
const RECORDS_PER_SEND = 100;
const SENDS_IN_FLIGHT = 256;

function payload(bytes: number, fill: string): Buffer {
  return Buffer.alloc(bytes, fill);
}

export class CairnTarget implements Target {
  readonly label = 'Cairn';

  private constructor(
    readonly cluster: ProcessCluster,
    readonly client: Cairn,
  ) {}

  /**
   * Needs `npm run build` first (or `cli`, another build's dist/src/cli/main.js). `nodeFlags` go to node, e.g. --cpu-prof;
   * `flags` to `cairn serve`; `credentials` to the SDK (for a cluster with authentication on).
   */
  static async start(
    options: { nodeFlags?: readonly string[]; cli?: string; flags?: readonly string[]; credentials?: ClientCredentials } = {},
  ): Promise<CairnTarget> {
    const cluster = await ProcessCluster.start({
      nodes: 3,
      code: 'built',
      ...(options.cli === undefined ? {} : { builtCli: options.cli }),
      flags: ['--log-level', 'warn', ...(options.flags ?? [])],
      ...(options.nodeFlags === undefined ? {} : { nodeFlags: options.nodeFlags }),
    });
    try {
      await cluster.waitReady();
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    const client =
      options.credentials === undefined
        ? cluster.client(undefined, { requestTimeoutMs: 10_000 })
        : new Cairn({ brokers: cluster.brokers(), requestTimeoutMs: 10_000, retry: { retriesMax: 10 }, credentials: options.credentials });
    return new CairnTarget(cluster, client);
  }

  async create(log: LogSpec, timeoutMs = 60_000): Promise<void> {
    await this.client.admin().createTopic({
      name: log.name,
      partitions: log.partitions,
      replicationFactor: log.replicas,
      configs: log.fsync ? {} : { 'write.caching': 'true' },
    });
    await this.#waitPreferredLeaders(log.name, timeoutMs);
  }

  /**
   * Resolves once every partition of the topic is led by its preferred
   * replica (the first). The first leader elected is often another one, and
   * the controller then moves leadership over: a workload started before
   * that would measure the handover.
   */
  async #waitPreferredLeaders(topic: string, timeoutMs: number): Promise<void> {
    const preferred = async () => {
      const described = await this.client.admin().describeTopic(topic).catch(() => undefined);
      return described?.partitions.every((p) => p.leader === p.replicas[0]) === true ? true : undefined;
    };
    await waitFor(`${topic}: every partition led by its preferred replica`, preferred, { timeoutMs, intervalMs: 200 });
  }

  async remove(log: LogSpec): Promise<void> {
    await this.client.admin().deleteTopic(log.name);
  }

  async produce(log: LogSpec, options: { recordBytes: number; seconds: number }): Promise<Throughput> {
    const producer = this.client.producer({ lingerMs: 5, batchBytesMax: 512 * 1024, bufferBytesMax: 64 * 1024 * 1024 });
    const value = payload(options.recordBytes, 'x');
    const messages = Array.from({ length: RECORDS_PER_SEND }, (_, i) => ({ key: `k${i}`, value }));
    try {
      return await closedLoop({
        seconds: options.seconds,
        inFlightMax: SENDS_IN_FLIGHT,
        send: () => producer.send({ topic: log.name, messages }).then(() => messages.length),
      });
    } finally {
      await producer.close();
    }
  }

  async latency(log: LogSpec, options: RateOptions): Promise<OpenLoopResult> {
    const producer = this.client.producer({ lingerMs: 0, bufferBytesMax: 64 * 1024 * 1024 });
    const messages = [{ value: payload(options.recordBytes, 'y') }];
    try {
      await producer.send({ topic: log.name, messages }); // connected and warm before the clock starts
      return await openLoop({ ...options, inFlightMax: OPEN_LOOP_IN_FLIGHT, send: () => producer.send({ topic: log.name, messages }) });
    } finally {
      await producer.close();
    }
  }

  async fill(log: LogSpec, options: { records: number; recordBytes: number }): Promise<void> {
    const producer = this.client.producer({ lingerMs: 5, batchBytesMax: 512 * 1024, bufferBytesMax: 64 * 1024 * 1024 });
    const value = payload(options.recordBytes, 'z');
    const inFlight = new Set<Promise<unknown>>();
    for (let sent = 0; sent < options.records; sent += RECORDS_PER_SEND) {
      const messages = Array.from({ length: Math.min(RECORDS_PER_SEND, options.records - sent) }, (_, i) => ({ key: `k${sent + i}`, value }));
      const send: Promise<unknown> = producer.send({ topic: log.name, messages }).finally(() => inFlight.delete(send));
      inFlight.add(send);
      if (inFlight.size >= 64) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    await producer.close();
  }

  async consume(log: LogSpec, records: number): Promise<Throughput> {
    const consumer = this.client.consumer({ partitionFetchBytesMax: 4 * 1024 * 1024, bufferBytesMax: 64 * 1024 * 1024 });
    const partitions = Array.from({ length: log.partitions }, (_, partition) => ({ topic: log.name, partition }));
    consumer.assign(partitions);
    for (const partition of partitions) consumer.seek(partition, 'earliest');
    const started = performance.now();
    let read = 0;
    try {
      while (read < records) {
        const batch = await consumer.nextBatch();
        if (batch === undefined) break;
        read += batch.messages.length;
      }
      return { records: read, seconds: (performance.now() - started) / 1000 };
    } finally {
      await consumer.close();
    }
  }

  async endToEnd(log: LogSpec, options: RateOptions): Promise<OpenLoopResult> {
    const consumer = this.client.consumer();
    const producer = this.client.producer({ lingerMs: 0 });
    try {
      // One record goes through first, so producer and consumer are warm before the clock starts.
      const [warmUp] = await producer.send({ topic: log.name, messages: [{ value: Buffer.alloc(8) }] });
      consumer.assign([{ topic: log.name, partition: 0 }]);
      consumer.seek({ topic: log.name, partition: 0 }, { offset: warmUp!.offset });
      await consumer.nextBatch();
      return await endToEndLoop({
        ...options,
        send: (value) => producer.send({ topic: log.name, messages: [{ value }] }),
        receive: async (arrived) => {
          for (;;) {
            const batch = await consumer.nextBatch();
            if (batch === undefined) return;
            for (const message of batch.messages) if (arrived(message.value!)) return;
          }
        },
      });
    } finally {
      await producer.close();
      await consumer.close();
    }
  }

  async failover(log: LogSpec, options: RateOptions & { killAfterMs: number }): Promise<FailoverResult> {
    const leader = await this.#settledLeader(log);
    const producer = this.client.producer({ lingerMs: 0, bufferBytesMax: 64 * 1024 * 1024 });
    const messages = [{ value: payload(options.recordBytes, 'f') }];
    try {
      await producer.send({ topic: log.name, messages }); // connected and warm before the clock starts
      return await failoverWindow({
        ratePerSecond: options.ratePerSecond,
        killAfterMs: options.killAfterMs,
        afterKillMs: options.seconds * 1000,
        inFlightMax: OPEN_LOOP_IN_FLIGHT,
        send: () => producer.send({ topic: log.name, messages }),
        kill: () => this.cluster.kill(leader),
      });
    } finally {
      await producer.close();
      await this.#restart(leader, log);
    }
  }

  /** Starts a killed node again and waits until the partition is whole and led by its preferred leader again. */
  async #restart(id: number, log: LogSpec): Promise<void> {
    if (!this.cluster.processes.has(id)) this.cluster.startNode(id);
    await this.cluster.waitReady([id]);
    await this.#settledLeader(log);
  }

  /**
   * The leader of partition 0 once it has settled: every replica in sync and
   * the preferred leader (the first replica) leading, as the controller
   * moves leadership back there once a returning node catches up. Without
   * this wait a kill could hit a node that was just handing leadership over.
   */
  async #settledLeader(log: LogSpec): Promise<number> {
    const settled = async () => {
      const p = (await this.client.admin().describeTopic(log.name)).partitions[0]!;
      return p.leader === p.replicas[0] && p.inSync.length === p.replicas.length ? p : undefined;
    };
    for (;;) {
      const first = await waitFor(`${log.name}-0 in sync under its preferred leader`, settled, { timeoutMs: 60_000, intervalMs: 200 });
      await sleep(500);
      const second = await settled();
      if (second !== undefined && second.leader === first.leader && second.leaderEpoch === first.leaderEpoch) return first.leader!;
    }
  }

  pids(): number[] {
    return [...this.cluster.processes.values()].map((child) => child.pid!);
  }

  async stop(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    await this.client.close().catch(() => undefined);
    await this.cluster.stop(signal);
  }
}
