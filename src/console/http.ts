/**
 * The web console under /ui on the node's HTTP port: the page, its bundled
 * script and style (built by `npm run build` into dist/console-ui/, so the
 * console needs nothing beyond the node: no CDN, no network), and the
 * read-only JSON API. Only GET and HEAD are answered: the console changes
 * nothing. `cairn serve` mounts it on the node (src/cli/serve.ts).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CairnError } from '../client/index.js';
import { ConsoleApi } from './api.js';
import type { ConsoleApiOptions } from './api.js';

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
  // The cluster requires clients to sign in (auth.enabled) or to present a certificate: the console does neither.
  UNAUTHENTICATED: 401,
  UNAUTHORIZED: 403,
};

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

/** Answers a request whose path is /ui or under it. */
function handle(request: IncomingMessage, response: ServerResponse, url: URL, api: ConsoleApi): void {
  if (request.method !== 'GET' && request.method !== 'HEAD') return void response.writeHead(405, { allow: 'GET, HEAD' }).end();
  const path = url.pathname;
  if (path === '/ui') return void response.writeHead(301, { location: '/ui/' }).end();
  if (path === '/ui/') return void response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' }).end(PAGE);
  const asset = path.slice('/ui/'.length);
  if (Object.hasOwn(ASSETS, asset)) {
    return void sendAsset(response, asset).catch((error: unknown) => response.writeHead(500).end(String(error)));
  }
  if (path.startsWith('/ui/api/')) {
    api.answer(path.slice('/ui/api/'.length), url.searchParams).then(
      (body) => sendJson(response, 200, body),
      (error: unknown) => {
        const cairn = error instanceof CairnError ? error : new CairnError('INTERNAL', String(error));
        sendJson(response, httpStatus(cairn), { code: cairn.code, message: cairn.message });
      },
    );
    return;
  }
  response.writeHead(404).end();
}

/** What the node's HTTP server mounts: requests to `prefix` and under it go to `handle`. */
export interface ConsoleRoute {
  readonly prefix: '/ui';
  handle(request: IncomingMessage, response: ServerResponse, url: URL): void;
  /** Closes the console's client connections; call after the node stops. */
  close(): Promise<void>;
}

export function consoleRoute(options: ConsoleApiOptions): ConsoleRoute {
  const api = new ConsoleApi(options);
  return { prefix: '/ui', handle: (request, response, url) => handle(request, response, url, api), close: () => api.close() };
}
