/**
 * The resolved configuration of one node: every field set, relationships
 * between fields checked, derived defaults filled in, and the whole frozen.
 */
import { availableParallelism } from 'node:os';
import { parseHostPort } from '../protocol/address.js';
import type { HostPort } from '../protocol/address.js';
import type { NodeId } from '../raft/types.js';
import { ConfigError } from './errors.js';
import type { FieldPath, FieldValue, LogLevel, PeerAddress } from './fields.js';
import { DEFAULT_PRINCIPAL_RULES } from '../security/certificate-principal.js';
import type { PrincipalMappingRule } from '../security/certificate-principal.js';

export interface TlsConfig {
  readonly certFile: string;
  readonly keyFile: string;
  readonly caFile: string;
  /** 'required': the client port refuses a connection without a certificate the CA signed. */
  readonly clientCertificates: 'optional' | 'required';
  /** How a verified client certificate maps to a user (security/certificate-principal.ts). */
  readonly principalRules: readonly PrincipalMappingRule[];
  readonly reloadIntervalMs: number;
  /** Whether the HTTP port serves HTTPS with the node certificate. */
  readonly http: 'plaintext' | 'tls';
}

export interface NodeConfig {
  readonly nodeId: NodeId;
  readonly clusterId: string;
  readonly dataDir: string;
  /** Client API. With port 0 the server picks a port and must advertise the bound one. */
  readonly listenAddress: string;
  /** What clients are told to connect to (Metadata, leader hints). */
  readonly advertisedAddress: string;
  readonly peerListenAddress: string;
  /** Metrics (`/metrics`) and health. */
  readonly httpListenAddress: string;
  /** Initial cluster members including this node, sorted by id; empty for a single node. */
  readonly peers: readonly PeerAddress[];
  /** The metadata group's voters at bootstrap. */
  readonly metadataVoters: readonly NodeId[];
  readonly rack: string | undefined;
  /** Undefined: plaintext everywhere. */
  readonly tls: TlsConfig | undefined;
  /** `metricsTokenFile`: a file with the bearer token /metrics requires; undefined: /metrics is open. */
  readonly http: { readonly metricsTokenFile: string | undefined };
  readonly tickMs: number;
  readonly electionTicks: number;
  readonly heartbeatTicks: number;
  readonly nodeDeadAfterMs: number;
  readonly replicaMoveAfterMs: number;
  readonly logLevel: LogLevel;
  /** This node admits `cores × partitionsPerCore` partition replicas (metadata/admission.ts). */
  readonly partitionsPerCore: number;
  readonly cores: number;
  readonly writeCaching: { readonly flushIntervalMs: number };
  /** This node's defaults, as partition leader, for topics that do not set message.timestamp.*.max.ms; -1: any. */
  readonly messageTimestamp: { readonly beforeMaxMs: number; readonly afterMaxMs: number };
  /** This node's producer.id.expiration.ms for topics that set none; undefined: the topic default. */
  readonly producerIdExpirationMs: number | undefined;
  /** Per-partition labels on the data metrics (docs/operations.md, "Metrics reference"). */
  readonly metrics: { readonly perPartition: boolean };
  /** Authentication and authorization of client calls (docs/security.md). */
  readonly auth: AuthConfig;
}

export interface AuthConfig {
  readonly enabled: boolean;
  readonly authorization: boolean;
  readonly superUsers: readonly string[];
  readonly tokenTtlMs: number;
  readonly bootstrapUser: string | undefined;
  readonly bootstrapPasswordFile: string | undefined;
  readonly plaintextPasswords: boolean;
}

/** A field's value and where it came from: `default`, `CAIRN_NODE_ID`, `--node-id`, `config file c.json: nodeId`. */
export interface Setting {
  readonly value: unknown;
  readonly source: string;
}

const WILDCARD_HOSTS: ReadonlySet<string> = new Set(['0.0.0.0', '[::]']);

export function buildNodeConfig(settings: ReadonlyMap<FieldPath, Setting>): NodeConfig {
  const optional = <P extends FieldPath>(path: P): FieldValue<P> | undefined => settings.get(path)?.value as FieldValue<P> | undefined;
  const defined = <P extends FieldPath>(path: P): FieldValue<P> => {
    const value = optional(path);
    if (value === undefined) throw new Error(`config field ${path} has neither a value nor a default`);
    return value;
  };
  const from = (path: FieldPath): string => settings.get(path)?.source ?? 'derived';
  const fail = (path: FieldPath, message: string): never => {
    throw new ConfigError(message, path, from(path));
  };

  const nodeId = defined('nodeId');
  const peers = defined('peers');
  const members = peers.length === 0 ? [nodeId] : peers.map((peer) => peer.nodeId);
  if (!members.includes(nodeId)) {
    fail('peers', `peers (from ${from('peers')}) do not include this node, ${nodeId} (from ${from('nodeId')})`);
  }
  const metadataVoters = optional('metadataVoters') ?? members;
  const stranger = metadataVoters.find((voter) => !members.includes(voter));
  if (stranger !== undefined) {
    const why = peers.length === 0 ? `is not a member: without peers, this node (${nodeId}) is the only one` : 'is not among the peers';
    fail('metadataVoters', `metadataVoters (from ${from('metadataVoters')}): node ${stranger} ${why}`);
  }

  const ordered = (smaller: FieldPath, larger: FieldPath, relation: string, strict: boolean): void => {
    const [low, high] = [defined(smaller) as number, defined(larger) as number];
    if (strict ? low >= high : low > high) {
      fail(larger, `${larger} (${high}, from ${from(larger)}) must ${relation} ${smaller} (${low}, from ${from(smaller)})`);
    }
  };
  ordered('heartbeatTicks', 'electionTicks', 'exceed', true);
  ordered('nodeDeadAfterMs', 'replicaMoveAfterMs', 'be at least', false);

  const listeners = ['listenAddress', 'peerListenAddress', 'httpListenAddress'] as const;
  for (const [index, path] of listeners.entries()) {
    const clash = listeners.slice(index + 1).find((other) => sameSocket(defined(path), defined(other)));
    if (clash !== undefined) fail(clash, `${clash} (${defined(clash)}, from ${from(clash)}) clashes with ${path} (${defined(path)}, from ${from(path)})`);
  }

  // TLS between nodes is mutual: each side needs its own pair and the authority to check the other's.
  const tlsPaths = ['tls.certFile', 'tls.keyFile', 'tls.caFile'] as const;
  const tlsGiven = tlsPaths.filter((path) => optional(path) !== undefined);
  const [tlsFirst] = tlsGiven;
  if (tlsFirst !== undefined && tlsGiven.length < tlsPaths.length) {
    const missing = tlsPaths.filter((path) => !tlsGiven.includes(path));
    fail(tlsFirst, `${tlsFirst} is set (from ${from(tlsFirst)}) but ${missing.join(' and ')} not; TLS needs all three`);
  }
  const tlsOptions = ['tls.clientCertificates', 'tls.principalRules', 'tls.reloadIntervalMs', 'tls.http'] as const;
  const orphan = tlsFirst === undefined ? tlsOptions.find((path) => settings.has(path) && from(path) !== 'default') : undefined;
  if (orphan !== undefined) fail(orphan, `${orphan} is set (from ${from(orphan)}) but TLS is not: it needs tls.certFile, tls.keyFile and tls.caFile`);
  // The bootstrap user and its password file come together.
  const bootstrapPair = () => {
    const [bootstrapUser, bootstrapPasswordFile] = [optional('auth.bootstrapUser'), optional('auth.bootstrapPasswordFile')];
    if ((bootstrapUser === undefined) !== (bootstrapPasswordFile === undefined)) {
      const given = bootstrapUser === undefined ? 'auth.bootstrapPasswordFile' : 'auth.bootstrapUser';
      fail(given, `${given} is set (from ${from(given)}) but not its pair: a bootstrap user needs auth.bootstrapUser and auth.bootstrapPasswordFile`);
    }
    return { bootstrapUser, bootstrapPasswordFile };
  };
  const tls = tlsFirst === undefined
    ? undefined
    : Object.freeze({
        // `{nodeId}` lets one setting serve every pod of a StatefulSet, each with its own certificate.
        certFile: defined('tls.certFile').replaceAll('{nodeId}', String(nodeId)),
        keyFile: defined('tls.keyFile').replaceAll('{nodeId}', String(nodeId)),
        caFile: defined('tls.caFile'),
        clientCertificates: defined('tls.clientCertificates'),
        principalRules: optional('tls.principalRules') ?? DEFAULT_PRINCIPAL_RULES,
        reloadIntervalMs: defined('tls.reloadIntervalMs'),
        http: defined('tls.http'),
      });

  const ownPeer = peers.find((peer) => peer.nodeId === nodeId);
  const advertisedAddress = optional('advertisedAddress') ?? defaultAdvertisedAddress(defined('listenAddress'), ownPeer?.address);

  return Object.freeze({
    nodeId,
    clusterId: defined('clusterId'),
    dataDir: defined('dataDir'),
    listenAddress: defined('listenAddress'),
    advertisedAddress,
    peerListenAddress: defined('peerListenAddress'),
    httpListenAddress: defined('httpListenAddress'),
    peers: Object.freeze(peers.map((peer) => Object.freeze({ ...peer }))),
    metadataVoters: Object.freeze([...metadataVoters]),
    rack: optional('rack'),
    tls,
    http: Object.freeze({ metricsTokenFile: optional('http.metricsTokenFile') }),
    tickMs: defined('tickMs'),
    electionTicks: defined('electionTicks'),
    heartbeatTicks: defined('heartbeatTicks'),
    nodeDeadAfterMs: defined('nodeDeadAfterMs'),
    replicaMoveAfterMs: defined('replicaMoveAfterMs'),
    logLevel: defined('logLevel'),
    partitionsPerCore: defined('partitionsPerCore'),
    cores: optional('cores') ?? availableParallelism(),
    writeCaching: Object.freeze({ flushIntervalMs: defined('writeCaching.flushIntervalMs') }),
    messageTimestamp: Object.freeze({ beforeMaxMs: defined('messageTimestamp.beforeMaxMs'), afterMaxMs: defined('messageTimestamp.afterMaxMs') }),
    producerIdExpirationMs: optional('producerIdExpirationMs'),
    metrics: Object.freeze({ perPartition: defined('metrics.perPartition') }),
    auth: Object.freeze({
      ...bootstrapPair(),
      enabled: defined('auth.enabled'),
      authorization: defined('auth.authorization'),
      superUsers: Object.freeze([...defined('auth.superUsers')]),
      tokenTtlMs: defined('auth.tokenTtlMs'),
      plaintextPasswords: defined('auth.plaintextPasswords'),
    }),
  });
}

/** For addresses checked when they were read. */
function hostPort(address: string): HostPort {
  const parsed = parseHostPort(address, { portZeroAllowed: true });
  if (parsed === undefined) throw new Error(`config address ${address} was accepted but does not parse`);
  return parsed;
}

/** Two listeners on one port fail to bind, unless the port is 0 (any free port). */
function sameSocket(a: string, b: string): boolean {
  const [first, second] = [hostPort(a), hostPort(b)];
  const overlapping = first.host === second.host || WILDCARD_HOSTS.has(first.host) || WILDCARD_HOSTS.has(second.host);
  return first.port !== 0 && first.port === second.port && overlapping;
}

/** Peers name this node by a host the others can reach, and the client API listens on the same host. */
function defaultAdvertisedAddress(listenAddress: string, ownPeerAddress: string | undefined): string {
  const listen = hostPort(listenAddress);
  const host = ownPeerAddress === undefined ? listen.host : hostPort(ownPeerAddress).host;
  return `${WILDCARD_HOSTS.has(host) ? '127.0.0.1' : host}:${listen.port}`;
}
