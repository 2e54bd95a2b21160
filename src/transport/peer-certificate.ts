/**
 * Which node a peer's certificate names, so that a node cannot claim another's id in its hello.
 *
 * A node certificate (scripts/gen-certs.sh `node:ID`) carries:
 * - a URI subject alternative name `cairn://<cluster id>/node/<node id>` (the cluster id
 *   percent-encoded as in a URI path segment), exactly one for this cluster;
 * - extended key usage serverAuth AND clientAuth, since a node both serves and dials peers.
 *   Client certificates carry clientAuth only, so one signed by the same CA still cannot join the
 *   peer port. A certificate signed by another authority never gets here: the peer port's TLS
 *   handshake refuses it.
 */
import type { PeerCertificate } from 'node:tls';
import { subjectAltNames } from '../security/certificate-principal.js';
import type { NodeId } from '../raft/types.js';
import { clipped } from './clip.js';
import type { PeerRefusal } from './types.js';

export const SERVER_AUTH_OID = '1.3.6.1.5.5.7.3.1';
export const CLIENT_AUTH_OID = '1.3.6.1.5.5.7.3.2';

const NODE_URI = /^cairn:\/\/([^/]+)\/node\/([1-9][0-9]{0,9})$/;
const NODE_ID_MAX = 0xffff_ffff;

/** The URI SAN a certificate for node `nodeId` of cluster `clusterId` carries. */
export function nodeCertificateUri(clusterId: string, nodeId: number): string {
  return `cairn://${encodeURIComponent(clusterId)}/node/${nodeId}`;
}

export type CertifiedNode =
  | { readonly ok: true; readonly nodeId: NodeId }
  | { readonly ok: false; readonly refusal: Extract<PeerRefusal, 'not-a-node-certificate' | 'wrong-cluster'>; readonly reason: string };

/** The node of `clusterId` the verified certificate names, or why it names none. */
export function certifiedNode(cert: PeerCertificate | undefined, clusterId: string): CertifiedNode {
  const refuse = (reason: string): CertifiedNode => ({ ok: false, refusal: 'not-a-node-certificate', reason });
  if (cert === undefined) return refuse('the connection has no verified certificate');
  const usages = cert.ext_key_usage ?? [];
  if (!usages.includes(SERVER_AUTH_OID) || !usages.includes(CLIENT_AUTH_OID)) {
    return refuse('the certificate is not a node certificate (node certificates have extended key usage serverAuth and clientAuth; client certificates only clientAuth)');
  }
  const ids: number[] = [];
  const otherClusters: string[] = [];
  for (const san of subjectAltNames(cert.subjectaltname)) {
    if (san.type !== 'URI') continue;
    const match = NODE_URI.exec(san.value);
    if (match === null) continue;
    const [, cluster, id] = match as unknown as [string, string, string];
    if (safeDecode(cluster) === clusterId) ids.push(Number(id));
    else otherClusters.push(cluster);
  }
  if (ids.length === 0) {
    if (otherClusters.length > 0) {
      return { ok: false, refusal: 'wrong-cluster', reason: `the certificate names a node of cluster "${clipped(safeDecode(otherClusters[0]!) ?? '')}", not "${clusterId}"` };
    }
    return refuse(`the certificate names no node: it needs a URI SAN cairn://${encodeURIComponent(clusterId)}/node/<node id>`);
  }
  if (ids.length > 1) return refuse(`the certificate must name one node of this cluster, it names ${ids.length}`);
  const id = ids[0]!;
  if (id > NODE_ID_MAX) return refuse(`the certificate names node ${id}, beyond the largest node id ${NODE_ID_MAX}`);
  return { ok: true, nodeId: id as NodeId };
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}
