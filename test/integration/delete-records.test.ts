/**
 * Deleting records (Kafka's DeleteRecords) on a real 3-node cluster: the
 * partition's leader proposes the new log start through the partition's
 * Raft group, so every replica holds it: whichever node leads next answers
 * the same earliest offset, a node restarted keeps it, a fetch below it is
 * refused with OFFSET_OUT_OF_RANGE naming it, and a fetch at it reads on.
 */
import { describe, expect, it } from 'vitest';
import { CairnError } from '../../src/client/index.js';
import { useCluster } from './support/cluster-fixture.js';
import { runCli } from './support/process-cluster.js';
import { waitFor } from './support/wait.js';

const TOPIC = 'trimmed';
const PARTITION = { topic: TOPIC, partition: 0 };
const RECORDS = 50;
/**
 * Leadership changes tried while some replica has not yet answered as
 * leader, or none has since its own restart; each election picks one of two.
 */
const ROUNDS_MAX = 12;

describe('delete records on a live 3-node cluster', () => {
  const env = useCluster({ nodes: 3, requestTimeoutMs: 5_000 });

  const leader = async (): Promise<number | undefined> => (await env.cairn.admin().describeTopic(TOPIC)).partitions[0]!.leader;
  const earliest = async (): Promise<bigint> => (await env.cairn.admin().listOffsets([{ ...PARTITION, spec: 'earliest' }]))[0]!.offset;

  /** The first offset a consumer reads from `offset`, or the error that refused the fetch. */
  const firstReadFrom = async (offset: bigint): Promise<bigint | CairnError> => {
    const consumer = env.cairn.consumer({ autoOffsetReset: 'none', maxWaitMs: 100 });
    try {
      consumer.assign([PARTITION]);
      consumer.seek(PARTITION, { offset });
      const batch = await consumer.nextBatch();
      return batch!.messages[0]!.offset;
    } catch (error) {
      return error as CairnError;
    } finally {
      await consumer.close();
    }
  };

  it('moves the earliest offset on every replica, refuses fetches below it with OFFSET_OUT_OF_RANGE, reads from it, and keeps it across a node’s restart', async () => {
    const admin = env.cairn.admin();
    await admin.createTopic({ name: TOPIC, partitions: 1, replicationFactor: 3 });
    await waitFor('a leader for the topic', async () => (await leader()) !== undefined);
    const producer = env.cairn.producer({ lingerMs: 0 });
    for (let i = 0; i < RECORDS; i += 5) await producer.send({ topic: TOPIC, messages: Array.from({ length: 5 }, (_, j) => ({ value: `v${i + j}`, partition: 0 })) });
    await producer.close();

    expect(await admin.deleteRecords([{ ...PARTITION, offset: 20n }])).toEqual([{ ...PARTITION, lowWatermark: 20n }]);
    // At or below the log start: nothing changes, and the answer is the log start.
    expect(await admin.deleteRecords([{ ...PARTITION, offset: 5 }])).toEqual([{ ...PARTITION, lowWatermark: 20n }]);
    await expect(admin.deleteRecords([{ ...PARTITION, offset: BigInt(RECORDS + 1) }])).rejects.toMatchObject({ code: 'OFFSET_OUT_OF_RANGE' });
    await expect(admin.deleteRecords([{ ...PARTITION, offset: -1 }])).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    expect(await earliest()).toBe(20n);

    const below = await firstReadFrom(19n);
    expect(below).toBeInstanceOf(CairnError);
    expect(below).toMatchObject({ code: 'OFFSET_OUT_OF_RANGE', message: expect.stringContaining('[20,') });
    expect(await firstReadFrom(20n)).toBe(20n);

    // The operator's way, through the CLI.
    const cli = await runCli(['topic', 'delete-records', TOPIC, '--partition', '0', '--before', '30', '--json', '--brokers', env.cluster.brokers().join(',')]);
    expect(cli.stderr).toBe('');
    expect(JSON.parse(cli.stdout)).toEqual([{ ...PARTITION, lowWatermark: '30' }]);
    expect(await firstReadFrom(29n)).toMatchObject({ code: 'OFFSET_OUT_OF_RANGE' });
    expect(await firstReadFrom(30n)).toBe(30n);

    // Every replica's answer: the leader is killed and restarted, so another node leads and the restarted one
    // may lead next, until each node has answered as leader and one has since its own restart.
    const answered = new Map<number, bigint>();
    const restartedNodes = new Set<number>();
    let answeredAfterRestart = false;
    answered.set((await leader())!, await earliest());
    for (let round = 0; round < ROUNDS_MAX && (answered.size < env.cluster.ids().length || !answeredAfterRestart); round++) {
      const killed = (await leader())!;
      await env.cluster.kill(killed);
      const next = await waitFor('a new leader', async () => {
        const now = await leader();
        return now !== undefined && now !== killed && now;
      }, { timeoutMs: 60_000 });
      const answer = await waitFor('the new leader’s earliest offset', () => earliest(), { timeoutMs: 60_000 });
      // Attributed only when the same node led before and after the answer.
      if ((await leader()) === next) {
        answered.set(next, answer);
        answeredAfterRestart ||= restartedNodes.has(next);
      }
      env.cluster.startNode(killed);
      await env.cluster.waitReady([killed]);
      restartedNodes.add(killed);
    }
    expect(answeredAfterRestart).toBe(true);
    expect([...answered.keys()].sort()).toEqual(env.cluster.ids().sort());
    expect(new Set(answered.values())).toEqual(new Set([30n]));
    expect(await firstReadFrom(29n)).toMatchObject({ code: 'OFFSET_OUT_OF_RANGE' });
    expect(await firstReadFrom(30n)).toBe(30n);

    // Everything held now, on every partition: the log start reaches the high watermark.
    const all = await runCli(['topic', 'delete-records', TOPIC, '--all-partitions', '--before', 'latest', '--json', '--brokers', env.cluster.brokers().join(',')]);
    expect(all.stderr).toBe('');
    expect(JSON.parse(all.stdout)).toEqual([{ ...PARTITION, lowWatermark: String(RECORDS) }]);
    expect(await earliest()).toBe(BigInt(RECORDS));
  }, 300_000);
});
