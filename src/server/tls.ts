/**
 * gRPC credentials from the node's TLS files: TLS for clients (their certificates required or
 * optional), mutual TLS between nodes with every peer call bound to a node certificate of this
 * cluster, all following renewed files without a restart (security/cert-reload.ts).
 */
import {
  Metadata,
  ServerCredentials,
  ServerInterceptingCall,
  ServerListenerBuilder,
  ResponderBuilder,
  credentials,
  experimental,
  status,
  type ChannelCredentials,
  type ChannelOptions,
  type ServerInterceptor,
} from '@grpc/grpc-js';
import type { PeerCertificate } from 'node:tls';
import type { NodeConfig } from '../config/index.js';
import { CertificateReloader, type ReloadLogger } from '../security/cert-reload.js';
import { PEER_REFUSAL_METADATA, RefusalLog, certifiedNode } from '../transport/index.js';
import type { PeerRefusal } from '../transport/index.js';

export interface NodeCredentials {
  readonly clientServer: ServerCredentials;
  readonly peerServer: ServerCredentials;
  readonly peerChannel: ChannelCredentials;
  readonly peerChannelOptions: ChannelOptions;
  /** The node's certificates as they are now (undefined without TLS); the HTTPS port follows it too. */
  readonly certificates: CertificateReloader | undefined;
}

export interface NodeCredentialsOptions {
  readonly clusterId: string;
  readonly logger: ReloadLogger;
  /** Told of each call the peer port refuses for want of a node certificate of this cluster (for the refusal counts). */
  readonly onPeerRefused?: (refusal: PeerRefusal) => void;
}

export function nodeCredentials(tls: NodeConfig['tls'], options: NodeCredentialsOptions): NodeCredentials {
  if (tls === undefined) {
    return {
      clientServer: ServerCredentials.createInsecure(),
      peerServer: ServerCredentials.createInsecure(),
      peerChannel: credentials.createInsecure(),
      peerChannelOptions: {},
      certificates: undefined,
    };
  }
  const certificates = new CertificateReloader(tls, options.logger);
  certificates.start(tls.reloadIntervalMs);
  // grpc-js names the parameters (ca, identity) but passes them on as (identity, ca); one provider serves as both.
  const serverCredentials = (requireClientCertificate: boolean): ServerCredentials =>
    experimental.createCertificateProviderServerCredentials(certificates, certificates, requireClientCertificate);
  return {
    clientServer: serverCredentials(tls.clientCertificates === 'required'),
    peerServer: experimental.createServerCredentialsWithInterceptors(serverCredentials(true), [
      nodeCertificatesOnly(options.clusterId, new RefusalLog(options.logger, 'more peer calls refused than were logged'), options.onPeerRefused),
    ]),
    // A peer is known by the node id its certificate names, checked against its hello (peer-certificate.ts),
    // not by the host name it was dialled at: node certificates need not list every address.
    peerChannel: experimental.createCertificateProviderChannelCredentials(certificates, certificates, { checkServerIdentity: () => undefined }),
    // For the same reason the server name sent is a fixed one: peers are often dialled by IP
    // address, which TLS may not carry as a server name (Node warns, DEP0123).
    peerChannelOptions: { 'grpc.ssl_target_name_override': 'cairn-peer' },
    certificates,
  };
}

/**
 * Refuses every call on the peer port whose connection has no node certificate of this cluster
 * (a client certificate signed by the same CA, one naming another cluster) before any handler
 * runs: the controller's report service as much as the Raft streams, whose hellos are then also
 * checked against the node the certificate names.
 */
function nodeCertificatesOnly(clusterId: string, refusals: RefusalLog, onRefused?: (refusal: PeerRefusal) => void): ServerInterceptor {
  return (_method, call) => {
    const listener = new ServerListenerBuilder()
      .withOnReceiveMetadata((metadata, next) => {
        const certified = certifiedNode(call.getAuthContext().sslPeerCertificate, clusterId);
        if (certified.ok) return next(metadata);
        refusals.refused(certified.refusal, { address: call.getPeer(), refusal: certified.refusal, reason: certified.reason }, 'peer call refused');
        onRefused?.(certified.refusal);
        const trailer = new Metadata();
        trailer.set(PEER_REFUSAL_METADATA, certified.refusal);
        call.sendStatus({ code: status.FAILED_PRECONDITION, details: `${certified.refusal}: ${certified.reason}`, metadata: trailer });
      })
      .build();
    return new ServerInterceptingCall(call, new ResponderBuilder().withStart((next) => next(listener)).build());
  };
}

/** Why `cert` is not a node certificate of `clusterId` (for answers from the peer port), or undefined. */
export function notANodeCertificate(cert: PeerCertificate | undefined, clusterId: string): string | undefined {
  const certified = certifiedNode(cert, clusterId);
  return certified.ok ? undefined : `${certified.refusal}: ${certified.reason}`;
}

/**
 * Why a call on the peer port may not speak for node `claimed`: the certificate of its connection
 * names another node (or none). Undefined when it may.
 */
export function certificateClaimMismatch(call: { getAuthContext(): { sslPeerCertificate?: PeerCertificate } }, claimed: number | undefined, clusterId: string): string | undefined {
  const certified = certifiedNode(call.getAuthContext().sslPeerCertificate, clusterId);
  if (!certified.ok) return `${certified.refusal}: ${certified.reason}`;
  if (certified.nodeId !== claimed) return `certificate-mismatch: the report claims node ${claimed ?? 'none'} but the certificate names node ${certified.nodeId}`;
  return undefined;
}
