/**
 * The broker's metric families, in Prometheus conventions: base units,
 * `_total` counters, `_seconds` histograms. Cardinality stays bounded: data
 * metrics carry a `topic` label, and a `partition` label only when the node
 * setting `metrics.perPartition` asks for it (a cluster of 10,000 partitions
 * would otherwise export tens of thousands of series per node).
 *
 * Hot paths record once per batch or request, never per record, and into
 * plain numbers that are handed to prom-client when a scrape comes (its own
 * calls hash their labels each time, a few hundred nanoseconds); gauges that
 * describe state (partitions led, lag, members) are set by a sampler once a
 * control round, not kept up to date on every change.
 */
import type { Counter, Gauge, Histogram } from 'prom-client';
import { BATCH_LENGTH_AT, LAST_OFFSET_DELTA_AT, LOG_OVERHEAD_BYTES } from '../records/layout.js';
import type { Metrics } from './metrics.js';

export interface BrokerMetricsOptions {
  /** Adds a `partition` label to per-topic families. */
  readonly perPartition: boolean;
}

/** Seconds, from 0.1 ms (an answer from memory) to 10 s (a long poll, a stalled disk). */
export const LATENCY_BUCKETS: readonly number[] = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export type PartitionLabel = 'topic' | 'partition';

/** One row of per-topic (or per-partition) state, as a sampler sees it. */
export interface PartitionGauges {
  readonly topic: string;
  readonly partition: number;
  readonly led: boolean;
  readonly underReplicated: boolean;
  /** Entries the furthest follower is behind this leader's last entry; 0 when not leading. */
  readonly followerLag: number;
  /** Record bytes this replica's log holds, as retention counts them. */
  readonly logBytes: number;
}

type PartitionLabels = Partial<Record<PartitionLabel, string | number>>;

/** Records and bytes per topic (or partition) not yet handed to their counters. */
class DataCounts {
  private readonly pending = new Map<string, { readonly topic: string; readonly labels: PartitionLabels; records: number; bytes: number }>();

  constructor(private readonly broker: { labels(topic: string, partition: number): PartitionLabels; readonly perPartition: boolean }) {}

  add(topic: string, partition: number, records: number, bytes: number): void {
    const key = this.broker.perPartition ? `${topic}\u0000${partition}` : topic;
    let counts = this.pending.get(key);
    if (counts === undefined) this.pending.set(key, (counts = { topic, labels: this.broker.labels(topic, partition), records: 0, bytes: 0 }));
    counts.records += records;
    counts.bytes += bytes;
  }

  flush(records: Counter<PartitionLabel>, bytes: Counter<PartitionLabel>): void {
    for (const counts of this.pending.values()) {
      if (counts.records === 0 && counts.bytes === 0) continue;
      records.inc(counts.labels, counts.records);
      bytes.inc(counts.labels, counts.bytes);
      counts.records = 0;
      counts.bytes = 0;
    }
  }

  /** Drops the counts and the counters' series of topics that no longer exist. Every series these counters hold has an entry here. */
  forget(exists: (topic: string) => boolean, records: Counter<PartitionLabel>, bytes: Counter<PartitionLabel>): void {
    for (const [key, counts] of this.pending) {
      if (exists(counts.topic)) continue;
      records.remove(counts.labels);
      bytes.remove(counts.labels);
      this.pending.delete(key);
    }
  }
}

export class BrokerMetrics {
  readonly perPartition: boolean;
  private readonly partitionLabels: readonly PartitionLabel[];
  private readonly produceCounts = new DataCounts(this);
  private readonly fetchCounts = new DataCounts(this);
  /** Calls being served, by service and method. */
  private readonly inFlight = new Map<string, { readonly labels: { service: string; method: string }; count: number }>();

  readonly rpcDuration: Histogram<'service' | 'method' | 'code'>;
  readonly rpcInFlight: Gauge<'service' | 'method'>;
  private readonly produceRecords: Counter<PartitionLabel>;
  private readonly produceBytes: Counter<PartitionLabel>;
  private readonly produceRefused: Counter<'code'>;
  private readonly fetchRecords: Counter<PartitionLabel>;
  private readonly fetchBytes: Counter<PartitionLabel>;

  private readonly partitionsLed: Gauge<PartitionLabel>;
  private readonly partitionsUnderReplicated: Gauge<PartitionLabel>;
  readonly partitionsOffline: Gauge<PartitionLabel>;
  private readonly followerLag: Gauge<PartitionLabel>;
  private readonly logBytes: Gauge<PartitionLabel>;

  readonly raftCommitLatency: Histogram;
  readonly raftElections: Counter;
  readonly raftLeadershipsAcquired: Counter;
  readonly raftLeadershipChanges: Counter;
  readonly snapshotsSent: Counter<'result'>;
  readonly snapshotsReceived: Counter;

  readonly storageWrite: Histogram;
  readonly storageFsync: Histogram;
  readonly storageWrittenBytes: Counter;
  readonly diskFreeBytes: Gauge;
  readonly diskSizeBytes: Gauge;

  readonly groupLag: Gauge<'group' | 'topic'>;
  readonly groupMembers: Gauge<'group'>;
  readonly groupRebalances: Counter<'group'>;

  readonly controllerActive: Gauge;
  readonly controllerNodes: Gauge<'state'>;
  readonly replicaMovesPending: Gauge;
  readonly partitionReplicas: Gauge;
  readonly partitionReplicasLimit: Gauge;
  readonly replicaMovesDone: Counter;
  readonly nodeReady: Gauge;

  constructor(metrics: Metrics, options: BrokerMetricsOptions) {
    this.perPartition = options.perPartition;
    const by: readonly PartitionLabel[] = (this.partitionLabels = options.perPartition ? ['topic', 'partition'] : ['topic']);
    const unit = options.perPartition ? 'partition' : 'topic';

    this.rpcDuration = metrics.histogram('cairn_rpc_duration_seconds', 'Client RPCs by service, method and result code (OK or a Cairn error code); streams count from open to close', ['service', 'method', 'code'], LATENCY_BUCKETS);
    this.rpcInFlight = metrics.gauge('cairn_rpc_in_flight', 'Client RPCs being served (open streams included)', ['service', 'method'], () => {
      for (const { labels, count } of this.inFlight.values()) this.rpcInFlight.set(labels, count);
    });
    const flushProduced = (): void => this.produceCounts.flush(this.produceRecords, this.produceBytes);
    this.produceRecords = metrics.counter('cairn_produce_records_total', `Records appended by produce requests this node leads, by ${unit}`, by, flushProduced);
    this.produceBytes = metrics.counter('cairn_produce_bytes_total', `Record batch bytes appended by produce requests this node leads, by ${unit}`, by, flushProduced);
    this.produceRefused = metrics.counter('cairn_produce_batches_refused_total', 'Produced batches refused, by Cairn error code', ['code']);
    const flushFetched = (): void => this.fetchCounts.flush(this.fetchRecords, this.fetchBytes);
    this.fetchRecords = metrics.counter('cairn_fetch_records_total', `Records returned by Fetch requests, by ${unit}`, by, flushFetched);
    this.fetchBytes = metrics.counter('cairn_fetch_bytes_total', `Record batch bytes returned by Fetch requests, by ${unit}`, by, flushFetched);

    this.partitionsLed = metrics.gauge('cairn_partitions_led', `Partitions this node leads, by ${unit}`, by);
    this.partitionsUnderReplicated = metrics.gauge('cairn_partitions_under_replicated', `Partitions this node leads with a voter not in sync, by ${unit}`, by);
    this.partitionsOffline = metrics.gauge('cairn_partitions_offline', `Partitions without a live leader, by ${unit}; exported by the active controller only`, by);
    this.followerLag = metrics.gauge('cairn_raft_follower_lag_entries', `Entries the furthest follower is behind, over the partitions this node leads, by ${unit}`, by);
    this.logBytes = metrics.gauge('cairn_storage_log_bytes', `Record bytes held in this node's replicas (as retention counts them), by ${unit}`, by);

    this.raftCommitLatency = metrics.histogram('cairn_raft_commit_latency_seconds', 'From a proposal on this leader to its entry being committed and applied', [], LATENCY_BUCKETS);
    this.raftElections = metrics.counter('cairn_raft_elections_total', 'Elections (new terms) seen in the Raft groups this node hosts');
    this.raftLeadershipsAcquired = metrics.counter('cairn_raft_leaderships_acquired_total', 'Leaderships this node won');
    this.raftLeadershipChanges = metrics.counter('cairn_raft_leadership_changes_total', 'Changes of leader seen in the Raft groups this node hosts');
    this.snapshotsSent = metrics.counter('cairn_raft_snapshots_sent_total', 'Snapshots this node sent to followers, by result (ok, failed)', ['result']);
    for (const result of ['ok', 'failed']) this.snapshotsSent.inc({ result }, 0);
    this.snapshotsReceived = metrics.counter('cairn_raft_snapshots_received_total', 'Snapshots this node received from leaders');

    this.storageWrite = metrics.histogram('cairn_storage_write_seconds', 'LevelDB batch writes without fsync', [], LATENCY_BUCKETS);
    this.storageFsync = metrics.histogram('cairn_storage_fsync_seconds', 'LevelDB batch writes with fsync (the write and its fsync)', [], LATENCY_BUCKETS);
    this.storageWrittenBytes = metrics.counter('cairn_storage_written_bytes_total', 'Key and value bytes written to LevelDB');
    this.diskFreeBytes = metrics.gauge('cairn_storage_disk_free_bytes', 'Bytes free to this process on the file system of the data directory');
    this.diskSizeBytes = metrics.gauge('cairn_storage_disk_size_bytes', 'Size in bytes of the file system of the data directory');

    this.groupLag = metrics.gauge('cairn_group_lag_records', 'Records between a group\'s committed offsets and the partitions\' high watermarks, by group and topic; exported by the node coordinating the group, from the high watermarks partition leaders report each round', ['group', 'topic']);
    this.groupMembers = metrics.gauge('cairn_group_members', 'Members of a consumer group, exported by its coordinator', ['group']);
    this.groupRebalances = metrics.counter('cairn_group_rebalances_total', 'Rebalances (new group epochs) seen by the group\'s coordinator', ['group']);

    this.controllerActive = metrics.gauge('cairn_controller_active', '1 on the node that is the active controller, 0 elsewhere');
    this.controllerNodes = metrics.gauge('cairn_controller_nodes', 'Registered nodes by state (live, dead); exported by the active controller only', ['state']);
    this.replicaMovesPending = metrics.gauge('cairn_controller_replica_moves_pending', 'Partitions with a replica on a dead node, waiting to move; exported by the active controller only');
    this.partitionReplicas = metrics.gauge('cairn_controller_partition_replicas', 'Partition replicas the cluster holds (partitions × replication factor, over every topic), as the admission limit counts them; exported by the active controller only');
    this.partitionReplicasLimit = metrics.gauge('cairn_controller_partition_replicas_limit', 'The admission limit: partition replicas the live nodes admit (cores × partitionsPerCore each); exported by the active controller only');
    this.replicaMovesDone = metrics.counter('cairn_controller_replica_moves_done_total', 'Replica moves this node committed as controller');
    this.nodeReady = metrics.gauge('cairn_node_ready', '1 when this node answers ready on /ready, else 0');
  }

  /** Starts timing a client RPC; the returned function ends it with its result code. */
  rpcStarted(service: string, method: string): (code: string) => void {
    const key = `${service}.${method}`;
    let calls = this.inFlight.get(key);
    if (calls === undefined) this.inFlight.set(key, (calls = { labels: { service, method }, count: 0 }));
    calls.count++;
    const startedAt = performance.now();
    let ended = false;
    return (code) => {
      if (ended) return;
      ended = true;
      calls.count--;
      this.rpcDuration.observe({ service, method, code }, (performance.now() - startedAt) / 1000);
    };
  }

  /** A batch appended on this leader: its records are counted from its header, not decoded. */
  produced(topic: string, partition: number, batch: Uint8Array): void {
    this.produceCounts.add(topic, partition, recordsIn(batch), batch.byteLength);
  }

  produceRefusedWith(code: string): void {
    this.produceRefused.inc({ code });
  }

  /** Batches returned to a reader, concatenated as on the wire. */
  fetched(topic: string, partition: number, batches: Uint8Array): void {
    if (batches.byteLength === 0) return;
    this.fetchCounts.add(topic, partition, recordsIn(batches), batches.byteLength);
  }

  /**
   * Drops the produce and fetch series of deleted topics. Counters keep a
   * series for every label set they ever saw: without this, a cluster that
   * creates and deletes topics would hold, and export, one per topic it ever
   * had. A topic created again under the name starts its series anew.
   */
  forgetTopics(exists: (topic: string) => boolean): void {
    this.produceCounts.forget(exists, this.produceRecords, this.produceBytes);
    this.fetchCounts.forget(exists, this.fetchRecords, this.fetchBytes);
  }

  /** Replaces the per-topic state gauges with this sample: topics gone since the last one disappear. */
  setPartitionState(rows: Iterable<PartitionGauges>): void {
    const sums = new Map<string, { labels: Partial<Record<PartitionLabel, string | number>>; led: number; under: number; lag: number; bytes: number }>();
    for (const row of rows) {
      const labels = this.labels(row.topic, row.partition);
      const key = this.perPartition ? `${row.topic}\u0000${row.partition}` : row.topic;
      let sum = sums.get(key);
      if (sum === undefined) sums.set(key, (sum = { labels, led: 0, under: 0, lag: 0, bytes: 0 }));
      if (row.led) sum.led++;
      if (row.underReplicated) sum.under++;
      sum.lag = Math.max(sum.lag, row.followerLag);
      sum.bytes += row.logBytes;
    }
    for (const gauge of [this.partitionsLed, this.partitionsUnderReplicated, this.followerLag, this.logBytes]) gauge.reset();
    for (const { labels, led, under, lag, bytes } of sums.values()) {
      this.partitionsLed.set(labels, led);
      this.partitionsUnderReplicated.set(labels, under);
      this.followerLag.set(labels, lag);
      this.logBytes.set(labels, bytes);
    }
  }

  /** Replaces the offline gauge: `offline` lists the partitions without a live leader. */
  setOffline(all: Iterable<{ topic: string; partition: number; offline: boolean }>): void {
    this.partitionsOffline.reset();
    for (const { topic, partition, offline } of all) this.partitionsOffline.inc(this.labels(topic, partition), offline ? 1 : 0);
  }

  labels(topic: string, partition: number): PartitionLabels {
    return this.partitionLabels.length === 1 ? { topic } : { topic, partition };
  }
}

/**
 * Records in concatenated batches, from each header's last offset delta:
 * one read per batch. A truncated tail (a fetch cut at its byte bound) is
 * not counted.
 */
export function recordsIn(batches: Uint8Array): number {
  const view = new DataView(batches.buffer, batches.byteOffset, batches.byteLength);
  let records = 0;
  let at = 0;
  while (at + LAST_OFFSET_DELTA_AT + 4 <= batches.byteLength) {
    const length = view.getInt32(at + BATCH_LENGTH_AT);
    if (length <= 0 || at + LOG_OVERHEAD_BYTES + length > batches.byteLength) break;
    records += view.getInt32(at + LAST_OFFSET_DELTA_AT) + 1;
    at += LOG_OVERHEAD_BYTES + length;
  }
  return records;
}
