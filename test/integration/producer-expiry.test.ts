/**
 * Producer-state expiry on real nodes (producer.id.expiration.ms, KIP-854):
 * a partition forgets an idempotent producer once the log's clock (the
 * newest batch timestamp, which the leader checks against its own clock)
 * has moved past the producer's last batch by more than the topic's
 * expiration. The producer's next batch is refused UNKNOWN_PRODUCER_STATE;
 * the SDK takes a new producer id and sends it again, and the partition
 * holds every acknowledged record exactly once.
 */
import { describe, expect, it } from 'vitest';
import { Cairn } from '../../src/client/index.js';
import type { CairnLogger } from '../../src/client/index.js';
import { useCluster } from './support/cluster-fixture.js';
import { waitFor } from './support/wait.js';

const TOPIC = 'expiring';
const EXPIRATION_MS = 1_000;

/** A logger keeping the messages the SDK logs at info, where it says it forgot a producer id. */
function capturingLogger(): CairnLogger & { readonly infos: string[] } {
  const infos: string[] = [];
  const ignore = (): void => undefined;
  return { infos, debug: ignore, warn: ignore, error: ignore, info: (_fields, message) => infos.push(message ?? '') };
}

describe('producer-state expiry on a live cluster', () => {
  const env = useCluster({ nodes: 3, requestTimeoutMs: 5_000 });

  it('forgets a producer silent past producer.id.expiration.ms by the log’s clock; its next batch goes again under a new producer id, and every acknowledged record is stored once', async () => {
    const admin = env.cairn.admin();
    await admin.createTopic({ name: TOPIC, partitions: 1, replicationFactor: 3, configs: { 'producer.id.expiration.ms': String(EXPIRATION_MS) } });
    await waitFor('a leader for the topic', async () => (await admin.describeTopic(TOPIC)).partitions[0]!.leader !== undefined);

    const logger = capturingLogger();
    const cairn = new Cairn({ brokers: env.cluster.brokers(), requestTimeoutMs: 5_000, retry: { retriesMax: 10 }, logger });
    const acked = new Map<bigint, string>();
    const send = async (producer: ReturnType<Cairn['producer']>, value: string, timestamp: number): Promise<void> => {
      const [report] = await producer.send({ topic: TOPIC, messages: [{ value, timestamp, partition: 0 }] });
      acked.set(report!.offset, value);
    };
    try {
      const a = cairn.producer({ lingerMs: 0 });
      const startMs = Date.now();
      await send(a, 'a0', startMs);
      await send(a, 'a1', startMs);

      // Other producers move the log's clock on, each with a batch later than the last, until it is past A's window.
      // Timestamps a little ahead of the leader's clock are accepted (message.timestamp.after.max.ms is an hour),
      // so the clock passes the expiration at once, whatever the machine's speed.
      let other = 0;
      await waitFor('the log’s clock past producer A’s expiration', async () => {
        const b = cairn.producer({ lingerMs: 0 });
        try {
          const timestamp = startMs + 400 * ++other;
          await send(b, `b${other}`, timestamp);
          return timestamp > startMs + EXPIRATION_MS ? true : undefined;
        } finally {
          await b.close();
        }
      }, { timeoutMs: 60_000, intervalMs: 10 });
      expect(logger.infos.filter((message) => message.includes('forgot the producer id'))).toEqual([]);

      // A's next batches: the first is refused (A is forgotten), and both go again under a new producer id.
      await Promise.all([send(a, 'a2', Date.now()), send(a, 'a3', Date.now())]);
      expect(logger.infos.filter((message) => message.includes('forgot the producer id')).length).toBeGreaterThanOrEqual(1);
      await send(a, 'a4', Date.now());
      await a.close();
    } finally {
      await cairn.close();
    }

    const stored = await readPartition(env.cairn);
    expect(stored).toEqual(new Map([...acked].sort(([x], [y]) => (x < y ? -1 : 1))));
    const values = [...stored.values()];
    expect(new Set(values).size).toBe(values.length);
    expect(values.filter((value) => value.startsWith('a'))).toEqual(['a0', 'a1', 'a2', 'a3', 'a4']);
  });
});

/** Every record of partition 0 from the start to its end now, by offset; fails on an offset delivered twice. */
async function readPartition(cairn: Cairn): Promise<Map<bigint, string>> {
  const tp = { topic: TOPIC, partition: 0 };
  const [end] = await cairn.admin().listOffsets([{ ...tp, spec: 'latest' }]);
  const read = new Map<bigint, string>();
  const consumer = cairn.consumer({ maxWaitMs: 200 });
  try {
    consumer.assign([tp]);
    consumer.seek(tp, 'earliest');
    let next = 0n;
    while (next < end!.offset) {
      const batch = await consumer.nextBatch();
      if (batch === undefined) break;
      for (const message of batch.messages) {
        expect(read.has(message.offset), `offset ${message.offset} delivered twice`).toBe(false);
        read.set(message.offset, message.value!.toString());
        next = message.offset + 1n;
      }
    }
  } finally {
    await consumer.close();
  }
  return read;
}
