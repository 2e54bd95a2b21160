import { afterEach, describe, expect, it, vi } from 'vitest';
import { MultiRaftHost } from '../../../src/host/multi-raft-host.js';
import type { GroupId } from '../../../src/metadata/index.js';
import { METADATA_GROUP } from '../../../src/metadata/index.js';
import { createLogger } from '../../../src/observability/index.js';
import type { NodeId } from '../../../src/raft/index.js';
import { Reconciler } from '../../../src/server/reconciler.js';
import { ListStm, LoopbackNetwork, MemoryHostStorage } from '../host/fakes.js';
import { ids, Log, topicCommand } from '../metadata/helpers.js';

const SELF = 1 as NodeId;
const hosts: MultiRaftHost[] = [];
const fatal: unknown[] = [];

afterEach(() => {
  for (const host of hosts.splice(0)) host.stop();
  expect(fatal.splice(0)).toEqual([]);
});

/** Node 1's reconciler over `log`'s image, with a host that does not tick, and what it reported. */
function reconcilerOf(log: Log) {
  const storage = new MemoryHostStorage();
  const host = new MultiRaftHost({ nodeId: SELF, storage, transport: new LoopbackNetwork().transport(SELF), tickMs: 60_000, seed: 1, onFatal: (e) => fatal.push(e) });
  hosts.push(host);
  const hosted: string[] = [];
  const retired: GroupId[] = [];
  let stmsCreated = 0;
  const reconciler = new Reconciler({
    nodeId: SELF,
    host,
    image: () => log.image,
    createStm: () => {
      stmsCreated++;
      return new ListStm();
    },
    onHosted: (topic, partition, group) => hosted.push(`${topic.name}/${partition.partition} in group ${group.id}`),
    onRetired: (group) => retired.push(group),
    logger: createLogger({ level: 'silent' }),
  });
  return { reconciler, host, storage, hosted, retired, stmsCreated: () => stmsCreated };
}

/** The membership the group's stored log ends with on this node. */
function storedConf(storage: MemoryHostStorage, group: number) {
  return storage.logs.get(group as GroupId)!.initialState().confHistory.at(-1)!.conf;
}

describe('Reconciler', () => {
  it('hosts the partitions the image assigns to this node, founding replicas bootstrapped with their voters', async () => {
    const log = Log.withNodes(4);
    log.ok(topicCommand('t', [[1, 2, 3], [2, 3, 4], [3, 1, 2]]));
    const { reconciler, host, storage, hosted, stmsCreated } = reconcilerOf(log);
    await reconciler.reconcile();
    expect(hosted).toEqual(['t/0 in group 1', 't/2 in group 3']);
    expect(host.groupIds()).toEqual([1, 3]);
    expect(storedConf(storage, 1)).toEqual({ voters: [1, 2, 3], learners: [] });
    expect(storedConf(storage, 3)).toEqual({ voters: [3, 1, 2], learners: [] });
    await reconciler.reconcile();
    expect(stmsCreated()).toBe(2);
  });

  it('starts a replica a reassignment added with an empty log, to be sent the log by the leader', async () => {
    const log = Log.withNodes(4);
    log.ok(topicCommand('t', [[2, 3, 4]]));
    log.ok({ type: 'reassign-partition', name: 't', topicId: log.image.topics.get('t')!.id, partition: 0, replicas: ids(2, 3, 1), expectedEpoch: 0 });
    const { reconciler, storage, hosted } = reconcilerOf(log);
    await reconciler.reconcile();
    expect(hosted).toEqual(['t/0 in group 1']);
    expect(storage.logs.get(1 as GroupId)!.lastIndex()).toBe(0);
  });

  it('folds calls made while a run is under way into one more run, which sees the newer image', async () => {
    const log = Log.withNodes(1);
    log.ok(topicCommand('a', [[1]]));
    const { reconciler, hosted, stmsCreated } = reconcilerOf(log);
    const first = reconciler.reconcile();
    log.ok(topicCommand('b', [[1]]));
    const second = reconciler.reconcile();
    const third = reconciler.reconcile();
    expect(second).toBe(first);
    expect(third).toBe(first);
    await first;
    expect(hosted).toEqual(['a/0 in group 1', 'b/0 in group 2']);
    expect(stmsCreated()).toBe(2);
  });

  it('retires the partition groups it is told to that it hosts, and never the metadata group', async () => {
    const log = Log.withNodes(2);
    log.ok(topicCommand('a', [[1]]));
    const { reconciler, host, storage, retired } = reconcilerOf(log);
    await host.createGroup(METADATA_GROUP, { stm: new ListStm(), bootstrapVoters: [SELF] });
    await reconciler.reconcile();
    log.ok({ type: 'reassign-partition', name: 'a', topicId: log.image.topics.get('a')!.id, partition: 0, replicas: ids(2), expectedEpoch: 0 });
    await reconciler.retire([0, 1, 99]);
    expect(retired).toEqual([1]);
    expect(host.groupIds()).toEqual([METADATA_GROUP]);
    expect(storage.logs.has(1 as GroupId)).toBe(false);
  });

  it('starts deleting every retired group at once, so their deletion marks can share one durable write', async () => {
    const log = Log.withNodes(2);
    log.ok(topicCommand('gone', [[1], [1], [1]]));
    const { reconciler, host, storage, retired } = reconcilerOf(log);
    await reconciler.reconcile();
    log.ok({ type: 'delete-topic', name: 'gone', topicId: log.image.topics.get('gone')!.id });
    const deleting: (() => void)[] = [];
    vi.spyOn(storage, 'deleteGroup').mockImplementation(() => new Promise<void>((resolve) => deleting.push(resolve)));
    const retiring = reconciler.retire([1, 2, 3, 2]);
    expect(deleting).toHaveLength(3);
    for (const done of deleting) done();
    await retiring;
    expect(retired).toEqual([1, 2, 3]);
    expect(host.groupIds()).toEqual([]);
  });

  it('keeps a replica its own image still assigns here, whatever a lagging controller says', async () => {
    const log = Log.withNodes(1);
    log.ok(topicCommand('a', [[1]]));
    const { reconciler, host, retired } = reconcilerOf(log);
    await reconciler.reconcile();
    await reconciler.retire([1]);
    expect(retired).toEqual([]);
    expect(host.groupIds()).toEqual([1]);
  });

  it('proposes the next membership change toward the image for the groups it leads, and only those', async () => {
    const log = Log.withNodes(3);
    log.ok(topicCommand('a', [[1]]));
    const { reconciler, host } = reconcilerOf(log);
    await reconciler.reconcile();
    const group = host.group(1 as GroupId)!;
    log.ok({ type: 'reassign-partition', name: 'a', topicId: log.image.topics.get('a')!.id, partition: 0, replicas: ids(2), expectedEpoch: 0 });
    await reconciler.reconcile();
    expect(group.raw.status().conf).toEqual({ voters: [1], learners: [] });
    group.raw.campaign(); // a lone voter wins at once; its no-op commits once the host has written it
    host.markDirty(group);
    await vi.waitFor(() => expect(group.raw.status().commit).toBe(group.raw.status().lastIndex));
    await reconciler.reconcile();
    expect(group.raw.status().conf).toEqual({ voters: [1], learners: [2] });
  });
});
