/**
 * Topic configs on a real node: describe lists every key with its value and
 * source (the topic's override, the node's own setting, the built-in
 * default); an alteration goes through the metadata group and the partition
 * applies it to the next produce without a restart; removing the override
 * brings the default back, both in describe and in what the partition
 * accepts; a bad value or key is refused with a typed error naming it.
 */
import { describe, expect, it } from 'vitest';
import type { CairnError, TopicConfigEntry } from '../../src/client/index.js';
import { TOPIC_CONFIG_KEYS } from '../../src/metadata/index.js';
import { useCluster } from './support/cluster-fixture.js';
import { runCli } from './support/process-cluster.js';
import { waitFor } from './support/wait.js';

const TOPIC = 'configured';
/** The node's own setting for message.timestamp.after.max.ms, unlike the built-in 3600000. */
const NODE_AFTER_MAX_MS = '7200000';
/** One record of this size fits a batch under the default max.message.bytes (1 MiB) but not under 1024. */
const RECORD_BYTES = 4_000;

const entry = (entries: readonly TopicConfigEntry[], key: string): TopicConfigEntry | undefined => entries.find((e) => e.key === key);

describe('topic configs on a live node', () => {
  const env = useCluster({ nodes: 1, flags: ['--message-timestamp-after-max-ms', NODE_AFTER_MAX_MS], requestTimeoutMs: 5_000 });

  /** Sends one record of RECORD_BYTES through a new producer: its base offset, or the error that refused it. */
  const produceLarge = async (): Promise<bigint | CairnError> => {
    const producer = env.cairn.producer();
    try {
      const [result] = await producer.send({ topic: TOPIC, messages: [{ value: 'x'.repeat(RECORD_BYTES) }] });
      return result!.offset;
    } catch (error) {
      return error as CairnError;
    } finally {
      await producer.close();
    }
  };

  it('describes every key with its source, and applies an alteration and its removal to the live partition', async () => {
    const admin = env.cairn.admin();
    await admin.createTopic({ name: TOPIC, partitions: 1, replicationFactor: 1, configs: { 'retention.ms': '86400000' } });
    await waitFor('a leader for the topic', async () => (await admin.describeTopic(TOPIC)).partitions[0]!.leader !== undefined);

    const initial = await admin.describeTopicConfigs(TOPIC);
    expect(initial.map((e) => e.key)).toEqual(TOPIC_CONFIG_KEYS);
    expect(entry(initial, 'retention.ms')).toMatchObject({ value: '86400000', source: 'topic' });
    expect(entry(initial, 'max.message.bytes')).toMatchObject({ value: '1048576', source: 'default' });
    expect(entry(initial, 'message.timestamp.after.max.ms')).toMatchObject({ value: NODE_AFTER_MAX_MS, source: 'node' });
    expect(typeof (await produceLarge())).toBe('bigint');

    const altered = await admin.alterTopicConfigs({ name: TOPIC, set: { 'max.message.bytes': '1024' } });
    expect(entry(altered, 'max.message.bytes')).toMatchObject({ value: '1024', source: 'topic' });
    expect(entry(altered, 'retention.ms')).toMatchObject({ value: '86400000', source: 'topic' }); // keys not named keep their values
    expect(entry(await admin.describeTopicConfigs(TOPIC), 'max.message.bytes')).toMatchObject({ value: '1024', source: 'topic' });
    // The very next produce meets the new limit, with no restart: on one node the change is applied when the call returns.
    expect(await produceLarge()).toMatchObject({ code: 'BATCH_TOO_LARGE', message: expect.stringMatching(/max\.message\.bytes/) });

    // Back to the default through the CLI: describe says so, and the partition takes the record again.
    const cli = await runCli(['topic', 'alter-config', TOPIC, '--delete', 'max.message.bytes', '--brokers', env.cluster.brokers().join(',')]);
    expect(cli).toMatchObject({ code: 0, stderr: '' });
    expect(cli.stdout).toMatch(/^max\.message\.bytes +1048576 +default$/m);
    expect(entry(await admin.describeTopicConfigs(TOPIC), 'max.message.bytes')).toMatchObject({ value: '1048576', source: 'default' });
    expect(await produceLarge()).toBe(1n);
  });

  it('refuses a value out of range and an unknown key with INVALID_CONFIG naming them, changing nothing', async () => {
    const admin = env.cairn.admin();
    const topic = 'refusing';
    await admin.createTopic({ name: topic, partitions: 1, replicationFactor: 1, configs: { 'retention.ms': '86400000' } });
    const before = await admin.describeTopicConfigs(topic);
    const outOfRange = await admin.alterTopicConfigs({ name: topic, set: { 'write.caching.flush.ms': '0', 'retention.ms': '1' } }).catch((e: unknown) => e);
    expect(outOfRange).toMatchObject({ code: 'INVALID_CONFIG', message: expect.stringContaining("write.caching.flush.ms must be an integer from 1 to 60000, got '0'") });
    const unknown = await admin.alterTopicConfigs({ name: topic, reset: ['retention.m'] }).catch((e: unknown) => e);
    expect(unknown).toMatchObject({ code: 'INVALID_CONFIG', message: expect.stringContaining("unknown topic config 'retention.m'") });
    expect(await admin.describeTopicConfigs(topic)).toEqual(before);

    const cli = await runCli(['topic', 'alter-config', topic, '--set', 'max.mesage.bytes=2048', '--brokers', env.cluster.brokers().join(',')]);
    expect(cli).toMatchObject({ code: 1, stderr: 'error: INVALID_CONFIG: unknown topic config "max.mesage.bytes"; did you mean "max.message.bytes"?\n' });
    const shown = await runCli(['topic', 'configs', topic, '--brokers', env.cluster.brokers().join(',')]);
    expect(shown.stdout).toMatch(/^message\.timestamp\.after\.max\.ms +7200000 +node$/m);
    expect(shown.stdout).toMatch(/^retention\.ms +86400000 +topic$/m);
  });
});
