import { describe, expect, it } from 'vitest';
import {
  admissionLimit,
  MetadataFrontend,
  partitionReplicasCount,
  type MetadataError,
  type Proposal,
} from '../../../src/metadata/index.js';
import { liveSet, Log, NODE_CAPACITY, nodeReport, registration } from './helpers.js';

function commandOf<C>(proposal: Proposal<C>): C {
  if (!proposal.ok) throw new Error(proposal.error.message);
  return proposal.command;
}

function refusalOf<C>(proposal: Proposal<C>): MetadataError {
  if (proposal.ok) throw new Error('the request was accepted');
  return proposal.error;
}

/** Three registered nodes of 1 core each admitting `perCore` replicas per core: a limit of 3 × perCore. */
function smallCluster(perCore: number): Log {
  const log = new Log();
  for (const id of [1, 2, 3]) log.ok({ ...registration(id), cores: 1, partitionsPerCore: perCore });
  return log;
}

const topic = (name: string, partitions: number, replicationFactor: number) => ({ name, partitions, replicationFactor });

describe('partition admission limit', () => {
  it('admits three default nodes of 2 cores up to 6,000 partitions at RF 3 in one topic, and not one replica more', () => {
    const log = Log.withNodes(3);
    expect(admissionLimit([...log.image.nodes.values()])).toBe(18_000);
    log.ok(commandOf(MetadataFrontend.createTopic(topic('big', 6_000, 3), log.image, liveSet(1, 2, 3))));
    expect(partitionReplicasCount(log.image)).toBe(18_000);
    const error = refusalOf(MetadataFrontend.createTopic(topic('one-more', 1, 1), log.image, liveSet(1, 2, 3)));
    expect(error).toEqual({
      kind: 'partition-limit',
      message:
        'the cluster admits at most 18000 partition replicas (6 cores × 3000 per core on 3 live nodes); ' +
        'it holds 18000 and the request asks for 1 more. Raise partitionsPerCore (CAIRN_PARTITIONS_PER_CORE) on every node, or add nodes',
    });
  });

  it('counts replicas, not partitions: a topic fits at RF 1 where the same topic at RF 3 does not', () => {
    const log = smallCluster(4);
    expect(refusalOf(MetadataFrontend.createTopic(topic('t', 5, 3), log.image, liveSet(1, 2, 3))).message).toContain(
      'admits at most 12 partition replicas (3 cores × 4 per core on 3 live nodes); it holds 0 and the request asks for 15 more',
    );
    log.ok(commandOf(MetadataFrontend.createTopic(topic('t', 5, 1), log.image, liveSet(1, 2, 3))));
    expect(partitionReplicasCount(log.image)).toBe(5);
  });

  it('counts only live nodes before proposing, so a dead node lowers the limit', () => {
    const log = smallCluster(4);
    log.ok(commandOf(MetadataFrontend.createTopic(topic('t', 4, 2), log.image, liveSet(1, 2, 3))));
    const error = refusalOf(MetadataFrontend.createTopic(topic('u', 1, 1), log.image, liveSet(1, 2)));
    expect(error.kind).toBe('partition-limit');
    expect(error.message).toContain('admits at most 8 partition replicas (2 cores × 4 per core on 2 live nodes); it holds 8 and the request asks for 1 more');
    log.ok(commandOf(MetadataFrontend.createTopic(topic('u', 1, 1), log.image, liveSet(1, 2, 3))));
  });

  it('refuses a partition increase past the limit, before proposing and at apply', () => {
    const log = smallCluster(4);
    log.ok(commandOf(MetadataFrontend.createTopic(topic('t', 2, 3), log.image, liveSet(1, 2, 3))));
    const raise = commandOf(MetadataFrontend.createPartitions({ name: 't', totalPartitions: 4 }, log.image, liveSet(1, 2, 3)));
    expect(refusalOf(MetadataFrontend.createPartitions({ name: 't', totalPartitions: 5 }, log.image, liveSet(1, 2, 3)))).toMatchObject({
      kind: 'partition-limit',
      message: expect.stringContaining('it holds 6 and the request asks for 9 more') as string,
    });
    // Two raises planned from the same image both fit; only the first to commit may take effect.
    const rival = commandOf(MetadataFrontend.createTopic(topic('rival', 2, 3), log.image, liveSet(1, 2, 3)));
    log.ok(raise);
    expect(log.refused(rival)).toBe('partition-limit');
    expect(partitionReplicasCount(log.image)).toBe(12);
  });

  it('refuses at apply a topic planned against a larger cluster: the state machine counts every registered node', () => {
    const planned = smallCluster(4);
    for (const id of [4, 5]) planned.ok({ ...registration(id), cores: 1, partitionsPerCore: 4 });
    const command = commandOf(MetadataFrontend.createTopic(topic('t', 5, 3), planned.image, liveSet(1, 2, 3, 4, 5)));
    expect(smallCluster(4).refused(command)).toBe('partition-limit');
    planned.ok(command);
  });

  it('lets a node that registered before reporting its capacity admit nothing until its next heartbeat registers it again', () => {
    const log = new Log();
    log.ok({ ...registration(1), cores: 0, partitionsPerCore: 0 });
    expect(refusalOf(MetadataFrontend.createTopic(topic('t', 1, 1), log.image, liveSet(1))).message).toContain('admits at most 0 partition replicas');
    const again = commandOf(MetadataFrontend.registerNode(nodeReport(1, []), log.image, 5_000));
    expect(again).toMatchObject({ type: 'register-node', node: 1, ...NODE_CAPACITY });
    log.ok(again!);
    expect(log.image.nodes.get(registration(1).node)?.registeredAtMs).toBe(1_000);
    log.ok(commandOf(MetadataFrontend.createTopic(topic('t', 1, 1), log.image, liveSet(1))));
  });

  it('names the per-node terms when nodes admit different numbers per core', () => {
    const log = smallCluster(4);
    log.ok({ ...registration(3), cores: 2, partitionsPerCore: 1 });
    expect(refusalOf(MetadataFrontend.createTopic(topic('t', 11, 1), log.image, liveSet(1, 2, 3))).message).toContain(
      'admits at most 10 partition replicas (cores × partitionsPerCore of each node, on 3 live nodes); it holds 0 and the request asks for 11 more',
    );
  });

  it('refuses a registration whose capacity is past its bounds', () => {
    const log = new Log();
    expect(log.refused({ ...registration(1), cores: 4097 })).toBe('invalid-node');
    expect(log.refused({ ...registration(1), partitionsPerCore: 500_001 })).toBe('invalid-node');
    expect(log.image.nodes.size).toBe(0);
  });
});
