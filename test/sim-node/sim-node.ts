/**
 * One simulated server: the real NodeStorage on a simulated disk, the real
 * MultiRaftHost on the simulated network, and per partition group the real
 * PartitionStm, PartitionFrontend and PartitionReader, all on the node's
 * virtual clock. A crash drops the whole run (clock, host, storage, state
 * machines) and the disk's unsynced writes; a restart builds everything
 * again from the disk, as a process restart does.
 */
import { MultiRaftHost } from '../../src/host/multi-raft-host.js';
import type { RaftGroup } from '../../src/host/raft-group.js';
import { resolveTopicConfig } from '../../src/metadata/index.js';
import { PartitionFrontend } from '../../src/partition/partition-frontend.js';
import { PartitionReader } from '../../src/partition/partition-reader.js';
import { PartitionStm } from '../../src/partition/partition-stm.js';
import type { PartitionStmOptions } from '../../src/partition/partition-stm.js';
import type { NodeId, Snapshot } from '../../src/raft/index.js';
import { NodeStorage } from '../../src/storage/node-storage.js';
import type { GroupId } from '../../src/storage/types.js';
import { coreMutant } from './core-mutants.js';
import type { SimDisk } from './sim-disk.js';
import type { SimNetwork } from './sim-network.js';
import type { NodeProfile } from './profile.js';
import { NodeClock } from './world.js';
import type { World } from './world.js';

export interface Partition {
  readonly group: RaftGroup;
  readonly stm: PartitionStm;
  readonly frontend: PartitionFrontend;
  readonly reader: PartitionReader;
}

export interface Running {
  readonly clock: NodeClock;
  readonly host: MultiRaftHost;
  readonly storage: NodeStorage;
  readonly partitions: ReadonlyMap<GroupId, Partition>;
  /** Counts runs of this node, so the checker can tell one run's state from the next. */
  readonly incarnation: number;
}

/** What a node reports to the simulation. */
export interface NodeEvents {
  /** The node stopped on an error (onFatal, or a failed start); the simulation decides whether it was expected. */
  fatal(node: SimNode, error: unknown): void;
  /** The node's storage is open and its groups hosted. */
  started(node: SimNode): void;
  /** A partition's state machine refused a committed entry: always a violation here. */
  groupFailed(node: SimNode, group: GroupId, error: Error): void;
  /** Retention dropped segments from a partition's start: the host compacts its Raft log there. */
  compacted(node: SimNode, group: GroupId): void;
  /** A partition's state was replaced by a snapshot: its own at a restart (`atOpen`), or one a leader sent. */
  restored(node: SimNode, group: GroupId, atOpen: boolean): void;
}

/** The real state machine, telling the simulation when retention cuts the log and when a snapshot replaces its state. */
class ObservedPartitionStm extends PartitionStm {
  constructor(
    options: PartitionStmOptions,
    private readonly observer: { compacted(): void; restored(): void },
  ) {
    super(options);
  }

  override restore(snapshot: Snapshot): void {
    super.restore(snapshot);
    this.observer.restored();
  }

  override compaction(): ReturnType<PartitionStm['compaction']> {
    const plan = super.compaction();
    if (plan !== undefined) this.observer.compacted();
    return plan;
  }
}

export class SimNode {
  running: Running | undefined;
  starting = false;
  private incarnations = 0;
  /** Stops a start in progress (a crash while the node opens its storage). */
  private abortStart: () => void = () => {};

  constructor(
    readonly id: NodeId,
    readonly disk: SimDisk,
    private readonly world: World,
    private readonly network: SimNetwork,
    private readonly profile: NodeProfile,
    private readonly events: NodeEvents,
  ) {
    network.attach(id, { receiver: () => this.running?.host });
  }

  get up(): boolean {
    return this.running !== undefined;
  }

  get down(): boolean {
    return this.running === undefined && !this.starting;
  }

  /** Opens storage and hosts every partition group; the start completes over virtual time (or fails and is reported). */
  start(): void {
    if (!this.down) return;
    this.starting = true;
    const incarnation = ++this.incarnations;
    const clock = new NodeClock(this.world, this.profile.skews[this.id - 1]!);
    this.open(clock, incarnation).then(
      (running) => {
        if (!clock.alive) return;
        this.starting = false;
        this.running = running;
        running.host.start();
        this.events.started(this);
      },
      (error: unknown) => {
        if (!clock.alive) return;
        clock.alive = false;
        this.starting = false;
        this.disk.crash(this.profile.powerLoss);
        this.events.fatal(this, error);
      },
    );
    this.abortStart = () => {
      clock.alive = false;
      this.starting = false;
    };
  }

  /** The process dies: nothing of this run survives but what the disk made durable. */
  crash(): void {
    if (this.starting) this.abortStart();
    const running = this.running;
    this.running = undefined;
    if (running !== undefined) {
      running.clock.alive = false;
      running.host.stop();
    }
    this.disk.crash(this.profile.powerLoss);
  }

  private async open(clock: NodeClock, incarnation: number): Promise<Running> {
    const { profile } = this;
    const storage = await NodeStorage.open(
      { dataDir: `/sim/node-${this.id}`, flushIntervalMs: profile.flushIntervalMs },
      { makeDb: () => Promise.resolve(this.disk.open()), clock },
    );
    const host = new MultiRaftHost({
      nodeId: this.id,
      storage,
      transport: this.network.transport(this.id, () => clock.alive),
      tickMs: profile.tickMs,
      raft: profile.raft,
      // Each node, and each run of it, draws its own election timeouts, as independent processes would.
      seed: (profile.seed * 7919 + this.id * 104_729 + incarnation * 13) >>> 0,
      // Each run answers its leaders under a new boot, as a restarted process draws one.
      boot: incarnation,
      clock,
      ...(coreMutant.current !== undefined && { rawNode: coreMutant.current }),
      onFatal: (error) => {
        if (!clock.alive) return;
        this.crash();
        this.events.fatal(this, error);
      },
      onGroupFailed: (group, error) => this.events.groupFailed(this, group, error),
    });
    const { retention } = profile;
    const config = {
      ...resolveTopicConfig({}),
      writeCaching: profile.writeCaching,
      ...(retention !== undefined && { retentionBytes: retention.retentionBytes, retentionMs: retention.retentionMs }),
    };
    const partitions = new Map<GroupId, Partition>();
    // Until the node runs, a restored snapshot is its own, loaded as the group opens; after, one a leader sent.
    let opened = false;
    for (const id of profile.groups) {
      const observer = { compacted: () => this.events.compacted(this, id), restored: () => this.events.restored(this, id, !opened) };
      const stm = new ObservedPartitionStm({ config: () => config, clock, ...(retention !== undefined && { segmentBounds: retention.segmentBounds }) }, observer);
      const group = await host.createGroup(id, { stm, bootstrapVoters: profile.voters, writeCaching: profile.writeCaching });
      const frontend = new PartitionFrontend(group, stm, {
        policy: () => ({ batchBytesMax: config.maxMessageBytes, timestampBeforeMaxMs: -1, timestampAfterMaxMs: -1 }),
        nowMs: () => clock.now(),
        producerIdAllocated: () => true,
        clock,
      });
      partitions.set(id, { group, stm, frontend, reader: new PartitionReader(storage, id, stm) });
    }
    opened = true;
    return { clock, host, storage, partitions, incarnation };
  }
}
