/**
 * `cairn node drain`: asks a node, through its HTTP port, to hand every
 * leadership it holds to another in-sync replica and to take none back until
 * it stops. Run before stopping a node (a Kubernetes preStop hook), so its
 * groups change leader without an election timeout.
 */
import { parseHostPort } from '../protocol/address.js';
import { positiveIntegerFlag, UsageError } from './args.js';
import { formatAge } from './cluster.js';
import { ADMIN_FLAGS, defineCommand } from './command.js';
import { EXIT_FAILED, EXIT_OK, print } from './output.js';

const DEFAULT_HTTP = '127.0.0.1:7072';
const DRAIN_TIMEOUT_MS_DEFAULT = 30_000;
/** The node answers by its timeout; this much later it is taken for stuck. */
const ANSWER_GRACE_MS = 5_000;

interface DrainAnswer {
  readonly drained: boolean;
  readonly leading: readonly number[];
  readonly waitedMs: number;
}

function drainAnswer(body: string, contentType: string | null): DrainAnswer | undefined {
  if (contentType !== 'application/json') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return undefined;
  }
  const answer = value as Partial<DrainAnswer> | null;
  const valid = typeof answer?.drained === 'boolean' && Array.isArray(answer.leading) && typeof answer.waitedMs === 'number';
  return valid ? (answer as DrainAnswer) : undefined;
}

export const nodeDrain = defineCommand({
  name: 'node drain',
  summary: 'move a node\'s leaderships to other replicas before it stops; it takes none back until restarted',
  positionals: [],
  flags: {
    http: { type: 'string', valueName: 'HOST:PORT', help: `the node's HTTP address (default ${DEFAULT_HTTP}); a node accepts drains only over loopback` },
    'timeout-ms': { type: 'string', valueName: 'MS', help: `how long to wait for its leaderships to move (default ${DRAIN_TIMEOUT_MS_DEFAULT})` },
    json: ADMIN_FLAGS.json,
  },
  run: async ({ flags, io }) => {
    const http = flags.http ?? DEFAULT_HTTP;
    if (parseHostPort(http) === undefined) throw new UsageError(`--http: expected HOST:PORT, got ${JSON.stringify(http)}`);
    const timeoutMs = positiveIntegerFlag('timeout-ms', flags['timeout-ms']) ?? DRAIN_TIMEOUT_MS_DEFAULT;
    const url = `http://${http}/drain?timeoutMs=${timeoutMs}`;
    let response: Response;
    try {
      response = await fetch(url, { method: 'POST', signal: AbortSignal.timeout(timeoutMs + ANSWER_GRACE_MS) });
    } catch (error) {
      const cause = (error as Error).cause;
      io.stderr(`error: cannot drain the node at ${http}: ${cause instanceof Error ? cause.message : (error as Error).message}\n`);
      return EXIT_FAILED;
    }
    const body = await response.text();
    const answer = drainAnswer(body, response.headers.get('content-type'));
    if (answer === undefined) {
      io.stderr(`error: the node at ${http} refused the drain (HTTP ${response.status}): ${body.trim()}\n`);
      return EXIT_FAILED;
    }
    if (!answer.drained && !flags.json) {
      io.stderr(`error: the node at ${http} still leads groups ${answer.leading.join(',')} after ${formatAge(answer.waitedMs)}\n`);
      return EXIT_FAILED;
    }
    print(io, flags.json, answer, () => `drained: the node at ${http} leads no group (after ${formatAge(answer.waitedMs)})\n`);
    return answer.drained ? EXIT_OK : EXIT_FAILED;
  },
});
