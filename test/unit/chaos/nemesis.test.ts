/**
 * The nemesis and the run's phases over a fake cluster: a fault whose
 * injection throws is a harness error, its nodes are restored, later faults
 * still run, the final read still happens, and the checker gives its whole
 * table with the harness error apart.
 */
import { describe, expect, it } from 'vitest';
import { ANOMALY_KINDS, check, formatDetails, formatTable } from '../../chaos/checker.js';
import { History } from '../../chaos/history.js';
import type { Op } from '../../chaos/history.js';
import { Nemesis } from '../../chaos/nemesis.js';
import type { NemesisCluster } from '../../chaos/nemesis.js';
import type { Grudge, NetworkFaults } from '../../chaos/net-faults.js';
import { runPhases } from '../../chaos/phases.js';
import type { Bounds, RunWorkload } from '../../chaos/phases.js';
import type { NemesisKind, PlannedFault } from '../../chaos/schedule.js';

/** A cluster of processes that only exist as flags; every action is logged; `failing` makes one throw, `crashes` makes one bring a node down. */
class FakeCluster implements NemesisCluster, NetworkFaults {
  readonly nodes = [1, 2, 3, 4, 5].map((id) => ({ id }));
  readonly calls: string[] = [];
  private readonly running = new Set(this.ids());
  private readonly stopped = new Set<number>();
  private readonly cut = new Set<number>();

  constructor(
    /** Actions (e.g. 'pause n4') that throw. */
    private readonly failing: ReadonlySet<string> = new Set(),
    /** Action → node that exits on its own as it happens. */
    private readonly crashes: ReadonlyMap<string, number> = new Map(),
  ) {}

  private act(call: string): void {
    this.calls.push(call);
    if (this.failing.has(call)) throw new Error(`${call}: refused on this machine`);
    const crashed = this.crashes.get(call);
    if (crashed !== undefined) this.running.delete(crashed);
  }

  ids(): number[] {
    return this.nodes.map((node) => node.id);
  }

  async state(id: number): Promise<{ running: boolean; stopped: boolean; exitCode: number }> {
    return { running: this.running.has(id), stopped: this.stopped.has(id), exitCode: this.running.has(id) ? 0 : 137 };
  }

  async kill(id: number): Promise<void> {
    this.act(`kill n${id}`);
    this.running.delete(id);
    this.stopped.delete(id);
  }

  async startNode(id: number): Promise<void> {
    this.act(`start n${id}`);
    this.stopped.delete(id);
    this.running.add(id);
  }

  async stopNode(id: number): Promise<void> {
    this.act(`stop n${id}`);
    this.stopped.delete(id);
    this.running.delete(id);
  }

  async pause(id: number): Promise<string> {
    this.act(`pause n${id}`);
    this.stopped.add(id);
    return `SIGSTOP of 1 process (host pids ${1000 + id})`;
  }

  async resume(id: number): Promise<void> {
    this.act(`resume n${id}`);
    this.stopped.delete(id);
  }

  async waitReady(): Promise<void> {}

  async partition(grudge: Grudge): Promise<void> {
    for (const node of grudge.keys()) {
      this.act(`partition n${node}`);
      this.cut.add(node);
    }
  }

  async loss(node: number): Promise<void> {
    this.act(`loss n${node}`);
    this.cut.add(node);
  }

  async slow(node: number): Promise<string> {
    this.act(`slow n${node}`);
    this.cut.add(node);
    return `veth${node}`;
  }

  async clear(node: number): Promise<void> {
    this.act(`clear n${node}`);
    this.cut.delete(node);
  }

  /** Nodes not running, stopped, or with a network fault: what a heal must leave empty. */
  faulty(): number[] {
    return this.ids().filter((id) => !this.running.has(id) || this.stopped.has(id) || this.cut.has(id));
  }
}

const fault = (step: number, kind: NemesisKind, extra: Partial<PlannedFault> = {}): PlannedFault => ({ step, kind, holdMs: 0, gapMs: 0, order: [0, 1, 2, 3, 4], ...extra });

/** Pause of n1 and n2 (the second refused), then a kill and a partition of the leader. */
const schedule: readonly PlannedFault[] = [fault(1, 'pause', { count: 2 }), fault(2, 'kill', { count: 1 }), fault(3, 'partition-leader')];

function nemesisOver(cluster: FakeCluster, history: History): Nemesis {
  return new Nemesis({ cluster, network: cluster, history, leaders: async () => [], log: () => undefined });
}

const harnessErrors = (history: History): Op[] => history.ops.filter((op) => op.f === 'harness');

describe('nemesis: a fault that fails to start', () => {
  it('is a harness error in the history, its nodes are resumed, and the later faults still run', async () => {
    const cluster = new FakeCluster(new Set(['pause n2']));
    const history = new History();
    const nemesis = nemesisOver(cluster, history);

    expect(await nemesis.run(schedule, Infinity)).toBe(3);

    expect(harnessErrors(history)).toEqual([expect.objectContaining({ type: 'error', phase: 'start', kind: 'pause', step: 1, error: 'pause n2: refused on this machine' })]);
    // n1 was stopped before n2's pause failed: restoring the fault's nodes resumed it.
    expect(cluster.calls.indexOf('start n1')).toBeGreaterThan(cluster.calls.indexOf('pause n2'));
    expect(cluster.calls).toContain('kill n1');
    expect(cluster.calls).toContain('partition n1');
    expect([...nemesis.started]).toEqual([
      ['kill', 1],
      ['partition-leader', 1],
    ]);
    expect(cluster.faulty()).toEqual([]);
  });

  it('does not take a node it killed and could not start again for one that exited on its own', async () => {
    const cluster = new FakeCluster(new Set(['start n1']));
    const history = new History();
    const nemesis = nemesisOver(cluster, history);

    await nemesis.run([fault(1, 'kill'), fault(2, 'pause', { order: [1, 0, 2, 3, 4] })], Infinity);

    expect(harnessErrors(history).map((op) => op.f === 'harness' && `#${op.step} ${op.phase}`)).toEqual(['#1 heal', '#1 heal']);
    expect(cluster.calls).toContain('pause n2');
    expect(nemesis.started.get('pause')).toBe(1);
  });
});

describe('nemesis: healing', () => {
  it('goes on through every node when a step fails, and records each failure as a harness error', async () => {
    const cluster = new FakeCluster(new Set(['clear n2']));
    const history = new History();
    const nemesis = nemesisOver(cluster, history);

    await nemesis.run([fault(1, 'loss')], Infinity);
    await nemesis.healAll();

    expect(harnessErrors(history).map((op) => op.f === 'harness' && `${op.kind} ${op.phase}: ${op.error}`)).toEqual([
      'loss heal: clear n2: refused on this machine',
      'loss heal: clear n2: refused on this machine',
      'all heal: clear n2: refused on this machine',
    ]);
    expect(cluster.faulty()).toEqual([2]);
  });

  it('clears only the networks the nemesis touched', async () => {
    const cluster = new FakeCluster();
    const nemesis = nemesisOver(cluster, new History());

    await nemesis.run([fault(1, 'slow', { order: [2, 0, 1, 3, 4] }), fault(2, 'kill')], Infinity);
    await nemesis.healAll();

    expect(cluster.calls.filter((call) => call.startsWith('clear'))).toEqual(['clear n3']);
  });
});

/** Two producers' sends on two partitions, acknowledged as they go; the final read returns what was acknowledged. */
class FakeWorkload implements RunWorkload {
  readonly calls: string[] = [];
  private readonly log = new Map<number, string[]>([
    [0, []],
    [1, []],
  ]);

  constructor(private readonly history: History) {}

  start(): void {
    this.calls.push('start');
    for (let i = 0; i < 4; i++) {
      const partition = i % 2;
      const value = `p1-${i}`;
      this.history.record({ type: 'invoke', f: 'send', process: 'p1', value, partition });
      const offset = this.log.get(partition)!.push(value) - 1;
      this.history.record({ type: 'ok', f: 'send', process: 'p1', value, partition, offset });
    }
  }

  async stopProducers(): Promise<void> {
    this.calls.push('stopProducers');
  }

  async offsets(): Promise<Bounds> {
    return new Map([...this.log].map(([partition, values]) => [partition, { start: 0, end: values.length }]));
  }

  async stopConsumers(): Promise<void> {
    this.calls.push('stopConsumers');
  }

  async finalRead(bounds: Bounds): Promise<void> {
    this.calls.push('finalRead');
    for (const [partition, { start, end }] of bounds) {
      const records = this.log
        .get(partition)!
        .slice(start, end)
        .map((value, i) => [partition, start + i, value] as const);
      this.history.record({ type: 'ok', f: 'final-read', process: 'final', partition, startOffset: start, endOffset: end, records });
    }
  }
}

describe('run phases: a fault that fails to start', () => {
  it('are followed by the heal, the final read and a whole table with the harness error apart', async () => {
    const cluster = new FakeCluster(new Set(['pause n2']));
    const history = new History();
    const workload = new FakeWorkload(history);
    const nemesis = nemesisOver(cluster, history);

    const outcome = await runPhases({
      history,
      nemesis,
      workload,
      schedule,
      durationMs: 60_000,
      warmupMs: 0,
      consumerCatchUpMs: 0,
      recover: async () => ({}),
      strictRecovery: true,
      log: () => undefined,
    });

    expect(outcome).toEqual({ errors: [], warnings: [] });
    expect(workload.calls).toEqual(['start', 'stopProducers', 'stopConsumers', 'finalRead']);
    expect(cluster.faulty()).toEqual([]);
    const result = check(history.ops);
    // Every anomaly counted, none found; no consumer polled, so every value is unseen (which only informs).
    expect(result.counts).toEqual({ ...Object.fromEntries(ANOMALY_KINDS.map((kind) => [kind, 0])), unseen: 4 });
    expect(result.stats).toMatchObject({ sendsAcked: 4, recordsFinal: 4, partitionsFinal: 2, nemesisFaults: 2 });
    expect(result.incomplete).toEqual([]);
    expect(result.harnessErrors).toEqual(['#1 pause, starting: pause n2: refused on this machine']);
    expect(result.valid).toBe(false);
    expect(formatTable(result).split('\n')).toHaveLength(ANOMALY_KINDS.length + 2);
    expect(formatDetails(result)).toBe('harness error: #1 pause, starting: pause n2: refused on this machine');
  });

  it('still heal and read everything when a node exits on its own, and say why the faults stopped', async () => {
    // n3 exits on its own while n1's link is slowed, before the second fault.
    const cluster = new FakeCluster(new Set(), new Map([['slow n1', 3]]));
    const history = new History();
    const workload = new FakeWorkload(history);
    const nemesis = nemesisOver(cluster, history);

    const outcome = await runPhases({
      history,
      nemesis,
      workload,
      schedule: [fault(1, 'slow'), fault(2, 'loss')],
      durationMs: 60_000,
      warmupMs: 0,
      consumerCatchUpMs: 0,
      recover: async () => ({}),
      strictRecovery: true,
      log: () => undefined,
    });

    expect(outcome.errors).toEqual(['faults stopped: node 3 exited on its own (exit code 137); see node-3.log']);
    expect(workload.calls).toContain('finalRead');
    expect(cluster.faulty()).toEqual([]);
    expect(check(history.ops).valid).toBe(true);
  });
});

describe('nemesis: a fault that fails to heal', () => {
  it('is a harness error, and its nodes are restored another way', async () => {
    const cluster = new FakeCluster(new Set(['resume n1']));
    const history = new History();
    const nemesis = nemesisOver(cluster, history);

    await nemesis.run([fault(1, 'pause'), fault(2, 'kill')], Infinity);

    expect(harnessErrors(history)).toEqual([expect.objectContaining({ phase: 'heal', kind: 'pause', step: 1, error: 'resume n1: refused on this machine' })]);
    expect(history.ops.filter((op) => op.f === 'nemesis' && op.phase === 'heal').map((op) => op.f === 'nemesis' && op.detail)).toEqual([
      expect.stringMatching(/^#1 restored after a failed heal/),
      expect.stringMatching(/^#2 healed/),
    ]);
    expect(cluster.faulty()).toEqual([]);
  });
});
