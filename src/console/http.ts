/**
 * The web console under /ui on the node's HTTP port: the page, its bundled
 * script and style (built by `npm run build` into dist/console-ui/, so the
 * console needs nothing beyond the node: no CDN, no network), and the
 * read-only JSON API. Only GET and HEAD are answered, but for signing in and
 * out (/ui/api/session): the console changes nothing in the cluster.
 * `cairn serve` mounts it on the node (src/cli/serve.ts).
 *
 * With authentication on, a browser signs in with a user name and password
 * (POST /ui/api/session, accepted only over HTTPS or from loopback, so a
 * password never crosses a network in clear), gets the node's session token
 * and sends it as `Authorization: Bearer` with every request; the API
 * answers through a client carrying that token (src/console/sessions.ts).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { CairnError } from '../client/index.js';
import type { ConsoleApiOptions } from './api.js';
import { ConsoleSessions } from './sessions.js';
import type { ConsoleSession, ConsoleSignIn } from './types.js';

/**
 * Where the bundle is: dist/console-ui beside the built code
 * (dist/src/console/ → ../../console-ui), or, for a node run from source
 * through tsx (src/console/), the same dist/console-ui of the checkout.
 */
const ASSET_DIRS = ['../../console-ui', '../../dist/console-ui'].map((relative) => fileURLToPath(new URL(relative, import.meta.url)));

/** The bundle's files and their types; nothing else under /ui is read from disk. */
const ASSETS: Readonly<Record<string, string>> = {
  'app.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
};

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Cairn console</title>
<link rel="stylesheet" href="/ui/app.css">
</head>
<body>
<div id="app"></div>
<script type="module" src="/ui/app.js"></script>
</body>
</html>
`;

/** HTTP statuses for the CairnError codes the API answers; any other code is a server-side failure. */
const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  INVALID_REQUEST: 400,
  UNKNOWN_TOPIC_OR_PARTITION: 404,
  GROUP_ID_NOT_FOUND: 404,
  INVALID_TOPIC_NAME: 400,
  // No token, or one the node refused (wrong password at sign-in, expired, its user deleted): the browser signs in again.
  UNAUTHENTICATED: 401,
  // The signed-in user's ACLs do not allow it: the message names the operation and resource.
  UNAUTHORIZED: 403,
};

/** A sign-in's JSON body at most: a user name and a password. */
const SIGN_IN_BYTES_MAX = 4096;

function httpStatus(error: CairnError): number {
  return STATUS_BY_CODE[error.code] ?? (error.retriable ? 503 : 500);
}

function assetDir(): string | undefined {
  return ASSET_DIRS.find((dir) => existsSync(join(dir, 'app.js')));
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }).end(JSON.stringify(body));
}

async function sendAsset(response: ServerResponse, name: string): Promise<void> {
  const dir = assetDir();
  if (dir === undefined) {
    response.writeHead(503, { 'content-type': 'text/plain' }).end('the console is not built: run npm run build\n');
    return;
  }
  const body = await readFile(join(dir, name));
  response.writeHead(200, { 'content-type': ASSETS[name]!, 'cache-control': 'no-cache' }).end(body);
}

function sendError(response: ServerResponse, error: unknown): void {
  const cairn = error instanceof CairnError ? error : new CairnError('INTERNAL', String(error));
  sendJson(response, httpStatus(cairn), { code: cairn.code, message: cairn.message });
}

/** Loopback: 127.0.0.0/8, ::1, and IPv4 loopback mapped into IPv6. */
export function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return (isIP(v4) === 4 && v4.startsWith('127.')) || address === '::1';
}

/** Whether a password may arrive on this request: over HTTPS, or from this machine (a TLS-terminating proxy on the node's host counts). */
export function passwordsAllowed(request: Pick<IncomingMessage, 'socket'>): boolean {
  return (request.socket as Partial<TLSSocket>).encrypted === true || isLoopback(request.socket.remoteAddress);
}

/** The session token in `Authorization: Bearer <token>`, undefined without the header. */
export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match = /^Bearer +([A-Za-z0-9._~+/=-]+) *$/i.exec(header);
  if (match === null) throw new CairnError('UNAUTHENTICATED', 'malformed Authorization header: expected "Bearer <token>"');
  return match[1];
}

async function readBody(request: IncomingMessage, bytesMax: number): Promise<string> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (bytes > bytesMax) throw new CairnError('INVALID_REQUEST', `sign-in: the body is larger than ${bytesMax} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** `{ "user": ..., "password": ... }`, as JSON only: a cross-site form cannot post JSON without the page's consent. */
async function signInRequest(request: IncomingMessage): Promise<{ user: string; password: string }> {
  if (!/^application\/json\b/i.test(request.headers['content-type'] ?? '')) throw new CairnError('INVALID_REQUEST', 'sign-in: expected a JSON body (content-type: application/json)');
  let body: unknown;
  try {
    body = JSON.parse(await readBody(request, SIGN_IN_BYTES_MAX));
  } catch (error) {
    if (error instanceof CairnError) throw error;
    throw new CairnError('INVALID_REQUEST', 'sign-in: the body is not JSON');
  }
  const { user, password } = (body ?? {}) as { user?: unknown; password?: unknown };
  if (typeof user !== 'string' || user === '' || typeof password !== 'string' || password === '') {
    throw new CairnError('INVALID_REQUEST', 'sign-in: expected a non-empty "user" and "password"');
  }
  return { user, password };
}

async function signIn(request: IncomingMessage, sessions: ConsoleSessions): Promise<ConsoleSignIn> {
  if (!passwordsAllowed(request)) {
    throw new CairnError('UNAUTHENTICATED', 'the console takes passwords only over HTTPS (tls.http=tls) or from this machine: sign in at https://, or through an SSH tunnel');
  }
  const { user, password } = await signInRequest(request);
  const { token, expiresAtMs } = await sessions.signIn(user, password);
  return { user, token, expiresAtMs };
}

/** /ui/api/session: GET says whether sign-in is needed, POST signs in, DELETE signs out. */
function handleSession(request: IncomingMessage, response: ServerResponse, sessions: ConsoleSessions, authentication: boolean): void {
  if (request.method === 'GET' || request.method === 'HEAD') return void sendJson(response, 200, { authentication } satisfies ConsoleSession);
  if (request.method === 'POST') {
    return void signIn(request, sessions).then(
      (session) => sendJson(response, 200, session),
      (error: unknown) => sendError(response, error),
    );
  }
  if (request.method === 'DELETE') {
    try {
      const token = bearerToken(request.headers.authorization);
      // The token itself stays valid until it expires (it is signed, not stored): signing out forgets it here and in the browser.
      if (token !== undefined) sessions.forget(token);
      return void response.writeHead(204, { 'cache-control': 'no-store' }).end();
    } catch (error) {
      return sendError(response, error);
    }
  }
  response.writeHead(405, { allow: 'GET, HEAD, POST, DELETE' }).end();
}

function answerApi(request: IncomingMessage, response: ServerResponse, url: URL, sessions: ConsoleSessions): void {
  let token: string | undefined;
  try {
    token = bearerToken(request.headers.authorization);
  } catch (error) {
    return sendError(response, error);
  }
  sessions
    .clientFor(token)
    .answer(url.pathname.slice('/ui/api/'.length), url.searchParams)
    .then(
      (body) => sendJson(response, 200, body),
      (error: unknown) => {
        // A refused token will not be accepted again: its client goes, and the browser signs in anew.
        if (token !== undefined && error instanceof CairnError && error.code === 'UNAUTHENTICATED') sessions.forget(token);
        sendError(response, error);
      },
    );
}

/** Answers a request whose path is /ui or under it. */
function handle(request: IncomingMessage, response: ServerResponse, url: URL, sessions: ConsoleSessions, authentication: boolean): void {
  const path = url.pathname;
  if (path === '/ui/api/session') return handleSession(request, response, sessions, authentication);
  if (request.method !== 'GET' && request.method !== 'HEAD') return void response.writeHead(405, { allow: 'GET, HEAD' }).end();
  if (path === '/ui') return void response.writeHead(301, { location: '/ui/' }).end();
  if (path === '/ui/') return void response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' }).end(PAGE);
  const asset = path.slice('/ui/'.length);
  if (Object.hasOwn(ASSETS, asset)) {
    return void sendAsset(response, asset).catch((error: unknown) => response.writeHead(500).end(String(error)));
  }
  if (path.startsWith('/ui/api/')) return answerApi(request, response, url, sessions);
  response.writeHead(404).end();
}

/** What the node's HTTP server mounts: requests to `prefix` and under it go to `handle`. */
export interface ConsoleRoute {
  readonly prefix: '/ui';
  handle(request: IncomingMessage, response: ServerResponse, url: URL): void;
  /** Closes the console's client connections; call after the node stops. */
  close(): Promise<void>;
}

export interface ConsoleRouteOptions extends ConsoleApiOptions {
  /** The node's auth.enabled: the browser shows a sign-in form first. */
  readonly authentication: boolean;
}

export function consoleRoute(options: ConsoleRouteOptions): ConsoleRoute {
  const sessions = new ConsoleSessions(options);
  return {
    prefix: '/ui',
    handle: (request, response, url) => handle(request, response, url, sessions, options.authentication),
    close: () => sessions.close(),
  };
}
