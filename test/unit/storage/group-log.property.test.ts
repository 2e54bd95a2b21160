/**
 * GroupLog against its naive twin, src/raft's MemoryStorage (plus a list of
 * offset points), over random sequences of append (with truncation),
 * hard-state, compaction, snapshot installation, offset indexing and
 * reopen. After every step everything Raft and the data path can observe
 * must agree.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RaftStorage } from '../../../src/raft/storage.js';
import { COMPACTED, MemoryStorage, UNAVAILABLE, limitBytes } from '../../../src/raft/storage.js';
import type { ConfState, Entry, LogIndex, NodeId, Snapshot, Term } from '../../../src/raft/types.js';
import { NodeStorage } from '../../../src/storage/node-storage.js';
import type { Offset, OffsetPoint } from '../../../src/storage/types.js';
import { G1, confEntry, entry, payload } from './helpers.js';

type Op =
  | { kind: 'append'; at: number; count: number; bump: boolean; confAt: number; bytes: number }
  | { kind: 'hard'; at: number; vote: number }
  | { kind: 'compact'; at: number; bytes: number }
  | { kind: 'snapshot'; at: number; agree: boolean; voters: number }
  | { kind: 'offsets'; count: number; gap: number }
  | { kind: 'reopen'; verify: 'full' | 'tail' };

const fraction = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });
const opArbitrary: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('append' as const), at: fraction, count: fc.integer({ min: 1, max: 6 }), bump: fc.boolean(), confAt: fc.integer({ min: 0, max: 8 }), bytes: fc.integer({ min: 0, max: 400 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('hard' as const), at: fraction, vote: fc.integer({ min: 0, max: 3 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('compact' as const), at: fraction, bytes: fc.integer({ min: 0, max: 200 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('snapshot' as const), at: fraction, agree: fc.boolean(), voters: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('offsets' as const), count: fc.integer({ min: 1, max: 4 }), gap: fc.integer({ min: 1, max: 1000 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reopen' as const), verify: fc.constantFrom('full' as const, 'tail' as const) }) },
);

const voters = (count: number): ConfState => ({ voters: Array.from({ length: count }, (_, i) => (i + 1) as NodeId), learners: [] });
/** Picks an integer in [lo, hi] from a fraction. */
const pick = (lo: number, hi: number, at: number): number => lo + Math.floor(at * (hi - lo + 1));

/** A small tail and read-ahead, so reads regularly miss the cache and take the load path. */
const STORAGE_OPTIONS = { tailCacheBytesMax: 1500, readAheadBytes: 600 };

class Model {
  readonly memory = new MemoryStorage();
  /** Offset points whose entries were not truncated, in order. */
  points: OffsetPoint[] = [];
  termMax = 0;

  confAt(index: number): ConfState {
    return this.memory.initialState().confHistory.filter((point) => point.index <= index).at(-1)!.conf;
  }

  floor(offset: bigint): OffsetPoint | null {
    const point = this.points.filter((p) => p.baseOffset <= offset).at(-1);
    return point !== undefined && point.index >= this.memory.firstIndex() ? point : null;
  }
}

/** Applies one op to both sides; returns the storage's write promise. */
function apply(op: Exclude<Op, { kind: 'reopen' }>, model: Model, storage: NodeStorage): Promise<unknown> | undefined {
  const memory = model.memory;
  const [first, last, commit] = [memory.firstIndex(), memory.lastIndex(), memory.hard().commit];
  switch (op.kind) {
    case 'append': {
      const start = pick(Math.max(first, commit + 1), last + 1, op.at);
      const term = Math.max(1, model.termMax + (op.bump ? 1 : 0));
      const appended: Entry[] = Array.from({ length: op.count }, (_, i) =>
        i === op.confAt ? confEntry(start + i, term, [...voters(1 + ((start + i) % 3)).voters]) : entry(start + i, term, payload(start + i, op.bytes, term)),
      );
      model.termMax = term;
      model.points = model.points.filter((point) => point.index < start);
      memory.append(appended);
      return storage.write([{ group: G1, entries: appended }]);
    }
    case 'hard': {
      const hardState = { term: model.termMax as Term, vote: op.vote as NodeId, commit: pick(commit, last, op.at) as LogIndex };
      memory.setHardState(hardState);
      return storage.write([{ group: G1, hardState }]);
    }
    case 'compact': {
      if (last < first) return undefined;
      const index = pick(first, last, op.at) as LogIndex;
      const data = payload(index, op.bytes, 7);
      const conf = model.confAt(index);
      memory.compact(index, conf, data);
      return storage.compact(G1, index, conf, data);
    }
    case 'snapshot': {
      const index = pick(Math.max(first, commit), last + 2, op.at) as LogIndex;
      const agree = op.agree && index <= last;
      const term = (agree ? memory.term(index) : model.termMax + 1) as Term;
      model.termMax = Math.max(model.termMax, term);
      const snapshot: Snapshot = { metadata: { index, term, conf: voters(op.voters) }, data: payload(index, 50, 9) };
      if (!(index < last && agree)) model.points = model.points.filter((point) => point.index <= index);
      memory.applySnapshot(snapshot);
      return storage.write([{ group: G1, snapshot }]);
    }
    case 'offsets': {
      const previous = model.points.at(-1);
      const points: OffsetPoint[] = [];
      let index = Math.max(first, (previous?.index ?? 0) + 1);
      let baseOffset = (previous?.baseOffset ?? 0n) + BigInt(op.gap);
      for (; points.length < op.count && index <= last; index++, baseOffset += BigInt(op.gap)) {
        points.push({ baseOffset: baseOffset as Offset, index: index as LogIndex });
      }
      model.points.push(...points);
      return storage.write([{ group: G1, offsets: points }]);
    }
  }
}

/** Retries once after the load a miss started: one load must be enough. */
async function afterLoad<T>(storage: NodeStorage, read: () => T | typeof UNAVAILABLE): Promise<T> {
  const first = read();
  if (first !== UNAVAILABLE) return first;
  await storage.group(G1)!.settled();
  const second = read();
  if (second === UNAVAILABLE) throw new Error('still unavailable after its load completed');
  return second;
}

async function expectSameAs(model: Model, storage: NodeStorage, bytesMax: number): Promise<void> {
  const memory = model.memory;
  const log: RaftStorage = storage.group(G1)!;
  const [first, last] = [memory.firstIndex(), memory.lastIndex()];
  expect([log.firstIndex(), log.lastIndex()]).toEqual([first, last]);
  expect(log.initialState()).toEqual(memory.initialState());
  for (let index = Math.max(0, first - 2); index <= last; index++) expect(log.term(index as LogIndex)).toBe(memory.term(index as LogIndex));
  // Raft's answer may stop short at what memory holds, but never with nothing, and never out of step.
  const expected = memory.entries(first, (last + 1) as LogIndex, bytesMax) as Entry[];
  const answer = (await afterLoad(storage, () => log.entries(first, (last + 1) as LogIndex, bytesMax))) as Entry[];
  expect(answer.length > 0).toBe(expected.length > 0);
  expect(answer).toEqual(expected.slice(0, answer.length));
  if (first > 1) expect(log.entries((first - 1) as LogIndex, first, bytesMax)).toBe(COMPACTED);
  expect(await afterLoad(storage, () => log.snapshot())).toEqual(memory.snapshot());
  const stored = await storage.readEntries(G1, first, bytesMax);
  expect(stored).toEqual(limitBytes(memory.entries(first, (last + 1) as LogIndex, Number.POSITIVE_INFINITY) as Entry[], bytesMax));
  const probes = [0n, 1n << 62n, ...model.points.flatMap((point) => [point.baseOffset - 1n, point.baseOffset, point.baseOffset + 1n])];
  for (const offset of probes) expect(await storage.indexForOffset(G1, offset)).toEqual(model.floor(offset));
}

describe('GroupLog against MemoryStorage', () => {
  it('agrees after every step of random append/truncate/compact/snapshot/offset/reopen sequences', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArbitrary, { minLength: 1, maxLength: 40, size: 'max' }), fc.integer({ min: 1, max: 2000 }), async (ops, bytesMax) => {
        const dir = await mkdtemp(join(tmpdir(), 'cairn-storage-prop-'));
        let storage = await NodeStorage.open({ dataDir: dir, ...STORAGE_OPTIONS });
        try {
          await storage.createGroup(G1);
          const model = new Model();
          const pending: Promise<unknown>[] = [];
          for (const op of ops) {
            if (op.kind === 'reopen') {
              await Promise.all(pending.splice(0));
              await storage.close();
              storage = await NodeStorage.open({ dataDir: dir, ...STORAGE_OPTIONS, verifyOnOpen: op.verify });
            } else {
              const written = apply(op, model, storage);
              if (written !== undefined) pending.push(written);
            }
            await expectSameAs(model, storage, bytesMax);
          }
          await Promise.all(pending);
        } finally {
          await storage.close();
          await rm(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 100 },
    );
  });
});
