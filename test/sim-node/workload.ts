/**
 * Clients of the simulated cluster. Producers are idempotent: each sends
 * its batches in sequence, one at a time, through the real produce path
 * (PartitionFrontend.untilElectionSettles, then append); a request or its
 * answer may be lost, so a producer that hears nothing within its timeout,
 * or hears NOT_LEADER, sends the same (producer, sequence) again, to the
 * leader named or to another node. Readers read a partition from a random
 * offset on a random running node through the real PartitionReader.
 */
import { CairnError } from '../../src/client/errors.js';
import type { ReadResult } from '../../src/partition/partition-reader.js';
import type { NodeId, SeededRng } from '../../src/raft/index.js';
import { encodeBatch, splitBatches } from '../../src/records/index.js';
import type { GroupId } from '../../src/storage/types.js';
import type { Checker, FinalRead } from './checker.js';
import { batchName, causedBy } from './checker.js';
import { SimulatedSyncFailure } from './sim-disk.js';
import type { SimNode } from './sim-node.js';
import type { World } from './world.js';

/** How long the produce path may wait for an election to settle (the data service's wait). */
const ELECTION_WAIT_MS = 50;
/** A request's one-way trip, µs. */
const REQUEST_US_MAX = 2_000;
/** A producer gives up waiting for an answer after this long, µs. */
const REQUEST_TIMEOUT_US = 300_000;
/** Pause before a retry after NOT_LEADER, and between batches, µs. */
const BACKOFF_US = 5_000;
/** A reader's bytes per read. */
const READ_BYTES_MAX = 8 * 1024;

export class Producer {
  sequence = 0;
  private attempt = 0;
  private target: NodeId;
  /** The producer stops once it has this many batches acknowledged. */
  goal = Number.POSITIVE_INFINITY;

  constructor(
    readonly id: bigint,
    readonly group: GroupId,
    private readonly nodes: readonly SimNode[],
    private readonly world: World,
    private readonly rng: SeededRng,
    private readonly checker: Checker,
    private readonly responseLoss: () => number,
  ) {
    this.target = nodes[rng.int(nodes.length)]!.id;
  }

  get done(): boolean {
    return this.sequence >= this.goal;
  }

  start(): void {
    this.world.after(this.rng.int(BACKOFF_US), () => this.send());
  }

  private send(): void {
    if (this.done) return;
    const attempt = ++this.attempt;
    const sequence = this.sequence;
    const node = this.nodes.find((n) => n.id === this.target)!;
    this.checker.sent(this.group, batchName(this.id, sequence), this.world.nowMs());
    this.world.after(1 + this.rng.int(REQUEST_US_MAX), () => this.deliver(node, sequence));
    this.world.after(REQUEST_TIMEOUT_US, () => {
      if (this.attempt === attempt && this.sequence === sequence) this.retry(0);
    });
  }

  private retry(hint: number): void {
    this.attempt++;
    this.target = hint !== 0 ? (hint as NodeId) : this.nodes[this.rng.int(this.nodes.length)]!.id;
    this.world.after(BACKOFF_US, () => this.send());
  }

  /** The request reaches `node`: the real produce path runs there, and its answer travels back (or is lost). */
  private deliver(node: SimNode, sequence: number): void {
    const running = node.running;
    const partition = running?.partitions.get(this.group);
    if (running === undefined || partition === undefined) return;
    const bytes = encodeBatch([{ key: null, value: new TextEncoder().encode(batchName(this.id, sequence)), timestamp: BigInt(this.world.nowMs()) }], {
      producerId: this.id,
      producerEpoch: 0,
      baseSequence: sequence,
    });
    const answer = (outcome: { offset: bigint } | { error: unknown }): void => {
      if (!running.clock.alive || this.rng.float() < this.responseLoss()) return;
      this.world.after(1 + this.rng.int(REQUEST_US_MAX), () => this.answered(sequence, outcome));
    };
    partition.frontend
      .untilElectionSettles(ELECTION_WAIT_MS)
      .then(() => partition.frontend.append(bytes))
      .then(
        (appended) => answer({ offset: appended.baseOffset }),
        (error: unknown) => answer({ error }),
      );
  }

  private answered(sequence: number, outcome: { offset: bigint } | { error: unknown }): void {
    if ('offset' in outcome) {
      // Any attempt's success names the batch's one offset; the checker holds every answer to that.
      this.checker.acknowledged(this.group, batchName(this.id, sequence), outcome.offset);
      if (sequence !== this.sequence) return;
      this.sequence++;
      this.attempt++;
      this.world.after(this.rng.int(BACKOFF_US), () => this.send());
      return;
    }
    // An answer to a batch already acknowledged (a late attempt) says nothing more.
    if (sequence !== this.sequence) return;
    const error = outcome.error;
    if (error instanceof CairnError && error.code === 'NOT_LEADER') {
      this.retry(error.leaderHint ?? 0);
      return;
    }
    this.checker.fail(`producer ${this.id} (group ${this.group}) was refused batch ${sequence}: ${error instanceof Error ? error.stack : String(error)}`);
  }
}

/** Reads a random partition on a random running node, from a random offset up to its high watermark. */
export function readSomewhere(nodes: readonly SimNode[], rng: SeededRng, checker: Checker): void {
  const running = nodes.filter((node) => node.running !== undefined);
  if (running.length === 0) return;
  const node = running[rng.int(running.length)]!;
  const partitions = [...node.running!.partitions];
  const [group, partition] = partitions[rng.int(partitions.length)]!;
  const { logStartOffset, highWatermark } = partition.stm;
  if (partition.stm.failure !== undefined) return;
  const span = Number(highWatermark - logStartOffset);
  const offset = logStartOffset + BigInt(rng.int(span + 1));
  partition.reader.read(offset, READ_BYTES_MAX).then(
    (result) => checker.read(node.id, group, offset, result),
    (error: unknown) => {
      // Only a read racing the node's crash, its stop on a failed sync, or retention deleting the offset may fail; anything else is a defect.
      if (node.running?.clock.alive !== true || causedBy(error, SimulatedSyncFailure)) return;
      if (outOfRange(error) && checker.deletedByRetention(offset, partition.stm.logStartOffset)) return;
      checker.fail(`a read of group ${group} on node ${node.id} from ${offset} failed: ${String(error)}`);
    },
  );
}

function outOfRange(error: unknown): boolean {
  return error instanceof CairnError && error.code === 'OFFSET_OUT_OF_RANGE';
}

/**
 * Every batch of a partition, read in order from `node`, from its log start
 * to its high watermark (each read checked). Retention may delete the start
 * while the read goes on: the read then goes on from the new log start.
 */
export async function readAll(node: SimNode, group: GroupId, checker: Checker): Promise<FinalRead> {
  const partition = node.running!.partitions.get(group)!;
  const batches: { name: string; offset: bigint; bytes: number }[] = [];
  let offset = partition.stm.logStartOffset;
  let logStartOffset = offset;
  while (offset < partition.stm.highWatermark) {
    let result: ReadResult;
    try {
      result = await partition.reader.read(offset, READ_BYTES_MAX);
    } catch (error) {
      if (!outOfRange(error) || !checker.deletedByRetention(offset, partition.stm.logStartOffset)) throw error;
      // The batches already read stay: they were in the log, at the offsets the checker holds them to.
      offset = logStartOffset = partition.stm.logStartOffset;
      continue;
    }
    checker.read(node.id, group, offset, result);
    if (result.nextOffset === offset) break;
    for (const { header, bytes } of splitBatches(result.records)) {
      if (header.baseOffset + BigInt(header.lastOffsetDelta) >= offset) batches.push({ name: batchName(header.producerId, header.baseSequence), offset: header.baseOffset, bytes: bytes.byteLength });
    }
    offset = result.nextOffset;
  }
  return { logStartOffset, batches, newestTimestampMs: partition.stm.newestTimestampMs };
}
