/** What every system under measurement offers the benchmark: the same workloads, each driven the way its client is fastest. */
import type { FailoverResult, OpenLoopResult, Throughput } from './drivers.js';

/** A log: a Cairn topic, or for NATS one stream per partition. */
export interface LogSpec {
  readonly name: string;
  readonly partitions: number;
  readonly replicas: number;
  /** true: acknowledged after fsync on a quorum; false: Cairn's write caching, NATS's default periodic sync. */
  readonly fsync: boolean;
}

export interface RateOptions {
  readonly recordBytes: number;
  readonly ratePerSecond: number;
  readonly seconds: number;
}

export interface Target {
  /** e.g. 'Cairn' or 'NATS 2.10 (sync always)'. */
  readonly label: string;
  /** Makes the log and waits until every partition has a leader. */
  create(log: LogSpec): Promise<void>;
  remove(log: LogSpec): Promise<void>;
  /** Closed-loop produce with bounded data in flight. */
  produce(log: LogSpec, options: { recordBytes: number; seconds: number }): Promise<Throughput>;
  /** Acknowledgement latency at a fixed open-loop rate, from each send's due time. */
  latency(log: LogSpec, options: RateOptions): Promise<OpenLoopResult>;
  /** Writes `records` records (not measured), for consume to read. */
  fill(log: LogSpec, options: { records: number; recordBytes: number }): Promise<void>;
  /** Reads `records` records from the beginning of every partition. */
  consume(log: LogSpec, records: number): Promise<Throughput>;
  /** Produce → consumer receives, at a fixed rate, from each send's due time. */
  endToEnd(log: LogSpec, options: RateOptions): Promise<OpenLoopResult>;
  /** SIGKILLs the leader of partition 0 while it takes writes at a fixed rate, then restarts it and waits until it has caught up. */
  failover(log: LogSpec, options: RateOptions & { killAfterMs: number }): Promise<FailoverResult>;
  /** PIDs of the server processes. */
  pids(): number[];
  stop(): Promise<void>;
}
