/**
 * Carries out a nemesis schedule (schedule.ts) on a cluster, one fault at a
 * time: start it, hold it, heal it, stay quiet, go on. Every step goes into
 * the history.
 *
 * A fault that fails to start or to heal (a command this machine refuses, a
 * node that will not start) is an error of the harness, not of the cluster:
 * it goes into the history as such, every node the fault aimed at is
 * restored (started, resumed, its network cleared), and the schedule goes
 * on, so the run still ends with its final read and its verdict. healAll()
 * restores every node; the run calls it after the last fault and on any
 * error. Neither throws.
 *
 * The nemesis sees the cluster only through NemesisCluster and
 * NetworkFaults, so the unit tests run it over a fake.
 */
import type { History } from './history.js';
import type { NetworkFaults } from './net-faults.js';
import { cut, describeGrudge } from './net-faults.js';
import type { PlannedFault } from './schedule.js';
import { describePlannedFault } from './schedule.js';

/** How long a node restarted in a rolling restart may take to be ready before the restart goes on regardless. */
const ROLLING_READY_TIMEOUT_MS = 90_000;

/** What the nemesis does to the nodes' processes; DockerCluster is one. */
export interface NemesisCluster {
  /** In StatefulSet order: a schedule names nodes by ordinal. */
  readonly nodes: readonly { readonly id: number }[];
  ids(): number[];
  /** `stopped`: paused by this cluster, which Docker still reports as running. */
  state(id: number): Promise<{ readonly running: boolean; readonly stopped: boolean; readonly exitCode: number }>;
  kill(id: number, signal: 'SIGKILL' | 'SIGTERM'): Promise<void>;
  /** Resumes a paused node; starts one that is not running. */
  startNode(id: number): Promise<void>;
  stopNode(id: number): Promise<void>;
  /** Stops every process of the node; returns how, for the log. */
  pause(id: number): Promise<string>;
  resume(id: number): Promise<void>;
  waitReady(ids: readonly number[], timeoutMs: number): Promise<void>;
}

export interface NemesisContext {
  readonly cluster: NemesisCluster;
  readonly network: NetworkFaults;
  readonly history: History;
  /** The current leader of each partition of the workload's topic (undefined: none known). */
  readonly leaders: () => Promise<readonly (number | undefined)[]>;
  readonly log: (line: string) => void;
}

interface ActiveFault {
  readonly detail: string;
  heal(): Promise<void>;
}

/** Which fault a harness error belongs to: a step of the schedule, or the heal of everything. */
type FaultRef = Pick<PlannedFault, 'kind' | 'step'> | { readonly kind: 'all'; readonly step?: undefined };

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export class Nemesis {
  /** Faults started, by kind (a fault that failed to start is not counted). */
  readonly started = new Map<string, number>();
  /** Nodes the nemesis took down and has not started again: not running, and not exited on their own. */
  private readonly down = new Set<number>();
  /** Nodes whose network the nemesis has touched (or tried to) since it last cleared it: the only ones a heal clears. */
  private readonly touchedNetwork = new Set<number>();

  constructor(private readonly context: NemesisContext) {}

  /**
   * Runs faults in order until the schedule ends or `deadline` (a time of
   * history.now()) passes; a fault started before it runs to its end, and a
   * fault marked `required` runs past it. Returns how many faults ran.
   */
  async run(schedule: readonly PlannedFault[], deadline: number, stopped: () => boolean = () => false): Promise<number> {
    let ran = 0;
    for (const fault of schedule) {
      if ((this.context.history.now() >= deadline && fault.required !== true) || stopped()) break;
      await this.runOne(fault);
      ran++;
      await sleep(fault.gapMs);
    }
    return ran;
  }

  /** Starts, holds and heals one fault. Throws only if a node exited on its own before it. */
  async runOne(fault: PlannedFault): Promise<void> {
    const { history, log } = this.context;
    await this.checkRunning();
    const targets = await this.targets(fault);
    log(`nemesis: ${describePlannedFault(fault)}`);
    let active: ActiveFault;
    try {
      active = await this.start(fault, targets);
    } catch (error) {
      this.harnessError(fault, 'start', error);
      await this.restore(fault, targets);
      return;
    }
    this.started.set(fault.kind, (this.started.get(fault.kind) ?? 0) + 1);
    history.record({ type: 'info', f: 'nemesis', process: 'nemesis', phase: 'start', kind: fault.kind, step: fault.step, detail: `#${fault.step} ${active.detail}` });
    log(`nemesis: #${fault.step} started: ${active.detail}`);
    await sleep(fault.holdMs);
    // What the fault did to leadership, seen from the clients' side just before it heals.
    const during = await this.describeLeaders();
    let how = 'healed';
    try {
      await active.heal();
    } catch (error) {
      this.harnessError(fault, 'heal', error);
      await this.restore(fault, targets);
      how = 'restored after a failed heal';
    }
    history.record({ type: 'info', f: 'nemesis', process: 'nemesis', phase: 'heal', kind: fault.kind, step: fault.step, detail: `#${fault.step} ${how}; leaders before the heal: ${during}` });
    log(`nemesis: #${fault.step} ${how}; leaders before the heal: ${during}`);
  }

  private async describeLeaders(): Promise<string> {
    const leaders = await this.context.leaders().catch(() => undefined);
    return leaders === undefined ? 'unknown' : leaders.map((leader, partition) => `p${partition}=${leader === undefined ? '-' : `n${leader}`}`).join(' ');
  }

  /**
   * Every node the nemesis has not taken down must be running: one that is
   * not has exited on its own. A paused node counts as running (its
   * container is), so a pause is never mistaken for an exit.
   */
  async checkRunning(): Promise<void> {
    const { cluster } = this.context;
    for (const id of cluster.ids()) {
      if (this.down.has(id)) continue;
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
    const { cluster, network, log } = this.context;
    const [first, ...rest] = targets as [number, ...number[]];
    const names = (ids: readonly number[]): string => ids.map((id) => `n${id}`).join(',');
    const leaderNote = fault.leaderOf === undefined ? '' : ` (aimed at the leader of partition ${fault.leaderOf})`;
    const touch = (ids: Iterable<number>): void => {
      for (const id of ids) this.touchedNetwork.add(id);
    };
    const partitioned = async (grudge: Map<number, number[]>, what: string): Promise<ActiveFault> => {
      touch(grudge.keys());
      await network.partition(grudge);
      return { detail: `${what}: ${describeGrudge(grudge)}`, heal: () => this.clearNetwork([...grudge.keys()]) };
    };
    switch (fault.kind) {
      case 'kill': {
        const victims = targets.slice(0, fault.count ?? 1);
        for (const id of victims) {
          this.down.add(id);
          await cluster.kill(id, 'SIGKILL');
        }
        return {
          detail: `SIGKILL ${names(victims)}${leaderNote}`,
          heal: async () => {
            for (const id of victims) await this.startNode(id);
          },
        };
      }
      case 'pause': {
        const victims = targets.slice(0, fault.count ?? 1);
        for (const id of victims) log(`nemesis: #${fault.step} pause n${id}: ${await cluster.pause(id)}`);
        return {
          detail: `pause ${names(victims)}${leaderNote}`,
          heal: async () => {
            for (const id of victims) await cluster.resume(id);
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
        touch(grudge.keys());
        await network.partition(grudge);
        const how = fault.direction === 'out' ? `nobody hears n${first}` : `n${first} hears nobody`;
        return { detail: `one way: ${how}${leaderNote}`, heal: () => this.clearNetwork([...grudge.keys()]) };
      }
      case 'loss': {
        const percent = fault.lossPercent ?? 20;
        touch(targets);
        for (const id of targets) await network.loss(id, targets.filter((peer) => peer !== id), percent);
        return { detail: `${percent}% loss between all nodes`, heal: () => this.clearNetwork(targets) };
      }
      case 'slow': {
        const rate = fault.rateKbit ?? 512;
        touch([first]);
        const veth = await network.slow(first, rate);
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
      this.down.add(id);
      await cluster.stopNode(id);
      await this.startNode(id);
      await cluster.waitReady([id], ROLLING_READY_TIMEOUT_MS).catch((error: unknown) => log(`nemesis: rolling restart goes on: ${String(error)}`));
    }
  }

  private async startNode(id: number): Promise<void> {
    await this.context.cluster.startNode(id);
    this.down.delete(id);
  }

  private async clearNetwork(ids: readonly number[]): Promise<void> {
    for (const id of ids) {
      if (!this.touchedNetwork.has(id)) continue;
      // A node that is down has a fresh network namespace when it starts.
      if ((await this.context.cluster.state(id)).running) await this.context.network.clear(id);
      this.touchedNetwork.delete(id);
    }
  }

  /**
   * Each node running, resumed and with no network fault, each step tried on
   * each node whatever failed before it; a step that fails is a harness
   * error. Returns how many failed.
   */
  private async restore(fault: FaultRef, ids: readonly number[]): Promise<number> {
    let failures = 0;
    const attempt = async (action: () => Promise<void>): Promise<void> => {
      await action().catch((error: unknown) => {
        failures++;
        this.harnessError(fault, 'heal', error);
      });
    };
    for (const id of ids) {
      await attempt(() => this.startNode(id));
      await attempt(() => this.clearNetwork([id]));
    }
    return failures;
  }

  private harnessError(fault: FaultRef, phase: 'start' | 'heal', error: unknown): void {
    const { history, log } = this.context;
    history.record({ type: 'error', f: 'harness', process: 'nemesis', phase, kind: fault.kind, ...(fault.step !== undefined && { step: fault.step }), error: message(error) });
    const which = fault.step === undefined ? 'healing every node' : `#${fault.step} ${fault.kind}, ${phase === 'start' ? 'starting' : 'healing'}`;
    log(`nemesis: harness error (${which}): ${message(error)}; going on`);
  }

  /** Every node running, resumed, with no network fault. Never throws: a step that fails is a harness error. */
  async healAll(): Promise<void> {
    const failures = await this.restore({ kind: 'all' }, this.context.cluster.ids());
    const detail = failures === 0 ? 'every node running, no network fault' : `${failures} step(s) failed: harness errors`;
    this.context.history.record({ type: 'info', f: 'nemesis', process: 'nemesis', phase: 'heal', kind: 'all', detail });
  }
}
