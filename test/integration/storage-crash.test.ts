/**
 * Crash safety of NodeStorage with real fsyncs: a child process appends with
 * sync writes and reports each acknowledged index; the test SIGKILLs it at
 * seeded random moments, reopens the database and checks that every
 * acknowledged entry is there and intact, that no partial entry or partial
 * batch is visible, then restarts the child from the recovered end.
 * Replay a failure with CRASH_SEED=<seed printed in the failure>.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { COMPACTED, UNAVAILABLE } from '../../src/raft/storage.js';
import type { Entry } from '../../src/raft/types.js';
import { NodeStorage } from '../../src/storage/node-storage.js';
import { CRASH_GROUPS, batchEntriesCount, crashEntry, crashOffsetPoint, crashSnapshotData } from './fixtures/crash-log.js';

const CRASHES = 50;
const ACKS_BEFORE_KILL_MAX = 12;
const KILL_DELAY_MS_MAX = 4;
const CHILD_DEADLINE_MS = 20_000;
/** About 40 s on an idle 2-core machine; the margin is for a machine busy with other suites. */
const TEST_TIMEOUT_MS = 150_000;

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..', '..');
const childScript = join(here, 'fixtures', 'storage-crash-child.ts');

function xorshift(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>>= 0);
  };
}

/** A running child with its parsed output; `until` waits for a condition on it, bounded by a deadline. */
class ChildRun {
  readonly process: ChildProcess;
  ready: number | null = null;
  acked: number[] = [];
  private stderr = '';
  private exited: Promise<void>;
  private listeners: (() => void)[] = [];

  constructor(dataDir: string, term: number) {
    this.process = spawn(process.execPath, ['--import', 'tsx', childScript, dataDir, String(term)], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let pending = '';
    this.process.stdout!.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        const [word, value] = line.split(' ');
        if (word === 'ready') this.ready = Number(value);
        if (word === 'ack') this.acked.push(Number(value));
      }
      this.notify();
    });
    this.process.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolve) => this.process.once('exit', () => resolve()));
    void this.exited.then(() => this.notify());
  }

  until(condition: () => boolean, what: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}; child stderr: ${this.stderr}`)), CHILD_DEADLINE_MS);
      const check = (): void => {
        if (this.process.exitCode !== null || this.process.signalCode !== null) reject(new Error(`child exited while waiting for ${what}: ${this.stderr}`));
        else if (!condition()) return;
        else resolve();
        clearTimeout(timer);
        this.listeners = this.listeners.filter((listener) => listener !== check);
      };
      this.listeners.push(check);
      check();
    });
  }

  async kill(): Promise<void> {
    if (this.process.exitCode === null && this.process.signalCode === null) this.process.kill('SIGKILL');
    await this.exited;
  }

  private notify(): void {
    for (const listener of this.listeners.slice()) listener();
  }
}

/** Batch ends of the child run that started at `start`, up to `last`. */
function isBatchEnd(start: number, last: number): boolean {
  let end = start - 1;
  while (end < last) end += batchEntriesCount(end + 1);
  return end === last;
}

const expectedEntries = new Map<string, Entry>();

/** The child's entries, derived once: regenerating megabytes every round would dominate the test's time. */
function expectedEntry(group: number, index: number, term: number): Entry {
  const key = `${group}/${index}/${term}`;
  let entry = expectedEntries.get(key);
  if (entry === undefined) expectedEntries.set(key, (entry = crashEntry(group, index, term)));
  return entry;
}

/** Where the stored log departs from what the child wrote, or null (a byte compare: the log is megabytes). */
function firstDifference(stored: readonly Entry[], group: number, first: number, last: number, termOf: readonly number[]): string | null {
  if (stored.length !== last - first + 1) return `${stored.length} entries stored, ${first}..${last} expected`;
  for (const [i, entry] of stored.entries()) {
    const expected = expectedEntry(group, first + i, termOf[first + i]!);
    const same =
      entry.index === expected.index && entry.term === expected.term && entry.type === expected.type && Buffer.from(entry.data).equals(expected.data);
    if (!same) return `entry ${first + i} differs: index ${entry.index}, term ${entry.term}, ${entry.data.byteLength} bytes`;
  }
  return null;
}

let running: ChildRun | null = null;
let dataDir: string | null = null;
/** Set by the teardown, so a body that outlived its timeout starts no more children. */
let tornDown = false;

afterEach(async () => {
  tornDown = true;
  await running?.kill();
  if (dataDir !== null) await rm(dataDir, { recursive: true, force: true });
});

describe('storage crash safety', () => {
  it(`keeps every acknowledged entry, intact and whole-batch, across ${CRASHES} SIGKILLs`, async () => {
    const seed = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
    const random = xorshift(seed);
    const where = (round: number): string => `CRASH_SEED=${seed}, round ${round}`;
    dataDir = await mkdtemp(join(tmpdir(), 'cairn-storage-crash-'));
    /** termOf[i] is the round (and term) that wrote entry i; entries before `recovered + 1` are known good. */
    const termOf: number[] = [0];
    let recovered = 0;
    let snapshotIndexMax = 0;

    for (let round = 1; round <= CRASHES && !tornDown; round++) {
      running = new ChildRun(dataDir, round);
      await running.until(() => running!.ready !== null, 'ready');
      expect(running.ready, where(round)).toBe(recovered + 1);
      const acksBeforeKill = random() % (ACKS_BEFORE_KILL_MAX + 1);
      await running.until(() => running!.acked.length >= acksBeforeKill, `${acksBeforeKill} acks`);
      const delayMs = random() % (KILL_DELAY_MS_MAX + 1);
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs)); // the kill moment, not a wait
      await running.kill();
      const ackedLast = Math.max(recovered, ...running.acked);

      const storage = await NodeStorage.open({ dataDir });
      try {
        const lasts = CRASH_GROUPS.map((group) => storage.group(group)?.lastIndex() ?? 0);
        const last = lasts[0]!;
        expect(lasts, `${where(round)}: every group has every batch or none`).toEqual(CRASH_GROUPS.map(() => last));
        expect(last, `${where(round)}: acknowledged up to ${ackedLast}`).toBeGreaterThanOrEqual(ackedLast);
        expect(isBatchEnd(recovered + 1, last), `${where(round)}: ${last} ends a batch`).toBe(true);
        for (let index = recovered + 1; index <= last; index++) termOf[index] = round;
        for (const group of CRASH_GROUPS) {
          const log = storage.group(group)!;
          const snapshot = log.snapshot();
          expect(snapshot, where(round)).not.toBe(UNAVAILABLE);
          if (snapshot !== UNAVAILABLE && snapshot.metadata.index > 0) {
            const { index, term } = snapshot.metadata;
            snapshotIndexMax = Math.max(snapshotIndexMax, index);
            expect([term, Buffer.from(snapshot.data).equals(crashSnapshotData(group, index))], `${where(round)}: snapshot`).toEqual([termOf[index], true]);
          }
          const stored = await storage.readEntries(group, log.firstIndex(), Number.POSITIVE_INFINITY);
          expect(stored, where(round)).not.toBe(COMPACTED);
          expect(firstDifference(stored as Entry[], group, log.firstIndex(), last, termOf), `${where(round)}: group ${group}`).toBeNull();
        }
        const first = storage.group(CRASH_GROUPS[0]!)!.firstIndex();
        if (last >= first) {
          const probe = first + (random() % (last - first + 1));
          expect(await storage.indexForOffset(CRASH_GROUPS[0]!, BigInt(probe) * 10n + 5n), where(round)).toEqual(crashOffsetPoint(probe));
        }
        recovered = last;
      } finally {
        await storage.close();
      }
    }
    expect(recovered).toBeGreaterThan(CRASHES);
    expect(snapshotIndexMax, 'the child compacted, so kills also hit snapshot writes and prefix deletions').toBeGreaterThan(0);
  }, TEST_TIMEOUT_MS);
});
