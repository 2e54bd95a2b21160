/** gRPC credentials from the node's TLS files: TLS for clients, mutual TLS between nodes. */
import { readFileSync } from 'node:fs';
import { ServerCredentials, credentials, type ChannelCredentials } from '@grpc/grpc-js';
import type { NodeConfig } from '../config/index.js';

export interface NodeCredentials {
  readonly clientServer: ServerCredentials;
  readonly peerServer: ServerCredentials;
  readonly peerChannel: ChannelCredentials;
}

export function nodeCredentials(tls: NodeConfig['tls']): NodeCredentials {
  if (tls === undefined) {
    return { clientServer: ServerCredentials.createInsecure(), peerServer: ServerCredentials.createInsecure(), peerChannel: credentials.createInsecure() };
  }
  const ca = readFileSync(tls.caFile);
  const keyCertPairs = [{ private_key: readFileSync(tls.keyFile), cert_chain: readFileSync(tls.certFile) }];
  return {
    clientServer: ServerCredentials.createSsl(ca, keyCertPairs, false),
    // Nodes must present a certificate signed by the cluster's CA.
    peerServer: ServerCredentials.createSsl(ca, keyCertPairs, true),
    peerChannel: credentials.createSsl(ca, keyCertPairs[0]!.private_key, keyCertPairs[0]!.cert_chain),
  };
}
