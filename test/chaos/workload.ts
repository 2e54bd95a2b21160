/**
 * The chaos workload on one topic: idempotent producers send unique values
 * (`p1-0`, `p1-1`, …) to the partitions in turn at a steady rate; the
 * consumers of one group share the partitions as the run goes, committing
 * their positions and leaving and joining again now and then; at the end,
 * after every fault has healed, a final read takes every partition from its
 * start to its end offset. Every step goes into the history for the checker.
 *
 * Each producer and consumer has its own client (its own connections and
 * metadata), as separate processes would.
 */
import type { Cairn, Consumer, MessageBatch, Producer, TopicPartition } from '../../src/client/index.js';
import { CairnError } from '../../src/client/index.js';
import type { CommitOffset, History, ReadRecord } from './history.js';

export interface WorkloadOptions {
  readonly topic: string;
  readonly partitions: number;
  readonly producers: number;
  readonly consumers: number;
  /** Sends per second, over all producers. */
  readonly ratePerSecond: number;
  readonly history: History;
  /** A client of the cluster, named after its user. */
  readonly connect: (clientId: string) => Cairn;
  readonly log: (line: string) => void;
  /** Producer deliveryTimeoutMs: a send not acknowledged within it fails (and is indeterminate). */
  readonly deliveryTimeoutMs?: number;
}

/** Sends of one producer waiting for their answer; past this it waits, as a client with backpressure does. */
const IN_FLIGHT_MAX = 500;
const TICK_MS = 20;
/** A consumer that met an error tries again after this. */
const POLL_RETRY_MS = 200;
/** The consumers' group; every run has a cluster of its own. */
const GROUP = 'chaos';
/** Short, so a coordinator out of reach for longer makes members lose their partitions during the run. */
const SESSION_TIMEOUT_MS = 10_000;
const COMMIT_INTERVAL_MS = 1_000;
/** How long a consumer stays in the group before it leaves and joins again. */
const MEMBERSHIP_MS_MIN = 20_000;
const MEMBERSHIP_MS_MAX = 40_000;
/** Then it stays out this long, beyond a heartbeat interval (a third of the session), so the others take its partitions. */
const OUTSIDE_GROUP_MS = 5_000;
const FINAL_READ_TIMEOUT_MS = 120_000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const errorText = (error: unknown): string => (error instanceof CairnError ? `${error.code}: ${error.message}` : String(error));

class ProducerLoop {
  private sent = 0;
  private readonly inFlight = new Set<Promise<void>>();
  private running = true;
  readonly done: Promise<void>;
  private readonly producer: Producer;

  constructor(
    private readonly name: string,
    private readonly client: Cairn,
    private readonly options: WorkloadOptions,
    /** Sends per second for this producer. */
    private readonly rate: number,
  ) {
    this.producer = client.producer({ idempotent: true, lingerMs: 5, deliveryTimeoutMs: options.deliveryTimeoutMs ?? 30_000 });
    this.done = this.loop();
  }

  get acknowledgedOrFailed(): number {
    return this.sent - this.inFlight.size;
  }

  private async loop(): Promise<void> {
    const startedAt = performance.now();
    while (this.running) {
      const due = Math.floor(((performance.now() - startedAt) / 1000) * this.rate);
      while (this.running && this.sent < due && this.inFlight.size < IN_FLIGHT_MAX) this.send();
      await sleep(TICK_MS);
    }
  }

  private send(): void {
    const { history, topic, partitions } = this.options;
    const value = `${this.name}-${this.sent}`;
    // Partitions in turn, each producer starting elsewhere, so every partition sees every producer.
    const partition = (this.sent + Number(this.name.slice(1))) % partitions;
    this.sent++;
    history.record({ type: 'invoke', f: 'send', process: this.name, value, partition });
    const settled = this.producer.send({ topic, messages: [{ value, partition }] }).then(
      ([report]) => {
        history.record({ type: 'ok', f: 'send', process: this.name, value, partition: report!.partition, offset: Number(report!.offset) });
      },
      (error: unknown) => {
        history.record({ type: 'fail', f: 'send', process: this.name, value, partition, error: errorText(error) });
      },
    );
    this.inFlight.add(settled);
    void settled.then(() => this.inFlight.delete(settled));
  }

  /** No new sends; waits for every send made to be answered (each is bounded by deliveryTimeoutMs). */
  async stop(): Promise<void> {
    this.running = false;
    await this.done;
    await Promise.all(this.inFlight);
    await this.producer.close();
    await this.client.close();
  }
}

const readRecords = (batch: MessageBatch): ReadRecord[] =>
  batch.messages.map((message) => [message.partition, Number(message.offset), message.value?.toString('utf8') ?? ''] as const);

/**
 * One consumer of the group: it subscribes to the topic, records each
 * change of its partitions and each poll, and commits the position of its
 * partitions (after everything it was handed and recorded) at most once per
 * COMMIT_INTERVAL_MS, waiting for each commit, so the history holds every
 * offset committed and at most one commit of a consumer is in flight. After
 * a random while it closes, leaving the group without a commit, and a few
 * seconds later joins again as a new member, so partitions change hands
 * while the nemesis runs; a new owner resumes at the last commit and reads
 * some records again.
 */
class ConsumerLoop {
  readonly done: Promise<void>;
  /** Highest offset handed out plus one, per partition, over all its memberships. */
  readonly positions = new Map<number, number>();
  private consumer: Consumer | undefined;
  private running = true;

  constructor(
    private readonly name: string,
    private readonly client: Cairn,
    private readonly options: WorkloadOptions,
  ) {
    this.done = this.loop();
  }

  private async loop(): Promise<void> {
    while (this.running) {
      const consumer = this.join();
      this.consumer = consumer;
      const membershipMs = MEMBERSHIP_MS_MIN + Math.random() * (MEMBERSHIP_MS_MAX - MEMBERSHIP_MS_MIN);
      const leave = setTimeout(() => void consumer.close(), membershipMs);
      await this.consume(consumer);
      clearTimeout(leave);
      await consumer.close();
      this.options.history.record({ type: 'ok', f: 'left', process: this.name });
      if (this.running) await sleep(OUTSIDE_GROUP_MS);
    }
  }

  private join(): Consumer {
    const { history, topic } = this.options;
    const changed = (f: 'assigned' | 'revoked' | 'lost') => (partitions: readonly TopicPartition[]) => {
      history.record({ type: 'ok', f, process: this.name, partitions: partitions.map(({ partition }) => partition) });
    };
    const consumer = this.client.consumer({
      groupId: GROUP,
      autoOffsetReset: 'earliest',
      maxWaitMs: 500,
      autoCommit: false,
      sessionTimeoutMs: SESSION_TIMEOUT_MS,
      onAssigned: changed('assigned'),
      onRevoked: changed('revoked'),
      onLost: changed('lost'),
    });
    consumer.subscribe([topic]);
    return consumer;
  }

  /** Polls until the consumer is closed. */
  private async consume(consumer: Consumer): Promise<void> {
    const { history } = this.options;
    let committedAt = Date.now();
    for (;;) {
      let batch: MessageBatch | undefined;
      try {
        batch = await consumer.nextBatch();
      } catch (error) {
        history.record({ type: 'fail', f: 'poll', process: this.name, error: errorText(error) });
        await sleep(POLL_RETRY_MS);
        continue;
      }
      if (batch === undefined) return;
      const records = readRecords(batch);
      history.record({ type: 'ok', f: 'poll', process: this.name, records });
      const last = records.at(-1);
      if (last !== undefined) this.positions.set(last[0], Math.max(this.positions.get(last[0]) ?? 0, last[1] + 1));
      if (Date.now() - committedAt >= COMMIT_INTERVAL_MS) {
        committedAt = Date.now();
        await this.commit(consumer);
      }
    }
  }

  private async commit(consumer: Consumer): Promise<void> {
    const { history, topic } = this.options;
    const offsets = consumer.assignment().flatMap((partition): CommitOffset[] => {
      const position = consumer.position(partition);
      return position === undefined ? [] : [[partition.partition, Number(position)]];
    });
    if (offsets.length === 0) return;
    history.record({ type: 'invoke', f: 'commit', process: this.name, offsets });
    try {
      await consumer.commit(offsets.map(([partition, offset]) => ({ topic, partition, offset })));
      history.record({ type: 'ok', f: 'commit', process: this.name, offsets });
    } catch (error) {
      history.record({ type: 'fail', f: 'commit', process: this.name, offsets, error: errorText(error) });
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.consumer?.close();
    await this.done;
    await this.client.close();
  }
}

export class Workload {
  private readonly producers: ProducerLoop[] = [];
  private readonly consumers: ConsumerLoop[] = [];

  constructor(private readonly options: WorkloadOptions) {}

  start(): void {
    const { producers, consumers, ratePerSecond, connect } = this.options;
    for (let i = 1; i <= producers; i++) this.producers.push(new ProducerLoop(`p${i}`, connect(`chaos-p${i}`), this.options, ratePerSecond / producers));
    for (let i = 1; i <= consumers; i++) this.consumers.push(new ConsumerLoop(`c${i}`, connect(`chaos-c${i}`), this.options));
  }

  /** Sends answered so far (acknowledged or failed). */
  sendsAnswered(): number {
    return this.producers.reduce((sum, producer) => sum + producer.acknowledgedOrFailed, 0);
  }

  async stopProducers(): Promise<void> {
    await Promise.all(this.producers.map((producer) => producer.stop()));
  }

  /** Lets the group read up to `ends` (partition → end offset) for at most `timeoutMs`, then stops its consumers. */
  async stopConsumers(ends: ReadonlyMap<number, number>, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const caughtUp = (): boolean => [...ends].every(([partition, end]) => this.consumers.some((consumer) => (consumer.positions.get(partition) ?? 0) >= end));
    while (!caughtUp() && Date.now() < deadline) await sleep(100);
    if (!caughtUp()) this.options.log(`workload: consumers had not caught up after ${timeoutMs} ms; stopping them`);
    await Promise.all(this.consumers.map((consumer) => consumer.stop()));
  }

  /** Start and end offsets of every partition, asked of their leaders. */
  async offsets(client: Cairn): Promise<Map<number, { start: number; end: number }>> {
    const { topic, partitions } = this.options;
    const all = Array.from({ length: partitions }, (_, partition) => partition);
    const [starts, ends] = await Promise.all(
      (['earliest', 'latest'] as const).map((spec) => client.admin().listOffsets(all.map((partition) => ({ topic, partition, spec })))),
    );
    return new Map(all.map((partition, i) => [partition, { start: Number(starts![i]!.offset), end: Number(ends![i]!.offset) }]));
  }

  /**
   * Reads every partition from its start offset to its end offset (as they
   * are now) with a fresh consumer, and records one final-read op per
   * partition. Throws if the end is not reached within the deadline.
   */
  async finalRead(client: Cairn, bounds: ReadonlyMap<number, { start: number; end: number }>): Promise<void> {
    const { topic, history } = this.options;
    const consumer = client.consumer({ autoOffsetReset: 'earliest', maxWaitMs: 200 });
    const records = new Map<number, ReadRecord[]>([...bounds.keys()].map((partition) => [partition, []]));
    const next = new Map<number, number>([...bounds].map(([partition, { start }]) => [partition, start]));
    try {
      consumer.assign([...bounds.keys()].map((partition) => ({ topic, partition })));
      for (const [partition, { start }] of bounds) consumer.seek({ topic, partition }, { offset: start });
      const remaining = (): number[] => [...bounds].filter(([partition, { end }]) => next.get(partition)! < end).map(([partition]) => partition);
      const deadline = Date.now() + FINAL_READ_TIMEOUT_MS;
      // A read that outlives one wait is kept for the next: dropping it would drop the batch it takes.
      let pending: Promise<MessageBatch | undefined> | undefined;
      while (remaining().length > 0) {
        if (Date.now() > deadline) throw new Error(`final read: partitions ${remaining().join(',')} not read to their end within ${FINAL_READ_TIMEOUT_MS} ms`);
        // Partitions read to their end stop fetching, so the consumer returns to those still behind.
        const done = [...bounds.keys()].filter((partition) => !remaining().includes(partition));
        if (done.length > 0) consumer.pause(done.map((partition) => ({ topic, partition })));
        pending ??= consumer.nextBatch();
        const read = pending;
        const batch = await Promise.race([read, sleep(1_000).then(() => 'waiting' as const)]).catch((error: unknown) => {
          this.options.log(`final read: ${errorText(error)}; going on`);
          return undefined;
        });
        if (batch === 'waiting') continue;
        pending = undefined;
        if (batch === undefined) continue;
        const end = bounds.get(batch.partition)!.end;
        for (const record of readRecords(batch)) {
          if (record[1] >= end) break;
          records.get(batch.partition)!.push(record);
          next.set(batch.partition, record[1] + 1);
        }
      }
    } finally {
      await consumer.close();
    }
    for (const [partition, { start, end }] of bounds) {
      history.record({ type: 'ok', f: 'final-read', process: 'final', partition, startOffset: start, endOffset: end, records: records.get(partition)! });
    }
  }
}
