/**
 * The chaos checker, in the spirit of Jepsen's Kafka queue workload. It reads
 * a history (history.ts) of one topic: unique values sent by producers,
 * polls by consumers, and a final read of every partition from its start.
 *
 * | anomaly | meaning | fails the run |
 * |---|---|---|
 * | lost | acknowledged, and absent from the final read | yes |
 * | duplicate | one value at more than one (partition, offset), over every read and acknowledgement | yes |
 * | inconsistent-offset | one (partition, offset) holding more than one value: two reads disagree, or the acknowledged offset holds another value | yes |
 * | nonmonotonic-send | one producer's acknowledged offsets on a partition, in the order it sent, fail to increase | yes |
 * | nonmonotonic-poll | one consumer, without a new assignment, is handed an offset at or below one it was handed before on that partition | yes |
 * | poll-skip | one consumer, without a new assignment, jumps over offsets on a partition; or the final read has a gap | yes |
 * | unseen | acknowledged and in the final read, but never handed to a consumer while the run went on | no: informational |
 *
 * A failed send is indeterminate (its value may have been written): it is
 * never lost, and its value may appear once.
 */
import type { Op, ReadRecord } from './history.js';

export const ANOMALY_KINDS = ['lost', 'duplicate', 'inconsistent-offset', 'nonmonotonic-send', 'nonmonotonic-poll', 'poll-skip', 'unseen'] as const;
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
  readonly recordsFinal: number;
  readonly partitionsFinal: number;
  readonly nemesisFaults: number;
}

export interface CheckResult {
  readonly counts: Readonly<Record<AnomalyKind, number>>;
  readonly examples: Readonly<Record<AnomalyKind, readonly string[]>>;
  readonly stats: CheckStats;
  /** Why the history cannot be judged (e.g. a partition with no final read); the run fails. */
  readonly incomplete: readonly string[];
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
 * Follows one reader through a partition: each offset must be the one after
 * the last (a skip) and above it (non-monotonic). `reset` forgets the last.
 */
class ReadOrder {
  private readonly last = new Map<string, { offset: number; value: string; op: number }>();

  constructor(private readonly tally: Tally) {}

  reset(process: string, partitions: readonly number[] | undefined): void {
    for (const key of [...this.last.keys()]) {
      const [owner, partition] = key.split('\u0000') as [string, string];
      if (owner === process && (partitions === undefined || partitions.includes(Number(partition)))) this.last.delete(key);
    }
  }

  see(process: string, [partition, offset, value]: ReadRecord, op: number): void {
    const key = `${process}\u0000${partition}`;
    const previous = this.last.get(key);
    if (previous !== undefined) {
      const where = `${process} on partition ${partition}: offset ${previous.offset} (${previous.value}, op ${previous.op}) then ${offset} (${value}, op ${op})`;
      if (offset <= previous.offset) this.tally.add('nonmonotonic-poll', () => where);
      else if (offset > previous.offset + 1) this.tally.add('poll-skip', () => `${where}: skipped ${offset - previous.offset - 1}`);
    }
    this.last.set(key, { offset, value, op });
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
  const pollOrder = new ReadOrder(tally);
  const stats = { sendsInvoked: 0, sendsFailed: 0, pollsOk: 0, recordsPolled: 0, recordsFinal: 0, nemesisFaults: 0 };

  for (const op of history) {
    switch (op.f) {
      case 'send':
        if (op.type === 'invoke') {
          stats.sendsInvoked++;
          invokedAt.set(op.value, op.index);
        } else if (op.type === 'ok') {
          answered.add(op.value);
          acked.set(op.value, { partition: op.partition, offset: op.offset, process: op.process, invokedAt: invokedAt.get(op.value) ?? op.index });
          note(op.partition, op.offset, op.value);
        } else {
          answered.add(op.value);
          stats.sendsFailed++;
        }
        break;
      case 'assign':
        pollOrder.reset(op.process, op.partitions);
        break;
      case 'poll':
        if (op.type !== 'ok') break;
        stats.pollsOk++;
        for (const record of op.records) {
          stats.recordsPolled++;
          polled.add(record[2]);
          note(...record);
          pollOrder.see(op.process, record, op.index);
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
        break;
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
  const valid = incomplete.length === 0 && ANOMALY_KINDS.every((kind) => INFORMATIONAL.has(kind) || counts[kind] === 0);
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
    valid,
  };
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

/** The first examples of each anomaly found, and why the history is incomplete, if it is. */
export function formatDetails(result: CheckResult): string {
  const lines: string[] = [];
  for (const kind of ANOMALY_KINDS) {
    if (result.counts[kind] === 0 || INFORMATIONAL.has(kind)) continue;
    lines.push(`${kind}:`, ...result.examples[kind].map((example) => `  ${example}`));
    if (result.counts[kind] > result.examples[kind].length) lines.push(`  … ${result.counts[kind] - result.examples[kind].length} more`);
  }
  for (const reason of result.incomplete) lines.push(`incomplete: ${reason}`);
  return lines.join('\n');
}
