/**
 * NATS JetStream as a benchmark target: a 3-node cluster, file-backed
 * streams, one stream per partition (a stream is one replicated log, like a
 * partition), driven with the npm `nats` client. Publishes are
 * acknowledged one by one, 256 in flight: that client's usual fastest
 * pattern.
 */
import { connect, DeliverPolicy, DiscardPolicy, RetentionPolicy, StorageType } from 'nats';
import type { JetStreamClient, JetStreamManager, NatsConnection } from 'nats';
import { waitFor } from '../../test/integration/support/wait.js';
import { closedLoop, endToEndLoop, failoverWindow, OPEN_LOOP_IN_FLIGHT, openLoop } from './drivers.js';
import type { FailoverResult, OpenLoopResult, Throughput } from './drivers.js';
import { NatsCluster } from './nats-cluster.js';
import type { NatsClusterOptions } from './nats-cluster.js';
import { sleep } from './stats.js';
import type { LogSpec, RateOptions, Target } from './target.js';

const PUBLISHES_IN_FLIGHT = 256;
/** Pull consumers ask for this many messages at a time. */
const PULL_MESSAGES = 4096;

const streamName = (log: LogSpec, partition: number): string => `${log.name}_${partition}`;
const subject = (log: LogSpec, partition: number): string => `${log.name}.${partition}`;
const partitionsOf = (log: LogSpec): number[] => Array.from({ length: log.partitions }, (_, i) => i);

export class NatsTarget implements Target {
  private constructor(
    readonly label: string,
    readonly cluster: NatsCluster,
    readonly connection: NatsConnection,
    readonly jsm: JetStreamManager,
    readonly js: JetStreamClient,
  ) {}

  static async start(options: NatsClusterOptions & { label: string }): Promise<NatsTarget> {
    const cluster = await NatsCluster.start(options);
    try {
      const connection = await connect({ servers: cluster.servers(), maxReconnectAttempts: -1, reconnectTimeWait: 100 });
      const jsm = await connection.jetstreamManager();
      return new NatsTarget(options.label, cluster, connection, jsm, connection.jetstream());
    } catch (error) {
      await cluster.stop();
      throw error;
    }
  }

  /** The server's version, e.g. '2.10.27'. */
  get serverVersion(): string {
    return this.connection.info?.version ?? 'unknown';
  }

  /** Nodes that had exited and were started again before a workload, as reviveExited() describes them. */
  readonly revived: string[] = [];

  async create(log: LogSpec): Promise<void> {
    for (const line of await this.cluster.reviveExited()) {
      this.revived.push(line);
      process.stderr.write(`${this.label}: ${line}\n`);
    }
    await Promise.all(
      partitionsOf(log).map(async (partition) => {
        const config = {
          name: streamName(log, partition),
          subjects: [subject(log, partition)],
          storage: StorageType.File,
          retention: RetentionPolicy.Limits,
          discard: DiscardPolicy.Old,
          num_replicas: log.replicas,
        };
        // Right after start the meta group may still be electing: retry until it takes the stream.
        await waitFor(`stream ${config.name} created`, () => this.jsm.streams.add(config).then(() => true), { timeoutMs: 30_000, intervalMs: 250 });
        await this.#waitLeader(config.name);
      }),
    );
  }

  async #waitLeader(stream: string): Promise<string> {
    return waitFor(`stream ${stream} has a leader`, async () => (await this.jsm.streams.info(stream)).cluster?.leader || undefined, {
      timeoutMs: 30_000,
      intervalMs: 100,
    });
  }

  async remove(log: LogSpec): Promise<void> {
    await Promise.all(partitionsOf(log).map((partition) => this.jsm.streams.delete(streamName(log, partition))));
  }

  async produce(log: LogSpec, options: { recordBytes: number; seconds: number }): Promise<Throughput> {
    const data = Buffer.alloc(options.recordBytes, 'x');
    let next = 0;
    return closedLoop({
      seconds: options.seconds,
      inFlightMax: PUBLISHES_IN_FLIGHT,
      send: () => this.js.publish(subject(log, next++ % log.partitions), data).then(() => 1),
    });
  }

  async latency(log: LogSpec, options: RateOptions): Promise<OpenLoopResult> {
    const data = Buffer.alloc(options.recordBytes, 'y');
    await this.js.publish(subject(log, 0), data); // warm before the clock starts, as Cairn's producer is
    return openLoop({ ...options, inFlightMax: OPEN_LOOP_IN_FLIGHT, send: (i) => this.js.publish(subject(log, i % log.partitions), data) });
  }

  async fill(log: LogSpec, options: { records: number; recordBytes: number }): Promise<void> {
    const data = Buffer.alloc(options.recordBytes, 'z');
    const inFlight = new Set<Promise<unknown>>();
    for (let i = 0; i < options.records; i++) {
      const publish: Promise<unknown> = this.js.publish(subject(log, i % log.partitions), data).finally(() => inFlight.delete(publish));
      inFlight.add(publish);
      if (inFlight.size >= 1024) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
  }

  /** Ordered pull consumers (ephemeral, no acks), one per stream, read concurrently. */
  async consume(log: LogSpec, records: number): Promise<Throughput> {
    const perStream = await Promise.all(partitionsOf(log).map(async (p) => (await this.jsm.streams.info(streamName(log, p))).state.messages));
    const started = performance.now();
    const counts = await Promise.all(
      partitionsOf(log).map(async (partition) => {
        const wanted = Math.min(perStream[partition]!, Math.ceil(records / log.partitions));
        const consumer = await this.js.consumers.get(streamName(log, partition));
        const messages = await consumer.consume({ max_messages: PULL_MESSAGES });
        let read = 0;
        for await (const message of messages) {
          void message;
          if (++read >= wanted) break;
        }
        await messages.close();
        return read;
      }),
    );
    return { records: counts.reduce((a, b) => a + b, 0), seconds: (performance.now() - started) / 1000 };
  }

  async endToEnd(log: LogSpec, options: RateOptions): Promise<OpenLoopResult> {
    const stream = streamName(log, 0);
    // One record goes through first, so publisher and consumer are warm before the clock starts.
    const warmUp = await this.js.publish(subject(log, 0), Buffer.alloc(8));
    const consumer = await this.js.consumers.get(stream, { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: warmUp.seq });
    const messages = await consumer.consume({ max_messages: PULL_MESSAGES });
    // One iterator for the warm-up record and the run: the client allows one at a time.
    const iterator = messages[Symbol.asyncIterator]();
    try {
      await iterator.next();
      return await endToEndLoop({
        ...options,
        send: (data) => this.js.publish(subject(log, 0), data),
        receive: async (arrived) => {
          for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) if (arrived(next.value.data)) return;
        },
      });
    } finally {
      await messages.close();
    }
  }

  async failover(log: LogSpec, options: RateOptions & { killAfterMs: number }): Promise<FailoverResult> {
    const stream = streamName(log, 0);
    const leader = this.cluster.idOf(await this.#waitLeader(stream));
    const data = Buffer.alloc(options.recordBytes, 'f');
    await this.js.publish(subject(log, 0), data);
    const runId = `${Date.now()}`;
    // JetStream's client does not retry a publish that got no answer: retry with the same
    // msgID (the stream deduplicates) until acknowledged, as an application would.
    const publish = async (i: number): Promise<void> => {
      const deadline = performance.now() + 30_000;
      for (;;) {
        try {
          await this.js.publish(subject(log, 0), data, { msgID: `${runId}-${i}`, timeout: 1000 });
          return;
        } catch (error) {
          if (performance.now() > deadline) throw error;
          await sleep(25);
        }
      }
    };
    try {
      return await failoverWindow({
        ratePerSecond: options.ratePerSecond,
        killAfterMs: options.killAfterMs,
        afterKillMs: options.seconds * 1000,
        inFlightMax: OPEN_LOOP_IN_FLIGHT,
        send: publish,
        kill: () => this.cluster.kill(leader),
      });
    } finally {
      await this.#restart(leader, log);
    }
  }

  /** Starts a killed node again and waits until every replica of stream 0 is current. */
  async #restart(id: number, log: LogSpec): Promise<void> {
    const stream = streamName(log, 0);
    if (!this.cluster.processes.has(id)) this.cluster.startNode(id);
    await this.cluster.waitReady([id], 60_000);
    await waitFor(
      `${stream} fully current again`,
      async () => {
        const cluster = (await this.jsm.streams.info(stream)).cluster;
        const replicas = cluster?.replicas ?? [];
        return cluster?.leader !== undefined && replicas.length === log.replicas - 1 && replicas.every((r) => r.current && r.offline !== true);
      },
      { timeoutMs: 60_000, intervalMs: 200 },
    );
  }

  pids(): number[] {
    return this.cluster.pids();
  }

  async stop(): Promise<void> {
    await this.connection.close().catch(() => undefined);
    await this.cluster.stop();
  }
}
