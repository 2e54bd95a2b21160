/** Registers the Peer service on a gRPC server; createPeerServer is a stand-alone server for tests and tools. */
import { Server, ServerCredentials } from '@grpc/grpc-js';
import type { ServerOptions } from '@grpc/grpc-js';
import type { PeerTransport } from './peer-transport.js';
import { peerProto } from './proto.js';

/**
 * A frame can exceed frameBytesMax when a single message does (an App carrying one large entry),
 * so the peer server must accept more than grpc's default 4 MiB.
 */
export const PEER_MESSAGE_BYTES_MAX = 64 * 1024 * 1024;

/** Options the node's peer server must be created with. */
export const PEER_SERVER_OPTIONS: ServerOptions = { 'grpc.max_receive_message_length': PEER_MESSAGE_BYTES_MAX };

export function addPeerService(server: Server, transport: PeerTransport): void {
  server.addService(peerProto().Peer.service, transport.service());
}

/** Binds a server with only the Peer service; port 0 picks a free port, returned as `port`. */
export async function createPeerServer(
  transport: PeerTransport,
  address = '127.0.0.1:0',
  credentials: ServerCredentials = ServerCredentials.createInsecure(),
): Promise<{ server: Server; port: number }> {
  const server = new Server(PEER_SERVER_OPTIONS);
  addPeerService(server, transport);
  try {
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync(address, credentials, (error, boundPort) => (error === null ? resolve(boundPort) : reject(error))),
    );
    return { server, port };
  } catch (error) {
    server.forceShutdown();
    throw error;
  }
}
