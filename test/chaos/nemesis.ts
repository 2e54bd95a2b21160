/**
 * Carries out a nemesis schedule (schedule.ts) on a Docker cluster, one fault
 * at a time: start it, hold it, heal it, stay quiet, go on. Every step goes
 * into the history. healAll() undoes every kind of fault on every node and is
 * what the run calls at the end, and on any error.
 */
import type { DockerCluster } from './docker-cluster.js';
import type { History } from './history.js';
import { clear, cut, describeGrudge, loss, partition, slow } from './net-faults.js';
import type { PlannedFault } from './schedule.js';
import { describePlannedFault } from './schedule.js';

/** How long a node restarted in a rolling restart may take to be ready before the restart goes on regardless. */
const ROLLING_READY_TIMEOUT_MS = 90_000;

export interface NemesisContext {
  readonly cluster: DockerCluster;
  readonly history: History;
  /** The current leader of each partition of the workload's topic (undefined: none known). */
  readonly leaders: () => Promise<readonly (number | undefined)[]>;
  readonly log: (line: string) => void;
}

interface ActiveFault {
  readonly detail: string;
  heal(): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class Nemesis {
  /** Faults started, by kind. */
  readonly started = new Map<string, number>();

  constructor(private readonly context: NemesisContext) {}

  /**
   * Runs faults in order until the schedule ends or `deadline` (a time of
   * history.now()) passes; a fault started before it runs to its end.
   * Returns how many faults ran.
   */
  async run(schedule: readonly PlannedFault[], deadline: number, stopped: () => boolean = () => false): Promise<number> {
    let ran = 0;
    for (const fault of schedule) {
      if (this.context.history.now() >= deadline || stopped()) break;
      await this.runOne(fault);
      ran++;
      await sleep(fault.gapMs);
    }
    return ran;
  }

  async runOne(fault: PlannedFault): Promise<void> {
    const { history, log } = this.context;
    await this.checkRunning();
    const targets = await this.targets(fault);
    log(`nemesis: ${describePlannedFault(fault)}`);
    const active = await this.start(fault, targets);
    this.started.set(fault.kind, (this.started.get(fault.kind) ?? 0) + 1);
    history.record({ type: 'info', f: 'nemesis', process: 'nemesis', phase: 'start', kind: fault.kind, detail: `#${fault.step} ${active.detail}` });
    log(`nemesis: #${fault.step} started: ${active.detail}`);
    await sleep(fault.holdMs);
    // What the fault did to leadership, seen from the clients' side just before it heals.
    const during = await this.describeLeaders();
    await active.heal();
    history.record({ type: 'info', f: 'nemesis', process: 'nemesis', phase: 'heal', kind: fault.kind, detail: `#${fault.step}; leaders before the heal: ${during}` });
    log(`nemesis: #${fault.step} healed; leaders before the heal: ${during}`);
  }

  private async describeLeaders(): Promise<string> {
    const leaders = await this.context.leaders().catch(() => undefined);
    return leaders === undefined ? 'unknown' : leaders.map((leader, partition) => `p${partition}=${leader === undefined ? '-' : `n${leader}`}`).join(' ');
  }

  /** Every fault healed, so every node must be running: one that is not has exited on its own. */
  async checkRunning(): Promise<void> {
    const { cluster } = this.context;
    for (const id of cluster.ids()) {
      const { running, exitCode } = await cluster.state(id);
      if (!running) throw new Error(`node ${id} exited on its own (exit code ${exitCode}); see node-${id}.log`);
    }
  }

  /** Node ids in the fault's order, its leader first if it aims at one. */
  private async targets(fault: PlannedFault): Promise<number[]> {
    const { cluster } = this.context;
    const ids = fault.order.map((ordinal) => cluster.nodes[ordinal]!.id);
    if (fault.leaderOf === undefined) return ids;
    const leader = (await this.context.leaders().catch(() => []))[fault.leaderOf];
    return leader === undefined || !ids.includes(leader) ? ids : [leader, ...ids.filter((id) => id !== leader)];
  }

  private async start(fault: PlannedFault, targets: readonly number[]): Promise<ActiveFault> {
    const { cluster } = this.context;
    const [first, ...rest] = targets as [number, ...number[]];
    const names = (ids: readonly number[]): string => ids.map((id) => `n${id}`).join(',');
    const leaderNote = fault.leaderOf === undefined ? '' : ` (aimed at the leader of partition ${fault.leaderOf})`;
    const partitioned = async (grudge: Map<number, number[]>, what: string): Promise<ActiveFault> => {
      await partition(cluster, grudge);
      return { detail: `${what}: ${describeGrudge(grudge)}`, heal: () => this.clearNetwork([...grudge.keys()]) };
    };
    switch (fault.kind) {
      case 'kill': {
        const victims = targets.slice(0, fault.count ?? 1);
        for (const id of victims) await cluster.kill(id, 'SIGKILL');
        return {
          detail: `SIGKILL ${names(victims)}${leaderNote}`,
          heal: async () => {
            for (const id of victims) await cluster.startNode(id);
          },
        };
      }
      case 'pause': {
        const victims = targets.slice(0, fault.count ?? 1);
        for (const id of victims) await cluster.pause(id);
        return {
          detail: `pause ${names(victims)}${leaderNote}`,
          heal: async () => {
            for (const id of victims) await cluster.unpause(id);
          },
        };
      }
      case 'partition-halves': {
        const minority = targets.slice(0, Math.floor((targets.length - 1) / 2));
        return partitioned(cut(minority, targets.slice(minority.length)), `minority ${names(minority)} | majority ${names(targets.slice(minority.length))}`);
      }
      case 'partition-leader':
        return partitioned(cut([first], rest), `isolate n${first}${leaderNote}`);
      case 'partition-bridge': {
        const left = rest.slice(0, Math.ceil(rest.length / 2));
        const right = rest.slice(left.length);
        return partitioned(cut(left, right), `bridge n${first} between ${names(left)} and ${names(right)}${leaderNote}`);
      }
      case 'partition-one-way': {
        const grudge = fault.direction === 'out' ? new Map(rest.map((id) => [id, [first]])) : new Map([[first, rest]]);
        await partition(cluster, grudge);
        const how = fault.direction === 'out' ? `nobody hears n${first}` : `n${first} hears nobody`;
        return { detail: `one way: ${how}${leaderNote}`, heal: () => this.clearNetwork([...grudge.keys()]) };
      }
      case 'loss': {
        const percent = fault.lossPercent ?? 20;
        for (const id of targets) await loss(cluster, id, targets.filter((peer) => peer !== id), percent);
        return { detail: `${percent}% loss between all nodes`, heal: () => this.clearNetwork(targets) };
      }
      case 'slow': {
        const rate = fault.rateKbit ?? 512;
        const veth = await slow(cluster, first, rate);
        return { detail: `n${first}'s link (${veth}) at ${rate} kbit/s each way${leaderNote}`, heal: () => this.clearNetwork([first]) };
      }
      case 'rolling-restart':
        return { detail: `restart ${names(targets)} in turn (SIGTERM, start, wait until ready)`, heal: () => this.rollingRestart(targets) };
    }
  }

  /** The restarts happen in the heal step, so the fault's start and end bracket them in the history. */
  private async rollingRestart(ids: readonly number[]): Promise<void> {
    const { cluster, log } = this.context;
    for (const id of ids) {
      await cluster.stopNode(id);
      await cluster.startNode(id);
      await cluster.waitReady([id], ROLLING_READY_TIMEOUT_MS).catch((error: unknown) => log(`nemesis: rolling restart goes on: ${String(error)}`));
    }
  }

  private async clearNetwork(ids: readonly number[]): Promise<void> {
    for (const id of ids) {
      // A node that is down has a fresh network namespace when it starts.
      if ((await this.context.cluster.state(id)).running) await clear(this.context.cluster, id);
    }
  }

  /** Every node running, unpaused, with no network fault. */
  async healAll(): Promise<void> {
    const { cluster } = this.context;
    for (const id of cluster.ids()) {
      await cluster.startNode(id);
      await clear(cluster, id);
    }
    this.context.history.record({ type: 'info', f: 'nemesis', process: 'nemesis', phase: 'heal', kind: 'all', detail: 'every node running, no network fault' });
  }
}
