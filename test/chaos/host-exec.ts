/**
 * Commands run on the host: in a container's network namespace (nsenter) or
 * on the host's side of its link; and signals to, and states of, host processes.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** No command here should take long; one that hangs must not stall the nemesis. */
const COMMAND_TIMEOUT_MS = 10_000;

export async function run(command: string, args: readonly string[]): Promise<string> {
  try {
    const { stdout } = await execFileAsync(command, args, { timeout: COMMAND_TIMEOUT_MS });
    return stdout;
  } catch (error) {
    const { stderr } = error as { stderr?: string };
    throw new Error(`${command} ${args.join(' ')}: ${stderr?.trim() || (error as Error).message}`, { cause: error });
  }
}

/** Runs a host binary inside the network namespace of process `pid` (iptables, nft, tc, ip). */
export function inNetns(pid: number, command: string, args: readonly string[]): Promise<string> {
  return run('nsenter', ['-t', String(pid), '-n', command, ...args]);
}

/**
 * The state letter of a host process from /proc (R, S, D, T for stopped, …),
 * or undefined if it is gone. The command name, in parentheses, may itself
 * hold spaces and parentheses: the state follows the last `)`.
 */
export async function processState(pid: number): Promise<string | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  });
  return stat?.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
}

/** Sends a signal to a host process; one that is gone already is left alone. */
export function signalProcess(pid: number, signal: 'SIGSTOP' | 'SIGCONT'): void {
  try {
    process.kill(pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}
