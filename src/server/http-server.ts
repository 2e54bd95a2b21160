/**
 * The node's HTTP endpoint: Prometheus metrics and the probes an orchestrator
 * uses. `/healthz` answers while the process can serve at all (liveness);
 * `/readyz` only once the node has caught up (readiness), so a node still
 * catching up is alive but not sent traffic.
 */
import { createServer, type Server } from 'node:http';
import { parseHostPort } from '../client/address.js';
import type { Metrics } from '../observability/index.js';

export interface Health {
  /** Why the node is not ready, or undefined when it is. */
  notReadyReason(): string | undefined;
}

export async function startHttpServer(address: string, metrics: Metrics, health: Health): Promise<{ server: Server; port: number }> {
  const server = createServer((request, response) => {
    const path = request.url?.split('?')[0];
    if (path === '/metrics') {
      metrics.expose().then(
        (body) => response.writeHead(200, { 'content-type': metrics.contentType }).end(body),
        (error: unknown) => response.writeHead(500).end(String(error)),
      );
    } else if (path === '/healthz') {
      response.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
    } else if (path === '/readyz') {
      const reason = health.notReadyReason();
      response.writeHead(reason === undefined ? 200 : 503, { 'content-type': 'text/plain' }).end(`${reason ?? 'ready'}\n`);
    } else {
      response.writeHead(404).end();
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
