/**
 * NodeStorage throughput with fsync on: 1 KiB records at 1, 100 and 1,000
 * records per entry, with 1, 16 and 256 groups each appending one entry at a
 * time and waiting for it to be durable (so group commit is what lets them
 * share fsyncs). Each scenario is then compared with the raw disk: plain
 * file appends of the same bytes per fsync, each followed by fdatasync.
 *
 *   npm run bench:storage            (BENCH_DIR=<dir> to measure another disk)
 *
 * Every loop is bounded in time, bytes and count; a full run takes about a minute.
 */
import { closeSync, fdatasyncSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Entry, LogIndex, Term } from '../src/raft/types.js';
import { EntryType } from '../src/raft/types.js';
import { NodeStorage } from '../src/storage/node-storage.js';
import type { GroupId } from '../src/storage/types.js';

const RECORD_BYTES = 1024;
const RECORDS_PER_ENTRY = [1, 100, 1000];
const GROUPS = [1, 16, 256];
const SCENARIO_MS = 2500;
const SCENARIO_BYTES_MAX = 1024 ** 3;
const SCENARIO_APPENDS_MAX = 1_000_000;
const RAW_MS = 1000;
const RAW_FILE_BYTES_MAX = 1024 ** 3;
const MB = 1e6;

interface Measured {
  readonly appendsPerSecond: number;
  readonly mbPerSecond: number;
  readonly fsyncsPerSecond: number;
  readonly bytesPerFsync: number;
}

async function measureStorage(dir: string, groupsCount: number, entryBytes: number): Promise<Measured> {
  const storage = await NodeStorage.open({ dataDir: dir, verifyOnOpen: 'tail', tailCacheBytesMax: 2 * 1024 * 1024 });
  try {
    const groups = Array.from({ length: groupsCount }, (_, i) => (i + 1) as GroupId);
    await Promise.all(groups.map((group) => storage.createGroup(group)));
    const data = new Uint8Array(entryBytes).map((_, i) => (i * 131) & 0xff);
    const before = storage.stats();
    const started = performance.now();
    const deadline = started + SCENARIO_MS;
    let appends = 0;
    const writer = async (group: GroupId): Promise<void> => {
      for (let index = 1; performance.now() < deadline && appends * entryBytes < SCENARIO_BYTES_MAX && appends < SCENARIO_APPENDS_MAX; index++) {
        const entry: Entry = { index: index as LogIndex, term: 1 as Term, type: EntryType.Normal, data };
        await storage.write([{ group, entries: [entry] }]);
        appends++;
      }
    };
    await Promise.all(groups.map(writer));
    const seconds = (performance.now() - started) / 1000;
    const after = storage.stats();
    const syncs = after.syncsWritten - before.syncsWritten;
    return {
      appendsPerSecond: appends / seconds,
      mbPerSecond: (appends * entryBytes) / MB / seconds,
      fsyncsPerSecond: syncs / seconds,
      bytesPerFsync: (after.bytesWritten - before.bytesWritten) / Math.max(1, syncs),
    };
  } finally {
    await storage.close();
  }
}

/** Appends `bytesPerFsync` to a plain file and fdatasyncs, for RAW_MS. */
function measureRaw(dir: string, bytesPerFsync: number): { mbPerSecond: number; fsyncsPerSecond: number } {
  const chunk = new Uint8Array(Math.max(1, Math.round(bytesPerFsync))).fill(0x5a);
  const fd = openSync(join(dir, 'raw.bin'), 'w');
  try {
    let fileBytes = 0;
    let syncs = 0;
    const started = performance.now();
    while (performance.now() - started < RAW_MS) {
      if (fileBytes + chunk.byteLength > RAW_FILE_BYTES_MAX) {
        ftruncateSync(fd, 0);
        fileBytes = 0;
      }
      for (let written = 0; written < chunk.byteLength; ) written += writeSync(fd, chunk, written, chunk.byteLength - written, fileBytes + written);
      fileBytes += chunk.byteLength;
      fdatasyncSync(fd);
      syncs++;
    }
    const seconds = (performance.now() - started) / 1000;
    return { mbPerSecond: (syncs * chunk.byteLength) / MB / seconds, fsyncsPerSecond: syncs / seconds };
  } finally {
    closeSync(fd);
  }
}

const format = (n: number): string => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(1));

async function main(): Promise<void> {
  const base = process.env.BENCH_DIR ?? tmpdir();
  console.log(`# NodeStorage, sync writes, ${RECORD_BYTES} B records (${base}, node ${process.version})\n`);
  console.log('| groups | records/entry | appends/s | MB/s | fsyncs/s | KiB/fsync | raw MB/s | raw fsyncs/s | MB/s vs raw |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const recordsPerEntry of RECORDS_PER_ENTRY) {
    for (const groupsCount of GROUPS) {
      const dir = await mkdtemp(join(base, 'cairn-bench-storage-'));
      try {
        const cairn = await measureStorage(dir, groupsCount, recordsPerEntry * RECORD_BYTES);
        const raw = measureRaw(dir, cairn.bytesPerFsync);
        const row = [
          groupsCount,
          recordsPerEntry,
          format(cairn.appendsPerSecond),
          format(cairn.mbPerSecond),
          format(cairn.fsyncsPerSecond),
          format(cairn.bytesPerFsync / 1024),
          format(raw.mbPerSecond),
          format(raw.fsyncsPerSecond),
          `${(cairn.mbPerSecond / raw.mbPerSecond).toFixed(2)}×`,
        ];
        console.log(`| ${row.join(' | ')} |`);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }
  }
}

await main();
