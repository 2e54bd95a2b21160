/**
 * `cairn node drain`: asks a node, through its HTTP port, to hand every
 * leadership it holds to another in-sync replica and to take none back until
 * it stops. Run before stopping a node (a Kubernetes preStop hook), so its
 * groups change leader without an election timeout.
 */
import { readFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
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

interface HttpAnswer {
  readonly status: number;
  readonly contentType: string | null;
  readonly body: string;
}

/** POSTs to the node's HTTP port, over HTTPS checked against `ca` when given (a node with tls.http=tls). */
function post(url: string, ca: Buffer | undefined, timeoutMs: number): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const options = { method: 'POST', signal: AbortSignal.timeout(timeoutMs) };
    const sent = ca === undefined ? httpRequest(url, options) : httpsRequest(url, { ...options, ca });
    sent.on('error', reject);
    sent.on('response', (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('error', reject);
      response.on('end', () => resolve({ status: response.statusCode ?? 0, contentType: response.headers['content-type'] ?? null, body }));
    });
    sent.end();
  });
}

export const nodeDrain = defineCommand({
  name: 'node drain',
  summary: 'move a node\'s leaderships to other replicas before it stops; it takes none back until restarted',
  positionals: [],
  flags: {
    http: { type: 'string', valueName: 'HOST:PORT', help: `the node's HTTP address (default ${DEFAULT_HTTP}); a node accepts drains only over loopback` },
    'timeout-ms': { type: 'string', valueName: 'MS', help: `how long to wait for its leaderships to move (default ${DRAIN_TIMEOUT_MS_DEFAULT})` },
    'tls-ca-file': { type: 'string', valueName: 'FILE', help: "HTTPS, checking the node's certificate against this authority (a node with tls.http=tls)" },
    json: ADMIN_FLAGS.json,
  },
  run: async ({ flags, io }) => {
    const http = flags.http ?? DEFAULT_HTTP;
    if (parseHostPort(http) === undefined) throw new UsageError(`--http: expected HOST:PORT, got ${JSON.stringify(http)}`);
    const timeoutMs = positiveIntegerFlag('timeout-ms', flags['timeout-ms']) ?? DRAIN_TIMEOUT_MS_DEFAULT;
    const caFile = flags['tls-ca-file'];
    let ca: Buffer | undefined;
    try {
      ca = caFile === undefined ? undefined : await readFile(caFile);
    } catch (error) {
      throw new UsageError(`--tls-ca-file: cannot read ${JSON.stringify(caFile)}: ${(error as Error).message}`);
    }
    const url = `${ca === undefined ? 'http' : 'https'}://${http}/drain?timeoutMs=${timeoutMs}`;
    let response: HttpAnswer;
    try {
      response = await post(url, ca, timeoutMs + ANSWER_GRACE_MS);
    } catch (error) {
      io.stderr(`error: cannot drain the node at ${http}: ${(error as Error).message}\n`);
      return EXIT_FAILED;
    }
    const { body } = response;
    const answer = drainAnswer(body, response.contentType);
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
