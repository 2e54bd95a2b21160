/**
 * The nemesis schedule: which faults, in which order, how long each holds,
 * whom it aims at. It is drawn from the seed alone (with the run's duration,
 * node count and the kinds allowed), so a seed replays the same schedule.
 * What a fault aims at is fixed here as an order of node ordinals; a fault
 * aimed at a leader puts, when it starts, the current leader of a planned
 * partition first.
 *
 * Kinds are taken in seeded shuffles of every allowed kind, one shuffle after
 * another, so any run long enough for one round uses every kind; asked to
 * cover every kind, the schedule holds at least one whole round, however
 * short the run, and marks it required: it runs past the run's duration.
 *
 * The first pause of a schedule holds longer than the clients' request
 * timeout and aims at a leader: a client must go around a hung leader
 * rather than wait on it, and the run shows whether sends failed meanwhile.
 */
import { SeededRng } from '../../src/raft/rng.js';

export const NEMESIS_KINDS = [
  'kill',
  'pause',
  'partition-halves',
  'partition-leader',
  'partition-bridge',
  'partition-one-way',
  'loss',
  'slow',
  'rolling-restart',
] as const;
export type NemesisKind = (typeof NEMESIS_KINDS)[number];

export function isNemesisKind(name: string): name is NemesisKind {
  return (NEMESIS_KINDS as readonly string[]).includes(name);
}

export interface PlannedFault {
  /** Position in the schedule, from 1. */
  readonly step: number;
  readonly kind: NemesisKind;
  /** How long the fault holds before it heals; a rolling restart holds each node down only while it restarts. */
  readonly holdMs: number;
  /** Quiet time after it heals, before the next fault. */
  readonly gapMs: number;
  /** Ordinals in a seeded order; targets are taken from the front. */
  readonly order: readonly number[];
  /** Put the current leader of this partition first, if it has one when the fault starts. */
  readonly leaderOf?: number;
  /** kill, pause: how many nodes, always a minority. */
  readonly count?: number;
  /** partition-one-way: `in`, the first node hears nobody; `out`, nobody hears it. */
  readonly direction?: 'in' | 'out';
  /** loss: share of packets between nodes dropped, in percent. */
  readonly lossPercent?: number;
  /** slow: the first node's link rate, both ways. */
  readonly rateKbit?: number;
  /** Part of the round that covers every kind: runs even once the run's duration has passed. */
  readonly required?: true;
}

export interface ScheduleOptions {
  readonly seed: number;
  /** Length of the fault phase: faults are planned to fill it. */
  readonly durationMs: number;
  readonly nodes: number;
  /** Partitions of the workload's topic, whose leaders faults may aim at. */
  readonly partitions: number;
  readonly kinds: readonly NemesisKind[];
  /** Plan at least one round of every kind, however short durationMs is. */
  readonly everyKind?: boolean;
  /** The first pause holds longer than this (the clients' request timeout), by at least its drawn hold. */
  readonly pauseBeyondMs?: number;
}

/** [min, max] of each fault's hold, in ms. */
const HOLD_MS: Readonly<Record<NemesisKind, readonly [number, number]>> = {
  kill: [3_000, 12_000],
  pause: [3_000, 10_000],
  'partition-halves': [5_000, 15_000],
  'partition-leader': [5_000, 15_000],
  'partition-bridge': [5_000, 15_000],
  'partition-one-way': [5_000, 15_000],
  loss: [5_000, 15_000],
  slow: [5_000, 15_000],
  'rolling-restart': [0, 0],
};
const GAP_MS: readonly [number, number] = [3_000, 8_000];
/** For planning only: about how long a rolling restart takes per node. */
const ROLLING_RESTART_PER_NODE_MS = 8_000;
const LOSS_PERCENT: readonly [number, number] = [10, 40];
const RATES_KBIT: readonly number[] = [256, 512, 1024];
/** Kinds that may aim at a leader rather than at whoever comes first. */
const MAY_AIM_AT_LEADER: ReadonlySet<NemesisKind> = new Set(['kill', 'pause', 'partition-one-way', 'slow', 'partition-bridge']);

function between(rng: SeededRng, [min, max]: readonly [number, number]): number {
  return min + rng.int(max - min + 1);
}

function shuffled<T>(rng: SeededRng, items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

export function planSchedule(options: ScheduleOptions): PlannedFault[] {
  if (options.kinds.length === 0) return [];
  const rng = new SeededRng(options.seed);
  const ordinals = Array.from({ length: options.nodes }, (_, ordinal) => ordinal);
  const minorityMax = Math.floor((options.nodes - 1) / 2);
  const faults: PlannedFault[] = [];
  let round: NemesisKind[] = [];
  let longPausePlanned = false;
  for (let plannedMs = 0; plannedMs < options.durationMs || (options.everyKind === true && faults.length < options.kinds.length); ) {
    if (round.length === 0) round = shuffled(rng, options.kinds);
    const kind = round.shift()!;
    // Every fault draws the same numbers in the same order, whatever its kind, so the schedule's shape is stable.
    const drawnHoldMs = between(rng, HOLD_MS[kind]);
    const longPause: boolean = kind === 'pause' && options.pauseBeyondMs !== undefined && !longPausePlanned;
    longPausePlanned ||= longPause;
    const holdMs = longPause ? options.pauseBeyondMs! + drawnHoldMs : drawnHoldMs;
    const gapMs = between(rng, GAP_MS);
    const order = shuffled(rng, ordinals);
    const aim = rng.chance(0.5);
    const partition = rng.int(options.partitions);
    const count = 1 + rng.int(Math.max(1, minorityMax));
    const direction = rng.chance(0.5) ? 'in' : 'out';
    const lossPercent = between(rng, LOSS_PERCENT);
    const rateKbit = RATES_KBIT[rng.int(RATES_KBIT.length)]!;
    faults.push({
      step: faults.length + 1,
      kind,
      holdMs,
      gapMs,
      order,
      ...((kind === 'partition-leader' || longPause || (aim && MAY_AIM_AT_LEADER.has(kind))) && { leaderOf: partition }),
      ...((kind === 'kill' || kind === 'pause') && { count: Math.min(count, minorityMax) }),
      ...(kind === 'partition-one-way' && { direction }),
      ...(kind === 'loss' && { lossPercent }),
      ...(kind === 'slow' && { rateKbit }),
      ...(options.everyKind === true && faults.length < options.kinds.length && { required: true }),
    } as PlannedFault);
    plannedMs += (kind === 'rolling-restart' ? ROLLING_RESTART_PER_NODE_MS * options.nodes : holdMs) + gapMs;
  }
  return faults;
}

/** One line per fault, as the schedule is printed. */
export function describePlannedFault(fault: PlannedFault): string {
  const aim = fault.leaderOf === undefined ? `order ${fault.order.map((ordinal) => `cairn-${ordinal}`).join(',')}` : `leader of partition ${fault.leaderOf} first, then ${fault.order.map((ordinal) => `cairn-${ordinal}`).join(',')}`;
  const extra = [
    fault.count === undefined ? '' : `${fault.count} node(s)`,
    fault.direction === undefined ? '' : `direction ${fault.direction}`,
    fault.lossPercent === undefined ? '' : `${fault.lossPercent}% loss`,
    fault.rateKbit === undefined ? '' : `${fault.rateKbit} kbit/s`,
  ].filter((part) => part !== '');
  const hold = fault.kind === 'rolling-restart' ? 'each node in turn' : `hold ${(fault.holdMs / 1000).toFixed(1)} s`;
  const required = fault.required === true ? ' (required: every kind)' : '';
  return `#${fault.step} ${fault.kind}: ${hold}, then ${(fault.gapMs / 1000).toFixed(1)} s quiet; ${[...extra, aim].join('; ')}${required}`;
}
