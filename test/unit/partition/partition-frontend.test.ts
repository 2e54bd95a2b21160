import { crc32c } from '@node-rs/crc32';
import { afterEach, describe, expect, it } from 'vitest';
import { CairnError } from '../../../src/client/errors.js';
import { MultiRaftHost } from '../../../src/host/multi-raft-host.js';
import type { RaftGroup } from '../../../src/host/raft-group.js';
import { ENTRY_BYTES_MAX, PartitionFrontend } from '../../../src/partition/partition-frontend.js';
import type { PartitionStm } from '../../../src/partition/partition-stm.js';
import { isDataEntry } from '../../../src/partition/partition-stm.js';
import type { LogIndex, NodeId } from '../../../src/raft/index.js';
import { BATCH_HEADER_BYTES, decodeBatch, encodeBatch, splitBatches } from '../../../src/records/index.js';
import type { GroupId } from '../../../src/storage/types.js';
import { LoopbackNetwork, MemoryHostStorage } from '../host/fakes.js';
import { batch, frontendOptions, partitionStm, rejectedWith } from './helpers.js';

const GROUP = 1 as GroupId;
const BATCH_BYTES_MAX = 64 * 1024;

interface PartitionNode {
  readonly host: MultiRaftHost;
  readonly storage: MemoryHostStorage;
  readonly group: RaftGroup;
  readonly stm: PartitionStm;
  readonly frontend: PartitionFrontend;
}

interface ClusterOptions {
  readonly batchBytesMax?: number;
  /** The Raft core's bound on one proposal; its default is far above ENTRY_BYTES_MAX. */
  readonly proposalBytesMax?: number;
  readonly frontend?: Parameters<typeof frontendOptions>[1];
  /** The topic's producer.id.expiration.ms; default the topic default. */
  readonly producerIdExpirationMs?: number;
}

const hosts: MultiRaftHost[] = [];
const fatal: unknown[] = [];

afterEach(() => {
  for (const host of hosts.splice(0)) host.stop();
  expect(fatal.splice(0)).toEqual([]);
});

/**
 * One replica of the partition's group on each node, bootstrapped with them
 * all as voters. The hosts do not tick: elections happen only when a test
 * asks for one, so nothing moves that the test did not start.
 */
async function partitionGroup(voters: readonly number[], options: ClusterOptions = {}): Promise<PartitionNode[]> {
  const network = new LoopbackNetwork();
  const nodes: PartitionNode[] = [];
  for (const id of voters as NodeId[]) {
    const storage = new MemoryHostStorage();
    const host = new MultiRaftHost({
      nodeId: id,
      storage,
      transport: network.transport(id),
      tickMs: 60_000,
      seed: id,
      ...(options.proposalBytesMax !== undefined && { raft: { proposalBytesMax: options.proposalBytesMax } }),
      onFatal: (error) => fatal.push(error),
    });
    hosts.push(host);
    network.inboxes.set(id, (_from, envelopes) => host.receive(envelopes));
    const stm = partitionStm({ retentionMs: -1, retentionBytes: -1, ...(options.producerIdExpirationMs !== undefined && { producerIdExpirationMs: options.producerIdExpirationMs }) });
    const group = await host.createGroup(GROUP, { stm, bootstrapVoters: voters as NodeId[] });
    const frontend = new PartitionFrontend(group, stm, frontendOptions(options.batchBytesMax ?? BATCH_BYTES_MAX, options.frontend));
    nodes.push({ host, storage, group, stm, frontend });
  }
  return nodes;
}

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met before the deadline');
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/** Makes `node` campaign and waits until it is a ready leader (its term's no-op applied). */
async function elect(node: PartitionNode): Promise<void> {
  node.group.raw.campaign();
  node.host.markDirty(node.group);
  await until(() => node.stm.readyTerm !== undefined && node.stm.readyTerm === node.group.raw.status().term);
}

async function leader(options: ClusterOptions = {}): Promise<PartitionNode> {
  const [node] = await partitionGroup([1], options);
  await elect(node!);
  return node!;
}

/** The batches' base offsets in each data entry of the node's stored log. */
function storedEntries(node: PartitionNode): bigint[][] {
  const log = node.storage.logs.get(GROUP)!;
  const entries = log.entries(log.firstIndex(), (log.lastIndex() + 1) as LogIndex, Infinity);
  if (typeof entries === 'string') throw new Error(`the log is ${entries}`);
  return entries.filter(isDataEntry).map((entry) => splitBatches(entry.data).map((view) => view.header.baseOffset));
}

const producerBatch = (seq: number, records = 1, epoch = 0): Uint8Array => batch({ records, producer: { id: 7n, epoch, seq } });

/** Lets the event loop turn a few times, so anything that was going to be proposed and applied has been. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}

describe('PartitionFrontend offsets and coalescing', () => {
  it('gives the batches of one turn consecutive offsets in one Raft entry, stamped in place with the term', async () => {
    const node = await leader();
    const batches = [batch({ records: 1 }), batch({ records: 3 }), batch({ records: 2 })];
    const appended = await Promise.all(batches.map((b) => node.frontend.append(b)));
    expect(appended).toEqual([{ baseOffset: 0n }, { baseOffset: 1n }, { baseOffset: 4n }]);
    expect(storedEntries(node)).toEqual([[0n, 1n, 4n]]);
    expect(node.stm.highWatermark).toBe(6n);
    const term = node.group.raw.status().term;
    expect(batches.map((b) => [splitBatches(b)[0]!.header.baseOffset, splitBatches(b)[0]!.header.partitionLeaderEpoch])).toEqual([
      [0n, term],
      [1n, term],
      [4n, term],
    ]);

    expect(await node.frontend.append(batch())).toEqual({ baseOffset: 6n });
    expect(storedEntries(node)).toEqual([[0n, 1n, 4n], [6n]]);
  });

  it(`starts another entry where a turn's batches would pass ENTRY_BYTES_MAX`, async () => {
    const node = await leader({ batchBytesMax: ENTRY_BYTES_MAX });
    const third = Math.floor((ENTRY_BYTES_MAX * 3) / 8);
    const appended = await Promise.all([0, 1, 2].map(() => node.frontend.append(batch({ valueBytes: third }))));
    expect(appended.map((a) => a.baseOffset)).toEqual([0n, 1n, 2n]);
    expect(storedEntries(node)).toEqual([[0n, 1n], [2n]]);
  });
});

describe('PartitionFrontend idempotent producers', () => {
  it('answers a retry of an in-flight batch with the original’s offset once the original commits, appending it once', async () => {
    const node = await leader();
    await node.frontend.append(batch());
    const original = producerBatch(0, 2);
    const retry = original.slice();
    const answered: string[] = [];
    const first = node.frontend.append(original).then((appended) => (answered.push('original'), appended));
    // The entry is proposed but not yet committed.
    await new Promise((resolve) => setImmediate(resolve));
    expect(node.stm.highWatermark).toBe(1n);
    const second = node.frontend.append(retry).then((appended) => (answered.push('retry'), appended));
    expect(await Promise.all([first, second])).toEqual([{ baseOffset: 1n }, { baseOffset: 1n }]);
    expect(answered).toEqual(['original', 'retry']);
    expect(storedEntries(node)).toEqual([[0n], [1n]]);
    expect(node.stm.highWatermark).toBe(3n);
  });

  it('answers a retry of a committed batch with its original offset and appends nothing', async () => {
    const node = await leader();
    const batches = [producerBatch(0, 2), producerBatch(2), producerBatch(3)];
    const retries = batches.map((b) => b.slice());
    for (const b of batches) await node.frontend.append(b);
    expect(await node.frontend.append(retries[1]!)).toEqual({ baseOffset: 2n });
    expect(await node.frontend.append(retries[0]!)).toEqual({ baseOffset: 0n });
    await settle();
    expect(storedEntries(node)).toEqual([[0n], [2n], [3n]]);
    expect(node.stm.highWatermark).toBe(4n);
  });

  it('refuses a gap in a producer’s sequences, and a new epoch not starting at 0, with OUT_OF_ORDER_SEQUENCE', async () => {
    const node = await leader();
    await node.frontend.append(producerBatch(0));
    const gap = await rejectedWith(node.frontend.append(producerBatch(2)), 'OUT_OF_ORDER_SEQUENCE');
    expect(gap.message).toBe('producer 7: expected sequence 1, got 2');
    await settle();
    expect(storedEntries(node)).toEqual([[0n]]);
    expect(await node.frontend.append(producerBatch(1))).toEqual({ baseOffset: 1n });
  });

  it('refuses an epoch above the one the partition knows with INVALID_PRODUCER_EPOCH: epoch 32767 does not fence producer 7', async () => {
    const node = await leader();
    await node.frontend.append(producerBatch(0, 1, 0));
    const forged = await rejectedWith(node.frontend.append(producerBatch(0, 1, 32_767)), 'INVALID_PRODUCER_EPOCH');
    expect(forged.message).toBe('producer 7: epoch 32767 was never issued (current epoch 0)');
    await rejectedWith(node.frontend.append(batch({ producer: { id: 8n, epoch: 1, seq: 0 } })), 'INVALID_PRODUCER_EPOCH');
    expect(await node.frontend.append(producerBatch(1, 1, 0))).toEqual({ baseOffset: 1n });
    await settle();
    expect(storedEntries(node)).toEqual([[0n], [1n]]);
  });

  it('refuses a later batch of a producer silent longer than producer.id.expiration.ms by the log’s clock with UNKNOWN_PRODUCER_STATE; sequence 0 starts it again', async () => {
    const node = await leader({ producerIdExpirationMs: 1000 });
    await node.frontend.append(batch({ producer: { id: 7n, epoch: 0, seq: 0 }, timestampMs: 1000 }));
    await node.frontend.append(batch({ producer: { id: 8n, epoch: 0, seq: 0 }, timestampMs: 1500 }));
    // The log's clock reaches 2000: producer 7, last seen at 1000, is exactly at the edge of its window and stays.
    await node.frontend.append(batch({ timestampMs: 2000 }));
    expect(await node.frontend.append(batch({ producer: { id: 7n, epoch: 0, seq: 1 }, timestampMs: 2000 }))).toEqual({ baseOffset: 3n });
    // At 3001 both were silent for longer than the window: only a new producer's first batch is accepted.
    await node.frontend.append(batch({ timestampMs: 3001 }));
    const forgotten = await rejectedWith(node.frontend.append(batch({ producer: { id: 7n, epoch: 0, seq: 2 }, timestampMs: 3001 })), 'UNKNOWN_PRODUCER_STATE');
    expect(forgotten.message).toContain('producer 7: the partition holds no state for it');
    expect(forgotten.message).toContain('1000 ms');
    await rejectedWith(node.frontend.append(batch({ producer: { id: 8n, epoch: 0, seq: 1 }, timestampMs: 3001 })), 'UNKNOWN_PRODUCER_STATE');
    await settle();
    expect(node.stm.producers.size).toBe(0);
    expect(await node.frontend.append(batch({ producer: { id: 7n, epoch: 0, seq: 0 }, timestampMs: 3002 }))).toEqual({ baseOffset: 5n });
    expect(node.stm.highWatermark).toBe(6n);
  });

  it('refuses a new producer’s batch that is not its first (sequence 0 not yet written) with UNKNOWN_PRODUCER_STATE, appending nothing', async () => {
    const node = await leader();
    await rejectedWith(node.frontend.append(producerBatch(5)), 'UNKNOWN_PRODUCER_STATE');
    await settle();
    expect(storedEntries(node)).toEqual([]);
    expect(await node.frontend.append(producerBatch(0, 5))).toEqual({ baseOffset: 0n });
    expect(await node.frontend.append(producerBatch(5))).toEqual({ baseOffset: 5n });
  });

  it('refuses an epoch older than one the log holds with PRODUCER_FENCED', async () => {
    const node = await leader();
    // A log written before epochs were checked can hold a later epoch.
    node.stm.producers.record(7n, 1, { firstSeq: 0, lastSeq: 0, baseOffset: 0n, lastOffset: 0n }, node.stm.newestTimestampMs);
    const fenced = await rejectedWith(node.frontend.append(producerBatch(1, 1, 0)), 'PRODUCER_FENCED');
    expect(fenced.message).toBe('producer 7 epoch 0 is fenced by epoch 1');
    await settle();
    expect(storedEntries(node)).toEqual([]);
  });
});

describe('PartitionFrontend refusals', () => {
  it('refuses a corrupt batch with CORRUPT_BATCH and an oversized one with BATCH_TOO_LARGE, appending nothing', async () => {
    const node = await leader({ batchBytesMax: 200 });
    const corrupt = batch();
    corrupt[corrupt.length - 1]! ^= 0xff;
    await rejectedWith(node.frontend.append(corrupt), 'CORRUPT_BATCH');
    const large = batch({ valueBytes: 200 });
    const tooLarge = await rejectedWith(node.frontend.append(large), 'BATCH_TOO_LARGE');
    expect(tooLarge.message).toContain(`batch of ${large.byteLength} bytes exceeds batchBytesMax 200`);
    await settle();
    expect(storedEntries(node)).toEqual([]);
    expect(await node.frontend.append(batch())).toEqual({ baseOffset: 0n });
  });

  it('refuses a produce with TOO_MANY_REQUESTS while the leader holds its bound of uncommitted bytes, and takes produces again once they commit', async () => {
    const one = batch({ valueBytes: 1000 }).byteLength;
    const node = await leader({ frontend: { uncommittedBytesMax: 3 * one } });
    // Appended in one synchronous run: nothing can commit in between, so the bound is reached.
    const results = Array.from({ length: 5 }, () => node.frontend.append(batch({ valueBytes: 1000 })));
    const settled = await Promise.allSettled(results);
    expect(settled.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'rejected']);
    expect((settled[3] as PromiseRejectedResult).reason).toMatchObject({ code: 'TOO_MANY_REQUESTS', retriable: true });
    // The refused batches took no offsets, and once the first three committed the partition takes more.
    expect(await node.frontend.append(batch({ valueBytes: 1000 }))).toEqual({ baseOffset: 3n });
    expect(storedEntries(node).flat()).toEqual([0n, 1n, 2n, 3n]);
  });

  it('refuses appends with NOT_LEADER on a leader whose term has no applied entry yet', async () => {
    const [node] = await partitionGroup([1]);
    node!.group.raw.campaign();
    expect(node!.group.raw.status().role).toBe('leader');
    const error = await rejectedWith(node!.frontend.append(batch()), 'NOT_LEADER');
    expect(error.leaderHint).toBeUndefined();
    await until(() => node!.stm.readyTerm !== undefined);
    expect(await node!.frontend.append(batch())).toEqual({ baseOffset: 0n });
  });

  it('holds a produce while its node campaigns or leads without its first entry applied, until it can serve it', async () => {
    const [first, second] = await partitionGroup([1, 2]);
    first!.group.raw.campaign();
    first!.host.markDirty(first!.group);
    expect(first!.stm.readyTerm).toBeUndefined();

    await first!.frontend.untilElectionSettles(5_000);

    expect(first!.group.raw.status().role).toBe('leader');
    expect(first!.stm.readyTerm).toBe(first!.group.raw.status().term);
    expect(await first!.frontend.append(batch())).toEqual({ baseOffset: 0n });
    // A follower that knows its leader has nothing to wait for.
    await second!.frontend.untilElectionSettles(60_000);
    expect(second!.group.raw.status().lead).toBe(1);
  });

  it('stops waiting for an election after the bound, when none settles', async () => {
    const [node] = await partitionGroup([1, 2]);
    await node!.frontend.untilElectionSettles(50);
    expect(node!.group.raw.status().lead).toBe(0);
    await rejectedWith(node!.frontend.append(batch()), 'NOT_LEADER');
  });

  it('refuses appends with NOT_LEADER on a follower, naming the leader when it knows one', async () => {
    const [first, second] = await partitionGroup([1, 2]);
    const lost = await rejectedWith(first!.frontend.append(batch()), 'NOT_LEADER');
    expect(lost.leaderHint).toBeUndefined();
    await elect(first!);
    const follower = await rejectedWith(second!.frontend.append(batch()), 'NOT_LEADER');
    expect(follower.leaderHint).toBe(1);
    expect(await first!.frontend.append(batch())).toEqual({ baseOffset: 0n });
  });

  it('refuses appends while proposals of a term broken by a failed one are pending, then resumes from the applied log', async () => {
    // A proposal bound below ENTRY_BYTES_MAX makes a lone large batch fail to propose.
    const node = await leader({ batchBytesMax: 2 * ENTRY_BYTES_MAX, proposalBytesMax: ENTRY_BYTES_MAX / 4 });
    const pending = node.frontend.append(batch());
    const failed = node.frontend.append(batch({ valueBytes: ENTRY_BYTES_MAX }));
    await expect(failed).rejects.toBeInstanceOf(CairnError);
    expect(node.stm.highWatermark).toBe(0n);
    const refused = await rejectedWith(node.frontend.append(batch()), 'NOT_LEADER');
    expect(refused.message).toBe('the partition leader is resynchronising after a failed proposal');
    expect(await pending).toEqual({ baseOffset: 0n });
    // The failed batch's offsets were never written: the next batch takes them.
    expect(await node.frontend.append(batch())).toEqual({ baseOffset: 1n });
    expect(storedEntries(node)).toEqual([[0n], [1n]]);
  });

  it('proposes nothing queued behind a proposal the Raft core refused, so no offset or sequence is skipped', async () => {
    const node = await leader({ batchBytesMax: 2 * ENTRY_BYTES_MAX, proposalBytesMax: ENTRY_BYTES_MAX / 4 });
    const refused = node.frontend.append(batch({ valueBytes: ENTRY_BYTES_MAX, producer: { id: 7n, epoch: 0, seq: 0 } }));
    const behind = node.frontend.append(producerBatch(1));
    await expect(refused).rejects.toBeInstanceOf(CairnError);
    await rejectedWith(behind, 'NOT_LEADER');
    await settle();
    expect(storedEntries(node)).toEqual([]);
    expect(await node.frontend.append(producerBatch(0))).toEqual({ baseOffset: 0n });
  });
});

describe('PartitionFrontend checks of a batch’s meaning', () => {
  /** A copy of a valid batch with header fields changed and the CRC recomputed: well-formed, but lying. */
  function resealed(bytes: Uint8Array, change: { recordsCount?: number; lastOffsetDelta?: number; attributes?: number; payload?: Uint8Array }): Uint8Array {
    const payload = change.payload ?? bytes.subarray(BATCH_HEADER_BYTES);
    const out = new Uint8Array(BATCH_HEADER_BYTES + payload.length);
    out.set(bytes.subarray(0, BATCH_HEADER_BYTES));
    out.set(payload, BATCH_HEADER_BYTES);
    const view = new DataView(out.buffer);
    view.setInt32(8, out.length - 12);
    if (change.attributes !== undefined) view.setInt16(21, change.attributes);
    if (change.lastOffsetDelta !== undefined) view.setInt32(23, change.lastOffsetDelta);
    if (change.recordsCount !== undefined) view.setInt32(57, change.recordsCount);
    view.setUint32(17, crc32c(out.subarray(21)) >>> 0);
    return out;
  }

  it('refuses an empty batch with INVALID_RECORD, and the next batch takes offset 0 in a partition that keeps working', async () => {
    const node = await leader();
    const empty = encodeBatch([]);
    expect(empty.byteLength).toBe(61);
    await rejectedWith(node.frontend.append(empty), 'INVALID_RECORD');
    expect(await node.frontend.append(batch({ records: 4 }))).toEqual({ baseOffset: 0n });
    expect(await node.frontend.append(batch({ records: 1 }))).toEqual({ baseOffset: 4n });
    expect(storedEntries(node)).toEqual([[0n], [4n]]);
    expect(node.stm.highWatermark).toBe(5n);
  });

  it('refuses garbage zstd claiming 2^31-1 records and gzip garbage claiming 1,000,000: the end offset does not jump', async () => {
    const node = await leader();
    await node.frontend.append(batch({ records: 5 }));
    const zstd = resealed(encodeBatch([{ key: null, value: null, timestamp: 1n }], { compression: 'zstd' }), {
      recordsCount: 2 ** 31 - 1,
      lastOffsetDelta: 2 ** 31 - 2,
      payload: new TextEncoder().encode('garbage, not zstd'),
    });
    await rejectedWith(node.frontend.append(zstd), 'CORRUPT_BATCH');
    const gzip = resealed(encodeBatch([{ key: null, value: null, timestamp: 1n }], { compression: 'gzip' }), {
      recordsCount: 1_000_000,
      lastOffsetDelta: 999_999,
      payload: new Uint8Array([0x1f, 0x8b, 1, 2, 3]),
    });
    await rejectedWith(node.frontend.append(gzip), 'CORRUPT_BATCH');
    expect(await node.frontend.append(batch())).toEqual({ baseOffset: 5n });
    expect(node.stm.highWatermark).toBe(6n);
  });

  it('refuses a small batch that would decompress beyond 64 times its size and the topic limit with BATCH_TOO_LARGE, stopping at that bound', async () => {
    const node = await leader({ batchBytesMax: 64 * 1024 });
    const bomb = encodeBatch([{ key: null, value: new Uint8Array(60 * 1024 * 1024), timestamp: 1n }], { compression: 'zstd' });
    expect(bomb.byteLength).toBeLessThan(4096);
    const refused = await rejectedWith(node.frontend.append(bomb), 'BATCH_TOO_LARGE');
    expect(refused.message).toContain(`decompress to more than ${Math.max(64 * 1024, 64 * bomb.byteLength)} bytes`);
    const fits = encodeBatch([{ key: null, value: new Uint8Array(60 * 1024), timestamp: 1n }], { compression: 'zstd' });
    expect(await node.frontend.append(fits)).toEqual({ baseOffset: 0n });
  });

  it.each([
    ['transactional', 0x10],
    ['control', 0x20],
  ])('refuses a batch with the %s bit with INVALID_RECORD: Cairn has no transactions', async (_name, bit) => {
    const node = await leader();
    await rejectedWith(node.frontend.append(resealed(batch(), { attributes: bit })), 'INVALID_RECORD');
    await settle();
    expect(storedEntries(node)).toEqual([]);
  });

  it('refuses a producer id the cluster never allocated with UNKNOWN_PRODUCER_ID, and inconsistent producer fields with INVALID_RECORD', async () => {
    const node = await leader({ frontend: { producerIdAllocated: (id) => id === 7n } });
    const unknown = await rejectedWith(node.frontend.append(batch({ producer: { id: 12_345n, epoch: 0, seq: 0 } })), 'UNKNOWN_PRODUCER_ID');
    expect(unknown.retriable).toBe(true);
    await rejectedWith(node.frontend.append(batch({ producer: { id: -7n, epoch: 0, seq: 0 } })), 'INVALID_RECORD');
    await rejectedWith(node.frontend.append(batch({ producer: { id: 7n, epoch: 0, seq: -4 } })), 'INVALID_RECORD');
    await rejectedWith(node.frontend.append(encodeBatch([{ key: null, value: null, timestamp: 1n }], { producerEpoch: 3 })), 'INVALID_RECORD');
    expect(await node.frontend.append(producerBatch(0))).toEqual({ baseOffset: 0n });
    expect(storedEntries(node)).toEqual([[0n]]);
  });

  it('refuses a far-future timestamp with INVALID_TIMESTAMP (message.timestamp.after.max.ms), so it never reaches retention', async () => {
    const nowMs = 1_700_000_000_000;
    const node = await leader({ frontend: { nowMs: () => nowMs, policy: { timestampAfterMaxMs: 60_000 } } });
    await rejectedWith(node.frontend.append(batch({ timestampMs: nowMs + 60_001 })), 'INVALID_TIMESTAMP');
    await rejectedWith(node.frontend.append(batch({ timestampMs: 2 ** 52 })), 'INVALID_TIMESTAMP');
    expect(await node.frontend.append(batch({ timestampMs: nowMs + 59_000 }))).toEqual({ baseOffset: 0n });
    expect(node.stm.newestTimestampMs).toBe(nowMs + 59_000);
  });

  it('stamps a batch without timestamps with the leader’s time before proposing it: every replica stores the same time', async () => {
    const nowMs = 1_700_000_000_000;
    const [first, second] = await partitionGroup([1, 2], { frontend: { nowMs: () => nowMs } });
    await elect(first!);
    const untimed = encodeBatch([1, 2, 3].map((n) => ({ key: null, value: new Uint8Array([n]), timestamp: -1n })));
    expect(await first!.frontend.append(untimed)).toEqual({ baseOffset: 0n });
    await until(() => second!.stm.highWatermark === 3n);
    for (const node of [first!, second!]) {
      const log = node.storage.logs.get(GROUP)!;
      const entries = log.entries(log.firstIndex(), (log.lastIndex() + 1) as LogIndex, Infinity);
      if (typeof entries === 'string') throw new Error(`the log is ${entries}`);
      const [stored] = entries.filter(isDataEntry);
      const decoded = decodeBatch(stored!.data);
      expect(decoded.header).toMatchObject({ timestampType: 'log-append-time', maxTimestamp: BigInt(nowMs) });
      expect(decoded.records.map((r) => r.timestamp)).toEqual([BigInt(nowMs), BigInt(nowMs), BigInt(nowMs)]);
      expect(node.stm.newestTimestampMs).toBe(nowMs);
    }
  });
});
