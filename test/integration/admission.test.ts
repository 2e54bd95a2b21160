/**
 * The admission limit on a real node: a node of 1 core admitting 4
 * partition replicas per core refuses a topic, or added partitions, that
 * would take it past 4, with a typed error naming the limit, and creates
 * nothing.
 */
import { describe, expect, it } from 'vitest';
import { CairnError } from '../../src/client/index.js';
import { useCluster } from './support/cluster-fixture.js';

async function refusal(promise: Promise<unknown>): Promise<CairnError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CairnError);
  return error as CairnError;
}

describe('a node admitting 4 partition replicas', () => {
  const env = useCluster({ nodes: 1, flags: ['--cores', '1', '--partitions-per-core', '4'] });

  it('refuses a topic and a partition increase past the limit with PARTITION_LIMIT_EXCEEDED, and creates neither', async () => {
    const admin = env.cairn.admin();
    await admin.createTopic({ name: 'fits', partitions: 3, replicationFactor: 1 });

    const topic = await refusal(admin.createTopic({ name: 'too-many', partitions: 2, replicationFactor: 1 }));
    expect(topic.code).toBe('PARTITION_LIMIT_EXCEEDED');
    expect(topic.retriable).toBe(false);
    expect(topic.message).toContain(
      'the cluster admits at most 4 partition replicas (1 core × 4 per core on 1 live node); it holds 3 and the request asks for 2 more',
    );
    const raise = await refusal(admin.createPartitions({ name: 'fits', totalPartitions: 5 }));
    expect(raise.code).toBe('PARTITION_LIMIT_EXCEEDED');
    expect(raise.message).toContain('it holds 3 and the request asks for 2 more');

    expect((await admin.listTopics()).map((t) => t.name)).toEqual(['fits']);
    expect((await admin.describeTopic('fits')).partitions).toHaveLength(3);
    // Up to the limit exactly is admitted.
    await admin.createTopic({ name: 'last', partitions: 1, replicationFactor: 1 });
  });
});
