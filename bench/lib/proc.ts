/** CPU and memory of processes, from /proc (Linux). */
import { readFileSync } from 'node:fs';
import { sleep } from './stats.js';

/** The kernel's clock ticks per second for /proc/<pid>/stat times (USER_HZ; 100 on Linux). */
const CLOCK_TICKS = 100;

/** utime + stime of a process, in seconds. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may contain spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/** Resident set size in bytes. */
export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
  return Number(kib ?? Number.NaN) * 1024;
}

export interface ProcessUsage {
  readonly pid: number;
  /** Share of one core over the interval, in percent. */
  readonly cpuPercent: number;
  readonly rssBytes: number;
}

/** CPU of each process over `seconds`, and its RSS at the end. */
export async function sampleUsage(pids: readonly number[], seconds: number): Promise<ProcessUsage[]> {
  const before = pids.map(cpuSeconds);
  const started = performance.now();
  await sleep(seconds * 1000);
  const elapsed = (performance.now() - started) / 1000;
  return pids.map((pid, i) => ({ pid, cpuPercent: ((cpuSeconds(pid) - before[i]!) / elapsed) * 100, rssBytes: rssBytes(pid) }));
}
