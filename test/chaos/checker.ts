/**
 * The chaos checker, in the spirit of Jepsen's Kafka queue workload. It reads
 * a history (history.ts) of one topic: unique values sent by producers,
 * polls and commits by the consumers of one group, and a final read of every
 * partition from its start.
 *
 * | anomaly | meaning | fails the run |
 * |---|---|---|
 * | lost | acknowledged, and absent from the final read | yes |
 * | duplicate | one value at more than one (partition, offset), over every read and acknowledgement | yes |
 * | inconsistent-offset | one (partition, offset) holding more than one value: two reads disagree, or the acknowledged offset holds another value | yes |
 * | nonmonotonic-send | one producer's acknowledged offsets on a partition, in the order it sent, fail to increase | yes |
 * | nonmonotonic-poll | one consumer, within one assignment of a partition, is handed an offset at or below one it was handed before | yes |
 * | poll-skip | one consumer, within one assignment of a partition, jumps over offsets; or the final read has a gap | yes |
 * | commit-backwards | the group's committed offset of a partition goes back: a commit acknowledged below one acknowledged before it was made, or an assignment read from below one acknowledged before it began | yes |
 * | poll-unassigned | a consumer is handed a record of a partition it does not hold: never assigned, or revoked, lost or left and not assigned again | yes |
 * | unseen | acknowledged and in the final read, but never handed to a consumer while the run went on | no: informational |
 *
 * A failed send is indeterminate (its value may have been written): it is
 * never lost, and its value may appear once. A failed commit constrains
 * nothing.
 *
 * Apart from the anomalies, the checker lists the harness's errors (a fault
 * it failed to start or heal): they are no fault of the log, but a run with
 * one cannot pass. And it counts the sends in flight while a node was paused
 * and those of them that failed: a client should go around a hung node.
 */
import type { CommitOffset, Op, ReadRecord } from './history.js';

export const ANOMALY_KINDS = [
  'lost',
  'duplicate',
  'inconsistent-offset',
  'nonmonotonic-send',
  'nonmonotonic-poll',
  'poll-skip',
  'commit-backwards',
  'poll-unassigned',
  'unseen',
] as const;
export type AnomalyKind = (typeof ANOMALY_KINDS)[number];

/** Kinds that only inform: a slow consumer is not a broken log. */
export const INFORMATIONAL: ReadonlySet<AnomalyKind> = new Set(['unseen']);

/** Examples kept per kind, for the report. */
const EXAMPLES_MAX = 5;

export interface CheckStats {
  readonly sendsInvoked: number;
  readonly sendsAcked: number;
  /** Failed sends: indeterminate. */
  readonly sendsFailed: number;
  /** Sends never answered before the history ended. */
  readonly sendsPending: number;
  readonly pollsOk: number;
  readonly recordsPolled: number;
  /** Partitions handed to a consumer, taken back (revoked), and lost (taken back without a commit). */
  readonly partitionsAssigned: number;
  readonly partitionsRevoked: number;
  readonly partitionsLost: number;
  readonly commitsAcked: number;
  readonly commitsFailed: number;
  readonly recordsFinal: number;
  readonly partitionsFinal: number;
  readonly nemesisFaults: number;
}

/** The pauses that ran, and the sends they caught. */
export interface PauseStats {
  readonly count: number;
  readonly longestMs: number;
  /** Sends invoked before a pause healed and answered (or never) after it started. */
  readonly sendsInFlight: number;
  /** Those of them that failed. */
  readonly sendsFailed: number;
}

export interface CheckResult {
  readonly counts: Readonly<Record<AnomalyKind, number>>;
  readonly examples: Readonly<Record<AnomalyKind, readonly string[]>>;
  readonly stats: CheckStats;
  /** Why the history cannot be judged (e.g. a partition with no final read); the run fails. */
  readonly incomplete: readonly string[];
  /** Faults the harness failed to start or heal, one line each; the run fails, though no anomaly is counted. */
  readonly harnessErrors: readonly string[];
  readonly pauses: PauseStats;
  /** No failing anomaly, a complete history, and no harness error. */
  readonly valid: boolean;
}

type Position = `${number}/${number}`;
const position = (partition: number, offset: number): Position => `${partition}/${offset}`;

class Tally {
  readonly counts = Object.fromEntries(ANOMALY_KINDS.map((kind) => [kind, 0])) as Record<AnomalyKind, number>;
  readonly examples = Object.fromEntries(ANOMALY_KINDS.map((kind) => [kind, [] as string[]])) as Record<AnomalyKind, string[]>;

  add(kind: AnomalyKind, example: () => string): void {
    this.counts[kind]++;
    if (this.examples[kind].length < EXAMPLES_MAX) this.examples[kind].push(example());
  }
}

/**
 * Follows each reader through each partition: each offset must be the one
 * after the last (else a skip) and above it (else non-monotonic). `reset`
 * forgets the last: a new assignment may start anywhere.
 */
class ReadOrder {
  /** Per reader, per partition: the last record handed out. */
  private readonly last = new Map<string, Map<number, { offset: number; value: string; op: number }>>();

  constructor(private readonly tally: Tally) {}

  reset(process: string, partitions: readonly number[]): void {
    for (const partition of partitions) this.last.get(process)?.delete(partition);
  }

  see(process: string, [partition, offset, value]: ReadRecord, op: number): void {
    let reader = this.last.get(process);
    if (reader === undefined) this.last.set(process, (reader = new Map()));
    const previous = reader.get(partition);
    if (previous !== undefined) {
      const where = `${process} on partition ${partition}: offset ${previous.offset} (${previous.value}, op ${previous.op}) then ${offset} (${value}, op ${op})`;
      if (offset <= previous.offset) this.tally.add('nonmonotonic-poll', () => where);
      else if (offset > previous.offset + 1) this.tally.add('poll-skip', () => `${where}: skipped ${offset - previous.offset - 1}`);
    }
    reader.set(partition, { offset, value, op });
  }
}

/** The partitions each consumer holds, from its assignment changes; records of any other are handed out in error. */
class Holdings {
  /** Per consumer, per partition held: the op that assigned it. */
  private readonly held = new Map<string, Map<number, number>>();
  /** Per consumer, per partition given up: how (revoked, lost, left) and at which op, for the report. */
  private readonly gone = new Map<string, Map<number, string>>();

  constructor(private readonly tally: Tally) {}

  assigned(process: string, partitions: readonly number[], op: number): void {
    const held = this.of(this.held, process);
    for (const partition of partitions) held.set(partition, op);
  }

  /** Revoked or lost; with no partitions named, every one (the consumer left the group). */
  dropped(process: string, how: string, op: number, partitions?: readonly number[]): void {
    const held = this.of(this.held, process);
    const gone = this.of(this.gone, process);
    for (const partition of partitions ?? [...held.keys()]) {
      held.delete(partition);
      gone.set(partition, `${how} at op ${op}`);
    }
  }

  see(process: string, [partition, offset, value]: ReadRecord, op: number): void {
    if (this.held.get(process)?.has(partition) === true) return;
    const why = this.gone.get(process)?.get(partition) ?? 'never assigned';
    this.tally.add('poll-unassigned', () => `${process} was handed partition ${partition} offset ${offset} (${value}, op ${op}) while not holding it (${why})`);
  }

  private of<V>(byProcess: Map<string, Map<number, V>>, process: string): Map<number, V> {
    let map = byProcess.get(process);
    if (map === undefined) byProcess.set(process, (map = new Map()));
    return map;
  }
}

/** A commit acknowledged at `offset` by the op at index `op`. */
interface Acknowledged {
  readonly offset: number;
  readonly op: number;
}

/**
 * The group's committed offsets as acknowledged, per partition the highest.
 * An acknowledged commit is durable, and a partition moves to a member only
 * once its previous owner let it go, after which that owner's commits are
 * refused. So a commit is never acknowledged below one acknowledged before
 * it was made, and an assignment never reads from below one acknowledged
 * before it began.
 */
class CommittedOffsets {
  /** Per partition, the highest offset a commit was acknowledged at, and the op that did. */
  private readonly highest = new Map<number, Acknowledged>();
  /** Per consumer (one commit at a time each): the highest acknowledged when its commit was made. */
  private readonly pending = new Map<string, Map<number, Acknowledged>>();
  /** Per consumer, per partition assigned and not read from yet: the highest acknowledged when it was assigned. */
  private readonly floors = new Map<string, Map<number, Acknowledged>>();

  constructor(private readonly tally: Tally) {}

  invoke(process: string, offsets: readonly CommitOffset[]): void {
    this.pending.set(process, this.acknowledged(offsets.map(([partition]) => partition)));
  }

  ok(process: string, offsets: readonly CommitOffset[], op: number): void {
    const before = this.pending.get(process);
    this.pending.delete(process);
    for (const [partition, offset] of offsets) {
      const earlier = before?.get(partition);
      if (earlier !== undefined && offset < earlier.offset) {
        this.tally.add('commit-backwards', () => `${process} committed partition ${partition} at ${offset} (op ${op}) after ${earlier.offset} was acknowledged (op ${earlier.op})`);
      }
      if (offset > (this.highest.get(partition)?.offset ?? -1)) this.highest.set(partition, { offset, op });
    }
  }

  fail(process: string): void {
    this.pending.delete(process);
  }

  assigned(process: string, partitions: readonly number[]): void {
    let floors = this.floors.get(process);
    if (floors === undefined) this.floors.set(process, (floors = new Map()));
    for (const [partition, floor] of this.acknowledged(partitions)) floors.set(partition, floor);
  }

  /** The first record of an assignment must not be below its floor. */
  see(process: string, [partition, offset, value]: ReadRecord, op: number): void {
    const floors = this.floors.get(process);
    const floor = floors?.get(partition);
    if (floor === undefined) return;
    floors!.delete(partition);
    if (offset < floor.offset) {
      this.tally.add('commit-backwards', () => `${process} resumed partition ${partition} at ${offset} (${value}, op ${op}), below ${floor.offset} acknowledged before it was assigned (op ${floor.op})`);
    }
  }

  private acknowledged(partitions: readonly number[]): Map<number, Acknowledged> {
    const out = new Map<number, Acknowledged>();
    for (const partition of partitions) {
      const highest = this.highest.get(partition);
      if (highest !== undefined) out.set(partition, highest);
    }
    return out;
  }
}

export function check(history: readonly Op[]): CheckResult {
  const tally = new Tally();
  const incomplete: string[] = [];
  /** Every value seen at each position, by reads and acknowledgements. */
  const valuesAt = new Map<Position, Set<string>>();
  /** Every position each value was seen at. */
  const positionsOf = new Map<string, Set<Position>>();
  const note = (partition: number, offset: number, value: string): void => {
    const at = position(partition, offset);
    let values = valuesAt.get(at);
    if (values === undefined) valuesAt.set(at, (values = new Set()));
    values.add(value);
    let positions = positionsOf.get(value);
    if (positions === undefined) positionsOf.set(value, (positions = new Set()));
    positions.add(at);
  };

  const acked = new Map<string, { partition: number; offset: number; process: string; invokedAt: number }>();
  const invokedAt = new Map<string, number>();
  const answered = new Set<string>();
  const polled = new Set<string>();
  const finalValues = new Set<string>();
  const finalPartitions = new Set<number>();
  const harnessErrors: string[] = [];
  /** Per send value: when it was invoked and answered, and whether it failed, in history time. */
  const sendTimes = new Map<string, { invoked: number; answered?: number; failed: boolean }>();
  const pauses = new PauseWindows();
  const pollOrder = new ReadOrder(tally);
  const committed = new CommittedOffsets(tally);
  const holdings = new Holdings(tally);
  const stats = {
    sendsInvoked: 0,
    sendsFailed: 0,
    pollsOk: 0,
    recordsPolled: 0,
    partitionsAssigned: 0,
    partitionsRevoked: 0,
    partitionsLost: 0,
    commitsAcked: 0,
    commitsFailed: 0,
    recordsFinal: 0,
    nemesisFaults: 0,
  };

  for (const op of history) {
    switch (op.f) {
      case 'send':
        if (op.type === 'invoke') {
          stats.sendsInvoked++;
          invokedAt.set(op.value, op.index);
          sendTimes.set(op.value, { invoked: op.time, failed: false });
        } else if (op.type === 'ok') {
          sendTimes.set(op.value, { invoked: sendTimes.get(op.value)?.invoked ?? op.time, answered: op.time, failed: false });
          answered.add(op.value);
          acked.set(op.value, { partition: op.partition, offset: op.offset, process: op.process, invokedAt: invokedAt.get(op.value) ?? op.index });
          note(op.partition, op.offset, op.value);
        } else {
          sendTimes.set(op.value, { invoked: sendTimes.get(op.value)?.invoked ?? op.time, answered: op.time, failed: true });
          answered.add(op.value);
          stats.sendsFailed++;
        }
        break;
      case 'assigned':
        stats.partitionsAssigned += op.partitions.length;
        pollOrder.reset(op.process, op.partitions);
        committed.assigned(op.process, op.partitions);
        holdings.assigned(op.process, op.partitions, op.index);
        break;
      case 'revoked':
        stats.partitionsRevoked += op.partitions.length;
        holdings.dropped(op.process, 'revoked', op.index, op.partitions);
        break;
      case 'lost':
        stats.partitionsLost += op.partitions.length;
        holdings.dropped(op.process, 'lost', op.index, op.partitions);
        break;
      case 'left':
        holdings.dropped(op.process, 'left the group', op.index);
        break;
      case 'commit':
        if (op.type === 'invoke') {
          committed.invoke(op.process, op.offsets);
        } else if (op.type === 'ok') {
          stats.commitsAcked++;
          committed.ok(op.process, op.offsets, op.index);
        } else {
          stats.commitsFailed++;
          committed.fail(op.process);
        }
        break;
      case 'poll':
        if (op.type !== 'ok') break;
        stats.pollsOk++;
        for (const record of op.records) {
          stats.recordsPolled++;
          polled.add(record[2]);
          note(...record);
          pollOrder.see(op.process, record, op.index);
          committed.see(op.process, record, op.index);
          holdings.see(op.process, record, op.index);
        }
        break;
      case 'final-read': {
        finalPartitions.add(op.partition);
        const finalOrder = new ReadOrder(tally);
        const first = op.records[0]?.[1] ?? op.endOffset;
        if (first > op.startOffset) tally.add('poll-skip', () => `final read of partition ${op.partition} began at ${first}, after its start offset ${op.startOffset}`);
        let next = first;
        for (const record of op.records) {
          stats.recordsFinal++;
          finalValues.add(record[2]);
          note(...record);
          finalOrder.see(op.process, record, op.index);
          next = record[1] + 1;
        }
        if (next < op.endOffset) tally.add('poll-skip', () => `final read of partition ${op.partition} stopped at ${next}, before its end offset ${op.endOffset}`);
        break;
      }
      case 'nemesis':
        if (op.phase === 'start') stats.nemesisFaults++;
        pauses.see(op);
        break;
      case 'harness': {
        const which = op.step === undefined ? `healing every node (${op.kind})` : `#${op.step} ${op.kind}, ${op.phase === 'start' ? 'starting' : 'healing'}`;
        harnessErrors.push(`${which}: ${op.error}`);
        break;
      }
    }
  }

  const sentPartitions = new Set([...acked.values()].map(({ partition }) => partition));
  for (const partition of sentPartitions) {
    if (!finalPartitions.has(partition)) incomplete.push(`partition ${partition} has acknowledged sends but no final read`);
  }

  for (const [value, { partition, offset }] of acked) {
    if (!finalPartitions.has(partition)) continue;
    if (!finalValues.has(value)) tally.add('lost', () => `${value}: acknowledged at ${partition}/${offset}, absent from the final read`);
    else if (!polled.has(value)) tally.add('unseen', () => `${value} at ${partition}/${offset}`);
  }
  for (const [value, positions] of positionsOf) {
    if (positions.size > 1) tally.add('duplicate', () => `${value} at ${[...positions].join(', ')}`);
  }
  for (const [at, values] of valuesAt) {
    if (values.size > 1) tally.add('inconsistent-offset', () => `${at} holds ${[...values].join(', ')}`);
  }
  checkSendOrder(acked, tally);

  const counts = tally.counts;
  const valid = incomplete.length === 0 && harnessErrors.length === 0 && ANOMALY_KINDS.every((kind) => INFORMATIONAL.has(kind) || counts[kind] === 0);
  return {
    counts,
    examples: tally.examples,
    stats: {
      ...stats,
      sendsAcked: acked.size,
      sendsPending: stats.sendsInvoked - answered.size,
      partitionsFinal: finalPartitions.size,
    },
    incomplete,
    harnessErrors,
    pauses: pauses.stats(sendTimes.values(), history.at(-1)?.time ?? 0),
    valid,
  };
}

/** The time each pause held: from its start to its heal, or to the heal of everything, or to the end of the history. */
class PauseWindows {
  private readonly windows: { start: number; end: number }[] = [];
  /** Started and not healed yet, by step. */
  private readonly open = new Map<number, number>();

  see(op: Extract<Op, { f: 'nemesis' }>): void {
    if (op.phase === 'start' && op.kind === 'pause' && op.step !== undefined) {
      this.open.set(op.step, op.time);
    } else if (op.phase === 'heal' && (op.kind === 'pause' || op.kind === 'all')) {
      for (const [step, start] of this.open) {
        if (op.kind === 'all' || op.step === step) {
          this.windows.push({ start, end: op.time });
          this.open.delete(step);
        }
      }
    }
  }

  stats(sends: Iterable<{ invoked: number; answered?: number; failed: boolean }>, endOfHistory: number): PauseStats {
    const windows = [...this.windows, ...[...this.open.values()].map((start) => ({ start, end: endOfHistory }))];
    let sendsInFlight = 0;
    let sendsFailed = 0;
    for (const send of sends) {
      const answered = send.answered ?? Infinity;
      if (!windows.some(({ start, end }) => send.invoked < end && answered > start)) continue;
      sendsInFlight++;
      if (send.failed) sendsFailed++;
    }
    return { count: windows.length, longestMs: Math.max(0, ...windows.map(({ start, end }) => end - start)), sendsInFlight, sendsFailed };
  }
}

/** Per producer and partition, acknowledged offsets in the order the sends were invoked must increase. */
function checkSendOrder(acked: ReadonlyMap<string, { partition: number; offset: number; process: string; invokedAt: number }>, tally: Tally): void {
  const streams = new Map<string, { value: string; offset: number; invokedAt: number }[]>();
  for (const [value, { partition, offset, process, invokedAt }] of acked) {
    const key = `${process} on partition ${partition}`;
    let stream = streams.get(key);
    if (stream === undefined) streams.set(key, (stream = []));
    stream.push({ value, offset, invokedAt });
  }
  for (const [key, stream] of streams) {
    stream.sort((a, b) => a.invokedAt - b.invokedAt);
    for (let i = 1; i < stream.length; i++) {
      const [before, after] = [stream[i - 1]!, stream[i]!];
      if (after.offset <= before.offset) {
        tally.add('nonmonotonic-send', () => `${key}: ${before.value} at ${before.offset}, then ${after.value} at ${after.offset}`);
      }
    }
  }
}

/** One table: each anomaly, its count, and whether it fails the run. */
export function formatTable(result: CheckResult): string {
  const rows = ANOMALY_KINDS.map((kind) => [kind, String(result.counts[kind]), INFORMATIONAL.has(kind) ? 'no' : 'yes']);
  const header = ['anomaly', 'count', 'fails'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: readonly string[]): string => cells.map((cell, column) => (column === 1 ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join('  ').trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

/** The first examples of each anomaly found, why the history is incomplete, if it is, and each harness error. */
export function formatDetails(result: CheckResult): string {
  const lines: string[] = [];
  for (const kind of ANOMALY_KINDS) {
    if (result.counts[kind] === 0 || INFORMATIONAL.has(kind)) continue;
    lines.push(`${kind}:`, ...result.examples[kind].map((example) => `  ${example}`));
    if (result.counts[kind] > result.examples[kind].length) lines.push(`  … ${result.counts[kind] - result.examples[kind].length} more`);
  }
  for (const reason of result.incomplete) lines.push(`incomplete: ${reason}`);
  for (const error of result.harnessErrors) lines.push(`harness error: ${error}`);
  return lines.join('\n');
}
