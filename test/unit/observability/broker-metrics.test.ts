import { Metadata, status, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { BrokerMetrics, recordsIn } from '../../../src/observability/broker-metrics.js';
import { Metrics } from '../../../src/observability/metrics.js';
import { instrumentService, resultCode } from '../../../src/observability/rpc-metrics.js';
import { CairnError, toGrpcError } from '../../../src/protocol/errors.js';
import { encodeBatch } from '../../../src/records/index.js';

const batchOf = (count: number): Uint8Array => encodeBatch(Array.from({ length: count }, (_, i) => ({ key: null, value: Buffer.from(`record ${i}`), timestamp: 1_700_000_000_000n })));

describe('recordsIn', () => {
  it('counts the records of concatenated batches from their headers', () => {
    const batches = Buffer.concat([batchOf(3), batchOf(1), batchOf(7)]);
    expect(recordsIn(batches)).toBe(11);
  });

  it('leaves out a batch cut short at the end, as a fetch bound may leave it', () => {
    const whole = batchOf(4);
    const cut = batchOf(5);
    expect(recordsIn(Buffer.concat([whole, cut.subarray(0, cut.byteLength - 1)]))).toBe(4);
    expect(recordsIn(new Uint8Array(0))).toBe(0);
  });
});

describe('BrokerMetrics', () => {
  it('counts produced and fetched records and bytes per topic, with no partition label by default', async () => {
    const metrics = new Metrics();
    const broker = new BrokerMetrics(metrics, { perPartition: false });
    const batch = batchOf(5);
    broker.produced('orders', 0, batch);
    broker.produced('orders', 3, batch);
    broker.fetched('orders', 1, Buffer.concat([batch, batch]));
    broker.produceRefusedWith('NOT_LEADER');

    const text = await metrics.expose();
    expect(text).toContain('cairn_produce_records_total{topic="orders"} 10');
    expect(text).toContain(`cairn_produce_bytes_total{topic="orders"} ${2 * batch.byteLength}`);
    expect(text).toContain('cairn_fetch_records_total{topic="orders"} 10');
    expect(text).toContain('cairn_produce_batches_refused_total{code="NOT_LEADER"} 1');
    expect(text).not.toContain('partition=');
  });

  it('hands the counts made between scrapes to the counters once each', async () => {
    const metrics = new Metrics();
    const broker = new BrokerMetrics(metrics, { perPartition: false });
    broker.produced('orders', 0, batchOf(2));
    expect(await metrics.expose()).toContain('cairn_produce_records_total{topic="orders"} 2');
    expect(await metrics.expose()).toContain('cairn_produce_records_total{topic="orders"} 2');
    broker.produced('orders', 1, batchOf(3));
    broker.fetched('orders', 1, batchOf(4));
    const text = await metrics.expose();
    expect(text).toContain('cairn_produce_records_total{topic="orders"} 5');
    expect(text).toContain('cairn_fetch_records_total{topic="orders"} 4');
  });

  it('labels by partition when the node setting asks', async () => {
    const metrics = new Metrics();
    const broker = new BrokerMetrics(metrics, { perPartition: true });
    broker.produced('orders', 3, batchOf(2));
    expect(await metrics.expose()).toContain('cairn_produce_records_total{topic="orders",partition="3"} 2');
  });

  it('forgets the produce and fetch series of deleted topics, per topic and per partition, and counts a topic of the same name anew', async () => {
    for (const perPartition of [false, true]) {
      const metrics = new Metrics();
      const broker = new BrokerMetrics(metrics, { perPartition });
      for (const topic of ['kept', 'gone']) {
        broker.produced(topic, 0, batchOf(2));
        broker.produced(topic, 1, batchOf(2));
        broker.fetched(topic, 1, batchOf(3));
      }
      expect(await metrics.expose()).toContain('topic="gone"');
      broker.produced('gone', 2, batchOf(1)); // counted but not yet handed to the counters
      broker.forgetTopics((topic) => topic === 'kept');
      const text = await metrics.expose();
      expect(text).not.toContain('topic="gone"');
      expect(text).toContain(perPartition ? 'cairn_produce_records_total{topic="kept",partition="1"} 2' : 'cairn_produce_records_total{topic="kept"} 4');
      expect(text).toContain(perPartition ? 'cairn_fetch_records_total{topic="kept",partition="1"} 3' : 'cairn_fetch_records_total{topic="kept"} 3');
      broker.produced('gone', 0, batchOf(5));
      expect(await metrics.expose()).toContain(perPartition ? 'cairn_produce_records_total{topic="gone",partition="0"} 5' : 'cairn_produce_records_total{topic="gone"} 5');
    }
  });

  it('replaces the partition state with each sample: counts per topic, the largest lag, and topics gone disappear', async () => {
    const metrics = new Metrics();
    const broker = new BrokerMetrics(metrics, { perPartition: false });
    const row = { led: true, underReplicated: false, followerLag: 0, logBytes: 100 };
    broker.setPartitionState([
      { ...row, topic: 'a', partition: 0 },
      { ...row, topic: 'a', partition: 1, underReplicated: true, followerLag: 7 },
      { ...row, topic: 'a', partition: 2, led: false, followerLag: 0 },
      { ...row, topic: 'old', partition: 0 },
    ]);
    let text = await metrics.expose();
    expect(text).toContain('cairn_partitions_led{topic="a"} 2');
    expect(text).toContain('cairn_partitions_under_replicated{topic="a"} 1');
    expect(text).toContain('cairn_raft_follower_lag_entries{topic="a"} 7');
    expect(text).toContain('cairn_storage_log_bytes{topic="a"} 300');

    broker.setPartitionState([{ ...row, topic: 'a', partition: 0 }]);
    text = await metrics.expose();
    expect(text).toContain('cairn_partitions_led{topic="a"} 1');
    expect(text).not.toContain('topic="old"');
  });

  it('times an RPC once, however often it is ended, and keeps the in-flight count', async () => {
    const metrics = new Metrics();
    const broker = new BrokerMetrics(metrics, { perPartition: false });
    const end = broker.rpcStarted('Data', 'Fetch');
    expect(await metrics.expose()).toContain('cairn_rpc_in_flight{service="Data",method="Fetch"} 1');
    end('OK');
    end('OK');
    const text = await metrics.expose();
    expect(text).toContain('cairn_rpc_in_flight{service="Data",method="Fetch"} 0');
    expect(text).toContain('cairn_rpc_duration_seconds_count{service="Data",method="Fetch",code="OK"} 1');
  });
});

describe('instrumentService', () => {
  it('labels unary results with the Cairn code the status carries, else the gRPC status name', () => {
    expect(resultCode(null)).toBe('OK');
    expect(resultCode(toGrpcError(new CairnError('NOT_LEADER', 'elsewhere')))).toBe('NOT_LEADER');
    expect(resultCode({ code: status.DEADLINE_EXCEEDED, metadata: new Metadata() })).toBe('DEADLINE_EXCEEDED');
    expect(resultCode(new Error('no status'))).toBe('UNKNOWN');
  });

  it('times unary calls at their callback and streams until they end, fail or are cancelled', async () => {
    const metrics = new Metrics();
    const broker = new BrokerMetrics(metrics, { perPartition: false });
    const answers: unknown[] = [];
    const service = instrumentService(
      'Data',
      {
        Fetch: (_call: unknown, callback: (error: unknown, value?: unknown) => void) => callback(null, { ok: true }),
        Refused: (_call: unknown, callback: (error: unknown) => void) => callback(toGrpcError(new CairnError('INVALID_REQUEST', 'no'))),
        Stream: () => {},
      } as unknown as UntypedServiceImplementation,
      broker,
    ) as Record<string, (...args: unknown[]) => void>;
    service.Fetch!({}, (error: unknown, value: unknown) => answers.push([error, value]));
    service.Refused!({}, (error: unknown) => answers.push(error));
    const open = new EventEmitter();
    const cancelled = new EventEmitter();
    service.Stream!(open);
    service.Stream!(cancelled);
    cancelled.emit('cancelled');
    cancelled.emit('close');

    expect(answers[0]).toEqual([null, { ok: true }]);
    let text = await metrics.expose();
    expect(text).toContain('cairn_rpc_duration_seconds_count{service="Data",method="Fetch",code="OK"} 1');
    expect(text).toContain('cairn_rpc_duration_seconds_count{service="Data",method="Refused",code="INVALID_REQUEST"} 1');
    expect(text).toContain('cairn_rpc_duration_seconds_count{service="Data",method="Stream",code="CANCELLED"} 1');
    expect(text).toContain('cairn_rpc_in_flight{service="Data",method="Stream"} 1');

    open.emit('error', toGrpcError(new CairnError('TOO_MANY_REQUESTS', 'slow down')));
    text = await metrics.expose();
    expect(text).toContain('cairn_rpc_duration_seconds_count{service="Data",method="Stream",code="TOO_MANY_REQUESTS"} 1');
    expect(text).toContain('cairn_rpc_in_flight{service="Data",method="Stream"} 0');
  });
});
