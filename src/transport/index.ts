export { PeerTransport, PEER_TRANSPORT_DEFAULTS } from './peer-transport.js';
export { PEER_REFUSAL_METADATA } from './types.js';
export { clipped } from './clip.js';
export { RefusalLog } from './refusal-log.js';
export { certifiedNode, nodeCertificateUri } from './peer-certificate.js';
export type { CertifiedNode } from './peer-certificate.js';
export { addPeerService, createPeerServer, PEER_MESSAGE_BYTES_MAX, PEER_SERVER_OPTIONS } from './peer-server.js';
export type {
  Envelope,
  PeerHello,
  PeerRefusal,
  PeerStats,
  PeerTransportOptions,
  PeerVerdict,
  TransportHandlers,
  TransportLogger,
} from './types.js';
