/**
 * A structure-aware fuzzer of the produce path. It builds batches whose
 * header fields are each plausible but together inconsistent or extreme —
 * counts and deltas that disagree with the records, compression bits over
 * another codec's (or no) payload, transactional and control bits,
 * timestamps far from the leader's clock or disagreeing with maxTimestamp,
 * producer ids, epochs and sequences forged or out of range — all under a
 * valid CRC, and runs each through the real path: checkProducedBatch →
 * stamping → a RaftGroup's proposal → two replicas' NodeStorage on disk →
 * PartitionStm.apply → PartitionReader. Property: each batch is refused with
 * a typed CairnError, or accepted at the offset the log had reached; and the
 * replicas end with the same state, every batch readable and decodable, the
 * offsets contiguous, no assertion and no failed partition.
 *
 * Seeds replay: FUZZ_SEED=<seed printed by the run>; FUZZ_RUNS sets the
 * number of runs (a short run by default, for npm test).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32c } from '@node-rs/crc32';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CairnError } from '../../../src/client/errors.js';
import type { ErrorCode } from '../../../src/client/errors.js';
import { MultiRaftHost } from '../../../src/host/multi-raft-host.js';
import type { RaftGroup } from '../../../src/host/raft-group.js';
import { PartitionFrontend } from '../../../src/partition/partition-frontend.js';
import { PartitionReader } from '../../../src/partition/partition-reader.js';
import type { PartitionStm } from '../../../src/partition/partition-stm.js';
import type { NodeId } from '../../../src/raft/index.js';
import { BATCH_HEADER_BYTES, decodeBatch, encodeBatch, splitBatches } from '../../../src/records/index.js';
import type { Compression, RecordInput } from '../../../src/records/index.js';
import { NodeStorage } from '../../../src/storage/node-storage.js';
import type { GroupId } from '../../../src/storage/types.js';
import { LoopbackNetwork } from '../host/fakes.js';
import { frontendOptions, partitionStm } from '../partition/helpers.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
const SEED = process.env.FUZZ_SEED === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(process.env.FUZZ_SEED);
const GROUP = 1 as GroupId;
const NOW_MS = 1_700_000_000_000;
const AFTER_MAX_MS = 3_600_000;
const BEFORE_MAX_MS = 30 * 86_400_000;
/** The one producer id this cluster allocated; every other id is forged. */
const ALLOCATED_ID = 4096n;
const BATCH_BYTES_MAX = 64 * 1024;
/** What a refusal of a produced batch may be: all typed, none a sign of a bug. */
const REFUSALS: ReadonlySet<ErrorCode> = new Set([
  'CORRUPT_BATCH',
  'BATCH_TOO_LARGE',
  'INVALID_RECORD',
  'INVALID_TIMESTAMP',
  'UNKNOWN_PRODUCER_ID',
  'UNKNOWN_PRODUCER_STATE',
  'INVALID_PRODUCER_EPOCH',
  'OUT_OF_ORDER_SEQUENCE',
  'PRODUCER_FENCED',
]);
const CODECS: readonly Compression[] = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];

interface Replica {
  readonly host: MultiRaftHost;
  readonly storage: NodeStorage;
  readonly group: RaftGroup;
  readonly stm: PartitionStm;
  readonly frontend: PartitionFrontend;
  readonly reader: PartitionReader;
}

// ---- Generators: a sound batch, then header fields replaced under a valid CRC. ----

/** A header timestamp: mostly near the leader's clock, sometimes just outside its window, sometimes absurd. */
const timestamp = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: -60_000, max: 60_000 }).map((d) => BigInt(NOW_MS + d)) },
  { weight: 1, arbitrary: fc.constant(BigInt(NOW_MS + AFTER_MAX_MS + 1)) },
  { weight: 1, arbitrary: fc.constant(BigInt(NOW_MS - BEFORE_MAX_MS - 1)) },
  { weight: 1, arbitrary: fc.constantFrom(-1n, -2n, 0n, 2n ** 62n, 2n ** 63n - 1n) },
);

/** Record timestamps the encoder can write (their deltas fit an int64): near the clock, at its window's edges, or none. */
const recordTimestamp = fc.oneof(
  { weight: 12, arbitrary: fc.integer({ min: -60_000, max: 60_000 }).map((d) => BigInt(NOW_MS + d)) },
  { weight: 1, arbitrary: fc.constantFrom(BigInt(NOW_MS + AFTER_MAX_MS), BigInt(NOW_MS + AFTER_MAX_MS + 1), BigInt(NOW_MS - BEFORE_MAX_MS - 1)) },
  { weight: 1, arbitrary: fc.constantFrom(-1n, -2n, 0n, 2n ** 62n) },
);

const records = fc
  .tuple(
    fc.array(
      fc.record({
        key: fc.option(fc.uint8Array({ maxLength: 8 }), { nil: null }),
        value: fc.option(fc.uint8Array({ maxLength: 64 }), { nil: null }),
        timestamp: recordTimestamp,
      }),
      // Sometimes none: the 61-byte empty batch that once took a partition down.
      { minLength: 0, maxLength: 6 },
    ),
    fc.oneof({ weight: 5, arbitrary: fc.constant(false) }, fc.constant(true)),
  )
  // Now and then a batch with no timestamps at all, which the leader stamps.
  .map(([inputs, untimed]) => (untimed ? inputs.map((input) => ({ ...input, timestamp: -1n })) : inputs));

const producer = fc.oneof(
  { weight: 5, arbitrary: fc.constant({ producerId: -1n, producerEpoch: -1, baseSequence: -1 }) },
  {
    weight: 4,
    arbitrary: fc.record({
      producerId: fc.oneof({ weight: 4, arbitrary: fc.constant(ALLOCATED_ID) }, fc.constantFrom(0n, 7n, -1n, -5n, 2n ** 63n - 1n, -(2n ** 63n))),
      producerEpoch: fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, fc.constantFrom(-1, 1, 32_767, -32_768)),
      baseSequence: fc.oneof({ weight: 3, arbitrary: fc.nat(12) }, fc.constantFrom(-1, 2 ** 31 - 1, 2 ** 31 - 3, -(2 ** 31))),
    }),
  },
);

/** Header fields to overwrite after encoding (offsets within the header), each optional. */
const lies = fc.record(
  {
    recordsCount: fc.oneof(fc.constantFrom(0, -1, 1, 2, 2 ** 31 - 1), fc.integer({ min: -3, max: 3 }).map((d) => ({ delta: d }))),
    lastOffsetDelta: fc.oneof(fc.constantFrom(-1, 0, 2 ** 31 - 2, -(2 ** 31)), fc.constant('follow-count' as const)),
    attributes: fc.record({ codec: fc.integer({ min: 0, max: 7 }), bits: fc.subarray([0x08, 0x10, 0x20]) }),
    baseTimestamp: timestamp,
    maxTimestamp: timestamp,
    payload: fc.oneof(fc.uint8Array({ minLength: 0, maxLength: 40 }), fc.constant(new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0]))),
  },
  { requiredKeys: [] },
);

type Lies = typeof lies extends fc.Arbitrary<infer T> ? T : never;

const batchCase = fc.record({ records, compression: fc.constantFrom(...CODECS), producer, lies: fc.oneof({ weight: 2, arbitrary: fc.constant<Lies>({}) }, { weight: 3, arbitrary: lies }) });
type BatchCase = typeof batchCase extends fc.Arbitrary<infer T> ? T : never;

function build({ records: inputs, compression, producer: fields, lies: change }: BatchCase): Uint8Array {
  const sound = encodeBatch(inputs as RecordInput[], { compression, ...fields });
  const payload = change.payload ?? sound.subarray(BATCH_HEADER_BYTES);
  const bytes = new Uint8Array(BATCH_HEADER_BYTES + payload.length);
  bytes.set(sound.subarray(0, BATCH_HEADER_BYTES));
  bytes.set(payload, BATCH_HEADER_BYTES);
  const view = new DataView(bytes.buffer);
  view.setInt32(8, bytes.length - 12);
  let count = inputs.length;
  if (change.recordsCount !== undefined) {
    count = typeof change.recordsCount === 'number' ? change.recordsCount : Math.max(-(2 ** 31), inputs.length + change.recordsCount.delta);
    view.setInt32(57, count);
  }
  // Most lies about the count keep lastOffsetDelta consistent with it, to get past the framing checks.
  if (change.lastOffsetDelta === 'follow-count' || (change.lastOffsetDelta === undefined && change.recordsCount !== undefined)) view.setInt32(23, count - 1);
  else if (change.lastOffsetDelta !== undefined) view.setInt32(23, change.lastOffsetDelta);
  if (change.attributes !== undefined) view.setInt16(21, change.attributes.codec | change.attributes.bits.reduce((a, b) => a | b, 0));
  if (change.baseTimestamp !== undefined) view.setBigInt64(27, change.baseTimestamp);
  if (change.maxTimestamp !== undefined) view.setBigInt64(35, change.maxTimestamp);
  view.setUint32(17, crc32c(bytes.subarray(21)) >>> 0);
  return bytes;
}

// ---- The real path: two replicas over NodeStorage in a temp dir. ----

async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/** Every batch of the replica's log from `from` (a batch's first offset) on, decoded, as [baseOffset, record count]. */
async function readFrom(replica: Replica, from: bigint): Promise<[bigint, number][]> {
  const batches: [bigint, number][] = [];
  let offset = from;
  // Each read returns at least one batch until the high watermark.
  while (offset < replica.stm.highWatermark) {
    const read = await replica.reader.read(offset, 1024 * 1024);
    for (const view of splitBatches(read.records)) {
      const decoded = decodeBatch(view.bytes);
      batches.push([decoded.header.baseOffset, decoded.records.length]);
    }
    expect(read.nextOffset).toBeGreaterThan(offset);
    offset = read.nextOffset;
  }
  return batches;
}

describe(`produce fuzzer (seed ${SEED}, ${RUNS} runs; replay with FUZZ_SEED=${SEED})`, () => {
  let dir: string;
  const replicas: Replica[] = [];
  const fatal: unknown[] = [];
  const failedGroups: unknown[] = [];
  /** Outcomes by code ('' for accepted), printed at the end: a fuzzer that only ever meets one refusal proves little. */
  const outcomes = new Map<string, number>();

  beforeAll(async () => {
    console.info(`produce fuzzer: seed ${SEED}, ${RUNS} runs (replay with FUZZ_SEED=${SEED})`);
    dir = await mkdtemp(join(tmpdir(), 'cairn-fuzz-'));
    const network = new LoopbackNetwork();
    const voters = [1, 2] as NodeId[];
    for (const id of voters) {
      const storage = await NodeStorage.open({ dataDir: join(dir, String(id)) });
      const host = new MultiRaftHost({
        nodeId: id,
        storage,
        transport: network.transport(id),
        tickMs: 60_000,
        seed: id,
        onFatal: (error) => fatal.push(error),
        onGroupFailed: (_group, error) => failedGroups.push(error),
      });
      network.inboxes.set(id, (_from, envelopes) => host.receive(envelopes));
      const stm = partitionStm({ retentionMs: -1, retentionBytes: -1 });
      const group = await host.createGroup(GROUP, { stm, bootstrapVoters: voters });
      const frontend = new PartitionFrontend(
        group,
        stm,
        frontendOptions(BATCH_BYTES_MAX, {
          nowMs: () => NOW_MS,
          producerIdAllocated: (producerId) => producerId === ALLOCATED_ID,
          policy: { timestampAfterMaxMs: AFTER_MAX_MS, timestampBeforeMaxMs: BEFORE_MAX_MS },
        }),
      );
      replicas.push({ host, storage, group, stm, frontend, reader: new PartitionReader(storage, GROUP, stm) });
    }
    const leader = replicas[0]!;
    leader.group.raw.campaign();
    leader.host.markDirty(leader.group);
    await until(() => leader.stm.readyTerm !== undefined && leader.stm.readyTerm === leader.group.raw.status().term, 'a ready leader');
  });

  afterAll(async () => {
    console.info(`produce fuzzer outcomes: ${[...outcomes].map(([code, n]) => `${code || 'accepted'} ${n}`).join(', ')}`);
    for (const replica of replicas) {
      replica.host.stop();
      await replica.storage.close();
    }
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses each batch with a typed error or appends it at the log’s end; the replicas agree and every batch reads back', async () => {
    const [leader, follower] = replicas as [Replica, Replica];
    await fc.assert(
      fc.asyncProperty(fc.array(batchCase, { minLength: 1, maxLength: 6 }), async (cases) => {
        const runStart = leader.stm.highWatermark;
        for (const one of cases) {
          const bytes = build(one);
          const endBefore = leader.stm.highWatermark;
          const outcome = await leader.frontend.append(bytes).then(
            (appended) => appended,
            (error: unknown) => error,
          );
          const code = outcome instanceof CairnError ? outcome.code : '';
          outcomes.set(code, (outcomes.get(code) ?? 0) + 1);
          if (outcome instanceof CairnError) {
            expect(REFUSALS.has(outcome.code), `${outcome.code}: ${outcome.message}`).toBe(true);
            expect(leader.stm.highWatermark).toBe(endBefore);
            continue;
          }
          expect(outcome).not.toBeInstanceOf(Error);
          const { baseOffset } = outcome as { baseOffset: bigint };
          // A retry of a batch already in the log answers with its original offset; anything new starts at the end.
          if (baseOffset !== endBefore) expect(baseOffset).toBeLessThan(endBefore);
        }
        await until(() => follower.stm.appliedIndex === leader.stm.appliedIndex, 'the follower to apply what the leader did');
        for (const replica of replicas) expect(replica.stm.failure).toBeUndefined();
        expect([fatal, failedGroups]).toEqual([[], []]);
        expect(follower.stm.highWatermark).toBe(leader.stm.highWatermark);
        expect(follower.stm.newestTimestampMs).toBe(leader.stm.newestTimestampMs);
        expect(follower.stm.producers.toJSON()).toEqual(leader.stm.producers.toJSON());
        const [ours, theirs] = await Promise.all([readFrom(leader, runStart), readFrom(follower, runStart)]);
        expect(theirs).toEqual(ours);
        let next = runStart;
        for (const [baseOffset, count] of ours) {
          expect(baseOffset).toBe(next);
          expect(count).toBeGreaterThan(0);
          next += BigInt(count);
        }
        expect(next).toBe(leader.stm.highWatermark);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  }, 30_000 + RUNS * 50);
});
