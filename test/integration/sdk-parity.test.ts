/**
 * Parity with kafkajs on a real node. Consumer groups: subscribing by regular
 * expression picks up topics created later; an async onRevoked runs
 * while the consumer still owns the partitions, so committing there hands
 * them on at the committed position, and the coordinator gives them to
 * another member only after it settles; and an admin reads a group's
 * committed offsets (Kafka's OffsetFetch) and moves them to a point in time,
 * from the SDK and the CLI. Producer: one call sends to several topics.
 * CLI: cairn topic add-partitions; produce with keys and headers, consume
 * printing them, from a point in time, up to the end.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Consumer, Message, TopicPartition } from '../../src/client/index.js';
import { CairnError } from '../../src/client/index.js';
import { useCluster } from './support/cluster-fixture.js';
import { runCli } from './support/process-cluster.js';
import { waitFor } from './support/wait.js';

const TOPIC = 'handover';
const GROUP = 'g-handover';
const PER_PARTITION = 20;
const key = (p: TopicPartition): string => `${p.topic}/${p.partition}`;

describe('kafkajs parity', () => {
  const env = useCluster({ nodes: 1, requestTimeoutMs: 5000 });

  /** Reads in the background until the consumer closes (a reader must come back for a revoked partition to be released). */
  const readAll = (consumer: Consumer, into: Message[]): Promise<void> =>
    (async () => {
      for (;;) {
        const batch = await consumer.nextBatch().catch((error: unknown) => {
          if ((error as CairnError).code === 'CLIENT_CLOSED') return undefined;
          throw error;
        });
        if (batch === undefined) return;
        into.push(...batch.messages);
      }
    })();

  const produce = async (from: number, count: number): Promise<void> => {
    const producer = env.cairn.producer();
    try {
      for (const partition of [0, 1]) {
        await producer.send({ topic: TOPIC, messages: Array.from({ length: count }, (_, i) => ({ partition, value: `p${partition}-${from + i}` })) });
      }
    } finally {
      await producer.close();
    }
  };

  it('runs an async onRevoked before the partition is handed on, so a commit made there is where the next member starts', async () => {
    await env.cairn.admin().createTopic({ name: TOPIC, partitions: 2, replicationFactor: 1 });
    await produce(0, PER_PARTITION);
    const events: string[] = [];
    const readByA: Message[] = [];
    const readByB: Message[] = [];

    const a: Consumer = env.cairn.consumer({
      groupId: GROUP,
      autoCommit: false,
      autoOffsetReset: 'earliest',
      sessionTimeoutMs: 10_000,
      onRevoked: async (partitions) => {
        events.push(`a revoking ${partitions.map(key).join(',')}`);
        await a.commit(); // the revoked partitions are still a's: their positions are committed too
        events.push('a committed on revoke');
      },
    });
    const b = env.cairn.consumer({
      groupId: GROUP,
      autoCommit: false,
      autoOffsetReset: 'earliest',
      sessionTimeoutMs: 10_000,
      onAssigned: (partitions) => void events.push(`b assigned ${partitions.map(key).join(',')}`),
    });
    const deadline = setTimeout(() => void Promise.all([a.close(), b.close()]), 60_000);
    try {
      a.subscribe([TOPIC]);
      const readingA = readAll(a, readByA);
      await waitFor('a to read both partitions', () => readByA.length === 2 * PER_PARTITION, { timeoutMs: 30_000 });

      b.subscribe([TOPIC]);
      const readingB = readAll(b, readByB);
      await waitFor('b to be assigned a partition', () => events.some((e) => e.startsWith('b assigned')), { timeoutMs: 30_000 });
      await produce(PER_PARTITION, 5);
      await waitFor('b to read the new messages of its partition', () => readByB.length >= 5, { timeoutMs: 30_000 });

      const revoked = events.find((e) => e.startsWith('a revoking'));
      const handedOn = events.find((e) => e.startsWith('b assigned'));
      expect(revoked).toBeDefined();
      expect(handedOn?.slice('b assigned '.length)).toBe(revoked?.slice('a revoking '.length));
      expect(events.indexOf('a committed on revoke')).toBeLessThan(events.indexOf(handedOn!));
      // b starts where a's commit in onRevoked left the partition: only the messages produced after.
      expect(readByB.map((m) => m.offset)).toEqual([20n, 21n, 22n, 23n, 24n]);
      await Promise.all([a.close(), b.close()]);
      await Promise.all([readingA, readingB]);
    } finally {
      clearTimeout(deadline);
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('fetches a group\'s committed offsets, all of them or on given partitions, and refuses an empty group id', async () => {
    const groups = env.cairn.admin().groups();
    await groups.resetOffsets('g-fetch', TOPIC, { offset: 7 }, [1]);

    const all = await groups.fetchOffsets('g-fetch');
    expect(all.map(({ topic, partition, offset }) => ({ topic, partition, offset }))).toEqual([{ topic: TOPIC, partition: 1, offset: 7n }]);
    expect(all[0]!.commitTimestampMs).toBeGreaterThan(Date.now() - 60_000);

    const some = await groups.fetchOffsets('g-fetch', [{ topic: TOPIC, partition: 0 }, { topic: TOPIC, partition: 1 }]);
    expect(some.map((o) => [o.partition, o.offset])).toEqual([[0, undefined], [1, 7n]]);

    // In the handover test, a's commit in onRevoked covered both partitions it had read to the end.
    expect((await groups.fetchOffsets(GROUP)).map((o) => [o.partition, o.offset])).toEqual([[0, BigInt(PER_PARTITION)], [1, BigInt(PER_PARTITION)]]);

    await expect(groups.fetchOffsets('')).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    await expect(groups.fetchOffsets('g-fetch', [{ topic: '', partition: 0 }])).rejects.toBeInstanceOf(CairnError);
  });

  it('resets a group to the first record at or after a point in time, from the SDK and with cairn group reset-offsets --to-timestamp', async () => {
    const topic = 'timed';
    const base = Date.now() - 60_000;
    await env.cairn.admin().createTopic({ name: topic, partitions: 1, replicationFactor: 1 });
    const producer = env.cairn.producer();
    try {
      // One batch each: a timestamp lookup finds the batch that holds the time.
      for (let i = 0; i < 10; i++) await producer.send({ topic, messages: [{ value: `t${i}`, timestamp: base + i * 1000 }] });
    } finally {
      await producer.close();
    }
    const groups = env.cairn.admin().groups();
    expect(await groups.resetOffsets('g-time', topic, { timestamp: base + 4500 })).toEqual([{ topic, partition: 0, offset: 5n }]);
    expect(await groups.resetOffsets('g-time', topic, { timestamp: new Date(base + 2000) })).toEqual([{ topic, partition: 0, offset: 2n }]);
    // Later than every record: the end, as Kafka's --to-datetime does.
    expect(await groups.resetOffsets('g-time', topic, { timestamp: base + 3_600_000 })).toEqual([{ topic, partition: 0, offset: 10n }]);
    await expect(groups.resetOffsets('g-time', topic, { timestamp: -1 })).rejects.toMatchObject({ code: 'INVALID_REQUEST' });

    const cli = await runCli(['group', 'reset-offsets', 'g-time', topic, '--to-timestamp', new Date(base + 7000).toISOString(), '--brokers', env.cluster.brokers()[0]!]);
    expect(cli).toMatchObject({ code: 0, stderr: '' });
    expect(cli.stdout).toMatch(/\ntimed +0 +7\n$/);
    expect((await groups.fetchOffsets('g-time')).map((o) => o.offset)).toEqual([7n]);
  });

  it('sends to several topics in one call, reporting each message in order, and refuses the whole call if one record is bad', async () => {
    const admin = env.cairn.admin();
    await admin.createTopic({ name: 'fan-a', partitions: 1, replicationFactor: 1 });
    await admin.createTopic({ name: 'fan-b', partitions: 2, replicationFactor: 1 });
    const producer = env.cairn.producer();
    try {
      const reports = await producer.sendBatch([
        { topic: 'fan-a', messages: [{ value: 'a0' }, { value: 'a1' }] },
        { topic: 'fan-b', messages: [{ value: 'b0', partition: 1 }] },
      ]);
      expect(reports.map(({ topic, partition, offset }) => [topic, partition, offset])).toEqual([
        ['fan-a', 0, 0n],
        ['fan-a', 0, 1n],
        ['fan-b', 1, 0n],
      ]);
      await expect(producer.sendBatch([{ topic: 'fan-a', messages: [{ value: 'never' }] }, { topic: '', messages: [{ value: 'x' }] }])).rejects.toMatchObject({
        code: 'INVALID_REQUEST',
        message: expect.stringContaining('records[1]'),
      });
      await expect(producer.sendBatch([])).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    } finally {
      await producer.close();
    }
    const [end] = await admin.listOffsets([{ topic: 'fan-a', partition: 0, spec: 'latest' }]);
    expect(end?.offset).toBe(2n); // the refused call wrote nothing
  });

  it('grows a topic with cairn topic add-partitions and refuses a count that would shrink it', async () => {
    await env.cairn.admin().createTopic({ name: 'grow', partitions: 1, replicationFactor: 1 });
    const brokers = ['--brokers', env.cluster.brokers()[0]!];
    expect(await runCli(['topic', 'add-partitions', 'grow', '--partitions', '3', ...brokers])).toEqual({ code: 0, stdout: 'topic "grow" has 3 partitions\n', stderr: '' });
    expect((await env.cairn.admin().describeTopic('grow')).partitions.map((p) => p.partition)).toEqual([0, 1, 2]);

    const shrink = await runCli(['topic', 'add-partitions', 'grow', '--partitions', '2', ...brokers]);
    expect(shrink.code).not.toBe(0);
    expect(shrink.stderr).toContain('INVALID_PARTITIONS');
    expect((await runCli(['topic', 'add-partitions', 'grow', ...brokers])).code).toBe(2);
  });

  it('produces keyed lines with headers from the CLI and consumes them with keys and headers, from a point in time, exiting at the end', async () => {
    await env.cairn.admin().createTopic({ name: 'cli-io', partitions: 1, replicationFactor: 1 });
    const brokers = ['--brokers', env.cluster.brokers()[0]!];
    const lines = join(env.cluster.dir, 'cli-io.txt');
    await writeFile(lines, 'k1:v1\nk2:v:2\n');
    const produced = await runCli(['produce', 'cli-io', '--file', lines, '--key-separator', ':', '--header', 'source=cli', '--header', 'n=1', ...brokers]);
    expect(produced.code).toBe(0);

    // No --max-messages: --exit-at-end alone ends the command.
    const consumed = await runCli(['consume', 'cli-io', '--from-beginning', '--exit-at-end', '--print-key', '--print-headers', ...brokers]);
    expect(consumed).toMatchObject({ code: 0, stdout: 'k1\tsource=cli,n=1\tv1\nk2\tsource=cli,n=1\tv:2\n' });
    const fromZero = await runCli(['consume', 'cli-io', '--from-timestamp', '0', '--exit-at-end', ...brokers]);
    expect(fromZero).toMatchObject({ code: 0, stdout: 'v1\nv:2\n' });
    const fromLater = await runCli(['consume', 'cli-io', '--from-timestamp', new Date(Date.now() + 3_600_000).toISOString(), '--exit-at-end', ...brokers]);
    expect(fromLater).toMatchObject({ code: 0, stdout: '', stderr: 'consumed 0 messages\n' });

    await writeFile(lines, 'k3:v3\nno separator\n');
    const refused = await runCli(['produce', 'cli-io', '--file', lines, '--key-separator', ':', ...brokers]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('line 2 has no key separator ":"');
  });

  it('subscribes by regular expression, leaving other topics out and picking up a matching topic created later', async () => {
    const admin = env.cairn.admin();
    await admin.createTopic({ name: 'rx-a', partitions: 1, replicationFactor: 1 });
    await admin.createTopic({ name: 'not-rx', partitions: 1, replicationFactor: 1 });
    const producer = env.cairn.producer();
    const got: Message[] = [];
    const consumer = env.cairn.consumer({ groupId: 'g-rx', autoOffsetReset: 'earliest', sessionTimeoutMs: 10_000, topicPatternRefreshMs: 300 });
    const deadline = setTimeout(() => void consumer.close(), 60_000);
    try {
      await producer.send({ topic: 'rx-a', messages: [{ value: 'a0' }] });
      await producer.send({ topic: 'not-rx', messages: [{ value: 'x0' }] });
      consumer.subscribe(/^rx-/g); // the g flag must not make matching stateful
      const reading = readAll(consumer, got);
      await waitFor('the message of rx-a', () => got.length === 1, { timeoutMs: 30_000 });

      await admin.createTopic({ name: 'rx-b', partitions: 1, replicationFactor: 1 });
      await producer.send({ topic: 'rx-b', messages: [{ value: 'b0' }] });
      await producer.send({ topic: 'rx-a', messages: [{ value: 'a1' }] });
      await waitFor('rx-b to join the subscription', () => got.length === 3, { timeoutMs: 30_000 });
      expect(got.map((m) => `${m.topic}:${m.value?.toString()}`).sort()).toEqual(['rx-a:a0', 'rx-a:a1', 'rx-b:b0']);
      await consumer.close();
      await reading;
    } finally {
      clearTimeout(deadline);
      await Promise.all([consumer.close(), producer.close()]);
    }
  });
});
