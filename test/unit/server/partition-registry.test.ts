import { afterEach, describe, expect, it } from 'vitest';
import { CairnError } from '../../../src/client/errors.js';
import { MultiRaftHost } from '../../../src/host/multi-raft-host.js';
import type { MetadataImage, TopicConfigs } from '../../../src/metadata/index.js';
import { encodeBatch } from '../../../src/records/index.js';
import type { LogReader } from '../../../src/partition/partition-reader.js';
import type { NodeId } from '../../../src/raft/index.js';
import { PartitionRegistry } from '../../../src/server/partition-registry.js';
import type { GroupId } from '../../../src/storage/types.js';
import { LoopbackNetwork, MemoryHostStorage } from '../host/fakes.js';

const hosts: MultiRaftHost[] = [];
afterEach(() => {
  for (const host of hosts.splice(0)) host.stop();
});

/** An image holding topic t with the given configs. */
function imageWith(configs: TopicConfigs): MetadataImage {
  return { topics: new Map([['t', { configs }]]), nodes: new Map() } as unknown as MetadataImage;
}

/** A registry hosting partition t/0 as a one-voter group that does not tick: it campaigns only when the test says. */
async function hostedPartition(
  image: () => MetadataImage = () => imageWith({}),
  timestampDefaults?: ConstructorParameters<typeof PartitionRegistry>[3],
  producerIdExpirationMs?: number,
) {
  const registry = new PartitionRegistry(image, {} as LogReader, () => undefined, timestampDefaults, producerIdExpirationMs);
  const host = new MultiRaftHost({
    nodeId: 1 as NodeId,
    storage: new MemoryHostStorage(),
    transport: new LoopbackNetwork().transport(1 as NodeId),
    tickMs: 60_000,
    onFatal: (error) => {
      throw error;
    },
  });
  hosts.push(host);
  const group = await host.createGroup(7 as GroupId, { stm: registry.createStm('t'), bootstrapVoters: [1 as NodeId] });
  registry.add('t', 0, group);
  host.start();
  return { registry, host, group };
}

describe('PartitionRegistry', () => {
  it('sends reads away from a leader that has not applied its term’s first entry, whose high watermark may be behind', async () => {
    const { registry, host, group } = await hostedPartition();
    group.raw.campaign();
    expect(group.isLeader()).toBe(true);

    expect(registry.leaderOfPartition('t', 0).group).toBe(group);
    const refused = (() => {
      try {
        registry.readyLeaderOfPartition('t', 0);
        return undefined;
      } catch (error) {
        return error;
      }
    })();
    expect(refused).toBeInstanceOf(CairnError);
    expect((refused as CairnError).code).toBe('NOT_LEADER');

    host.markDirty(group);
    await registry.untilElectionSettles('t', 0, 5_000);
    expect(registry.readyLeaderOfPartition('t', 0).group).toBe(group);
  });

  it('applies a topic config changed in the image to the next produce', async () => {
    let image = imageWith({ 'max.message.bytes': '100000' });
    const { registry, host, group } = await hostedPartition(() => image);
    group.raw.campaign();
    host.markDirty(group);
    await registry.untilElectionSettles('t', 0, 5_000);
    const batch = () => encodeBatch([{ key: null, value: new Uint8Array(2_000), headers: [], timestamp: 0n }]);
    await expect(registry.leaderOfPartition('t', 0).frontend.append(batch())).resolves.toEqual({ baseOffset: 0n });

    image = imageWith({ 'max.message.bytes': '1000' });
    await expect(registry.leaderOfPartition('t', 0).frontend.append(batch())).rejects.toMatchObject({ code: 'BATCH_TOO_LARGE' });
  });

  it('takes this node’s timestamp window for a topic that sets none, and the topic’s own where it sets one', async () => {
    let image = imageWith({});
    const { registry, host, group } = await hostedPartition(() => image, { beforeMaxMs: -1, afterMaxMs: 1_000 });
    group.raw.campaign();
    host.markDirty(group);
    await registry.untilElectionSettles('t', 0, 5_000);
    const aheadBy = (ms: number) => encodeBatch([{ key: null, value: null, timestamp: BigInt(Date.now() + ms) }]);
    await expect(registry.leaderOfPartition('t', 0).frontend.append(aheadBy(60_000))).rejects.toMatchObject({ code: 'INVALID_TIMESTAMP' });

    image = imageWith({ 'message.timestamp.after.max.ms': '120000' });
    await expect(registry.leaderOfPartition('t', 0).frontend.append(aheadBy(60_000))).resolves.toEqual({ baseOffset: 0n });
  });

  it('gives the partition’s state machine this node’s producer.id.expiration.ms for a topic that sets none, and the topic’s own where it sets one', async () => {
    let image = imageWith({});
    const { registry } = await hostedPartition(() => image, undefined, 60_000);
    const stm = registry.hosted().next().value!.stm;
    expect(stm.producerIdExpirationMs).toBe(60_000);
    expect(registry.nodeTopicDefaults).toEqual({ 'producer.id.expiration.ms': '60000' });
    image = imageWith({ 'producer.id.expiration.ms': '5000' });
    expect(stm.producerIdExpirationMs).toBe(5_000);
    expect((await hostedPartition()).registry.hosted().next().value!.stm.producerIdExpirationMs).toBe(86_400_000);
  });

  it('answers CORRUPT_STORAGE for a partition whose log broke its invariants, whatever its role', async () => {
    const { registry, host, group } = await hostedPartition();
    group.raw.campaign();
    host.markDirty(group);
    await registry.untilElectionSettles('t', 0, 5_000);
    const stm = registry.leaderOfPartition('t', 0).stm;
    // A committed entry at index 99 whose bytes are not batches.
    expect(() => stm.apply([{ index: 99, term: 1, type: 0, data: new Uint8Array([1, 2, 3]) }] as never, { isLeader: true, term: 1 as never })).toThrow();
    expect(() => registry.leaderOfPartition('t', 0)).toThrow(expect.objectContaining({ code: 'CORRUPT_STORAGE' }) as Error);
    expect(() => registry.readyLeaderOfPartition('t', 0)).toThrow(expect.objectContaining({ code: 'CORRUPT_STORAGE' }) as Error);
  });

  it('keeps a topic created again under its name hosted when its predecessor\'s group retires after the new one is hosted', async () => {
    const { registry, host, group: old } = await hostedPartition();
    const reborn = await host.createGroup(8 as GroupId, { stm: registry.createStm('t'), bootstrapVoters: [1 as NodeId] });
    registry.add('t', 0, reborn);
    registry.remove(old.id);
    reborn.raw.campaign();
    expect(registry.leaderOfPartition('t', 0).group).toBe(reborn);
  });
});
