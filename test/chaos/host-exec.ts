/** Commands run on the host: in a container's network namespace (nsenter) or on the host's side of its link. */
import { execFile } from 'node:child_process';
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
