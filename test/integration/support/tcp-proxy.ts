/**
 * A TCP proxy on loopback in front of one port, for a fault a node cannot
 * make itself: freeze() makes every connection open now stop delivering, in
 * both directions, without closing it, while connections made later pass as
 * usual. That is a connection whose packets vanish while its node is fine:
 * a path black-holed (TCP then backs off for minutes after it heals), or a
 * peer gone without a reset.
 */
import { connect, createServer } from 'node:net';
import type { Server, Socket } from 'node:net';

export class TcpProxy {
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  /** Pairs (client side, node side) still forwarding. */
  readonly #pairs = new Set<readonly [Socket, Socket]>();

  private constructor(server: Server) {
    this.#server = server;
  }

  /** Listens on a free port; each connection goes to the port `target()` names when it arrives. */
  static async start(target: () => number): Promise<TcpProxy> {
    const server = createServer();
    const proxy = new TcpProxy(server);
    server.on('connection', (client) => proxy.#forward(client, target()));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get address(): string {
    return `127.0.0.1:${(this.#server.address() as { port: number }).port}`;
  }

  /** Every connection open now stops forwarding for good; its sockets stay open. */
  freeze(): void {
    for (const [client, node] of this.#pairs) {
      client.unpipe(node);
      node.unpipe(client);
      client.pause();
      node.pause();
    }
    this.#pairs.clear();
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise((resolve) => this.#server.close(resolve));
  }

  #forward(client: Socket, port: number): void {
    const node = connect(port, '127.0.0.1');
    const pair = [client, node] as const;
    for (const socket of pair) {
      this.#sockets.add(socket);
      // Either side ending or failing ends both, as a direct connection would.
      socket.on('error', () => undefined);
      socket.on('close', () => {
        this.#sockets.delete(socket);
        this.#pairs.delete(pair);
        client.destroy();
        node.destroy();
      });
    }
    client.pipe(node);
    node.pipe(client);
    this.#pairs.add(pair);
  }
}
