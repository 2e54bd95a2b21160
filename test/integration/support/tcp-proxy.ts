/**
 * A TCP proxy on loopback in front of one port, for faults a node cannot
 * make itself, on the path between clients and the node:
 *
 * - freeze(): every connection open now stops delivering, in both
 *   directions, for good, without closing: a connection whose packets vanish
 *   while its node is fine (a path that black-holed them, after which TCP
 *   backs off for minutes; or a peer gone without a reset);
 * - blackHole(true): until blackHole(false), new connections are accepted
 *   and then never served, and stay so: attempts whose packets vanish, or
 *   that a stopped node accepted.
 *
 * Other connections pass as usual.
 */
import { connect, createServer } from 'node:net';
import type { Server, Socket } from 'node:net';

export class TcpProxy {
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  /** Pairs (client side, node side) still forwarding. */
  readonly #pairs = new Set<readonly [Socket, Socket]>();
  #blackHole = false;
  /** Connections accepted while black-holing. */
  held = 0;

  private constructor(server: Server) {
    this.#server = server;
  }

  /** Listens on a free port; each connection goes to the port `target()` names when it arrives. */
  static async start(target: () => number): Promise<TcpProxy> {
    const server = createServer();
    const proxy = new TcpProxy(server);
    server.on('connection', (client) => proxy.#accept(client, target()));
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

  blackHole(on: boolean): void {
    this.#blackHole = on;
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise((resolve) => this.#server.close(resolve));
  }

  #accept(client: Socket, port: number): void {
    if (!this.#blackHole) {
      this.#forward(client, port);
      return;
    }
    this.held++;
    this.#sockets.add(client);
    client.pause();
    client.on('error', () => undefined);
    client.on('close', () => this.#sockets.delete(client));
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
