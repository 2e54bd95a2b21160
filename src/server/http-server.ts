/**
 * The node's HTTP endpoint: Prometheus metrics, the probes an orchestrator
 * uses, and draining. `/healthz` answers while the process can serve at all
 * (liveness); `/readyz` only once the node has caught up (readiness), so a
 * node still catching up is alive but not sent traffic. `POST /drain` moves
 * the node's leaderships away before it is stopped (a preStop hook). Other
 * paths go to the routes the node was started with (the web console, /ui).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseHostPort } from '../protocol/address.js';
import type { Metrics } from '../observability/index.js';
import type { Server } from 'node:net';
import type { CertificateReloader } from '../security/cert-reload.js';
import { createHttpListener, type MetricsToken } from './http-security.js';

/** What `POST /drain` answers, as JSON: 200 when drained, 503 when the bound passed first. */
export interface DrainResult {
  /** True when this node leads no group. */
  readonly drained: boolean;
  /** Groups it still leads. */
  readonly leading: readonly number[];
  readonly waitedMs: number;
}

export interface NodeEndpoints {
  /** Why the node is not ready, or undefined when it is. */
  notReadyReason(): string | undefined;
  /** Hands this node's leaderships away, waiting at most `waitMsMax`. */
  drain(waitMsMax: number): Promise<DrainResult>;
  /** HTTPS with the node's certificates (following renewals); plain HTTP without. */
  readonly certificates?: CertificateReloader;
  /** When set, /metrics requires this bearer token (the probes and /drain do not). */
  readonly metricsToken?: MetricsToken;
  /** Paths the node serves for others, such as the web console that `cairn serve` mounts under /ui. */
  readonly routes?: readonly HttpRoute[];
}

/** Requests to `prefix` and under it (`prefix/...`) go to `handle`. */
export interface HttpRoute {
  readonly prefix: string;
  handle(request: IncomingMessage, response: ServerResponse, url: URL): void;
}

const routeFor = (routes: readonly HttpRoute[] | undefined, path: string): HttpRoute | undefined =>
  routes?.find((route) => path === route.prefix || path.startsWith(`${route.prefix}/`));

/** `POST /drain?timeoutMs=N`: how long it waits unless told, and at most. */
export const DRAIN_WAIT_MS_DEFAULT = 30_000;
export const DRAIN_WAIT_MS_MAX = 600_000;

/** The HTTP port has no authentication: only a client on the node's own machine (a preStop hook, an operator) may drain it. */
export const isLoopback = (address: string | undefined): boolean => address !== undefined && /^(127\.|::1$|::ffff:127\.)/.test(address);

function drainWaitMs(text: string | null): number | undefined {
  if (text === null) return DRAIN_WAIT_MS_DEFAULT;
  const value = Number(text);
  return /^[1-9][0-9]*$/.test(text) && value <= DRAIN_WAIT_MS_MAX ? value : undefined;
}

function handleDrain(request: IncomingMessage, response: ServerResponse, url: URL, endpoints: NodeEndpoints): void {
  const text = (status: number, body: string): void => void response.writeHead(status, { 'content-type': 'text/plain' }).end(`${body}\n`);
  if (request.method !== 'POST') return void response.writeHead(405, { allow: 'POST' }).end();
  if (!isLoopback(request.socket.remoteAddress)) return text(403, 'drain is accepted only from the node\'s own machine (loopback)');
  const waitMs = drainWaitMs(url.searchParams.get('timeoutMs'));
  if (waitMs === undefined) return text(400, `timeoutMs: expected an integer from 1 to ${DRAIN_WAIT_MS_MAX}, got ${JSON.stringify(url.searchParams.get('timeoutMs'))}`);
  endpoints.drain(waitMs).then(
    (result) => response.writeHead(result.drained ? 200 : 503, { 'content-type': 'application/json' }).end(`${JSON.stringify(result)}\n`),
    (error: unknown) => text(500, String(error)),
  );
}

export async function startHttpServer(address: string, metrics: Metrics, endpoints: NodeEndpoints): Promise<{ server: Server; port: number }> {
  const server = createHttpListener(endpoints.certificates, (request, response) => {
    const url = new URL(request.url ?? '/', 'http://node');
    const path = url.pathname;
    if (path === '/metrics') {
      if (endpoints.metricsToken !== undefined && !endpoints.metricsToken.authorized(request)) return endpoints.metricsToken.refuse(response);
      metrics.expose().then(
        (body) => response.writeHead(200, { 'content-type': metrics.contentType }).end(body),
        (error: unknown) => response.writeHead(500).end(String(error)),
      );
    } else if (path === '/healthz') {
      response.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
    } else if (path === '/readyz') {
      const reason = endpoints.notReadyReason();
      response.writeHead(reason === undefined ? 200 : 503, { 'content-type': 'text/plain' }).end(`${reason ?? 'ready'}\n`);
    } else if (path === '/drain') {
      handleDrain(request, response, url, endpoints);
    } else {
      const route = routeFor(endpoints.routes, path);
      if (route !== undefined) route.handle(request, response, url);
      else response.writeHead(404).end();
    }
  });
  const parsed = parseHostPort(address, { portZeroAllowed: true });
  if (parsed === undefined) throw new Error(`invalid HTTP listen address "${address}"`);
  const host = parsed.host.replace(/^\[|\]$/g, '');
  const port = parsed.port;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const bound = server.address();
  return { server, port: typeof bound === 'object' && bound !== null ? bound.port : port };
}
