/**
 * Every field of a node's configuration, once: its type, default and help.
 * Environment variable and flag names are derived from the field's path, so
 * `writeCaching.flushIntervalMs` is `CAIRN_WRITE_CACHING_FLUSH_INTERVAL_MS`
 * and `--write-caching-flush-interval-ms`.
 */
import { parseHostPort } from '../protocol/address.js';
import { parsePrincipalMappingRules } from '../security/certificate-principal.js';
import type { PrincipalMappingRule } from '../security/certificate-principal.js';
import { DEFAULT_PARTITIONS_PER_CORE, NODE_CORES_MAX, PARTITIONS_PER_CORE_MAX } from '../metadata/limits.js';
import { nodeId } from '../raft/types.js';
import type { NodeId } from '../raft/types.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface PeerAddress {
  readonly nodeId: NodeId;
  /** The peer (replication) address, `host:port`. */
  readonly address: string;
}

/** How one kind of value is read from text (environment, flags) and from JSON (config file). */
export interface ValueKind<T> {
  /** For "expected …, got …" messages. */
  readonly expected: string;
  /** Stands for the value in help: `--node-id ID`. */
  readonly placeholder: string;
  readonly expectedJson?: string;
  fromText(text: string): T | undefined;
  fromJson(value: unknown): T | undefined;
}

export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const NODE_ID_MAX = 0xffff_ffff; // uint32 on the wire

function integerIn(value: unknown, max: number): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 && value <= max ? value : undefined;
}

function integerText(text: string, max: number): number | undefined {
  return /^[1-9][0-9]*$/.test(text) ? integerIn(Number(text), max) : undefined;
}

function kindOf<T>(expected: string, placeholder: string, parse: (value: unknown) => T | undefined): ValueKind<T> {
  return { expected, placeholder, fromText: parse, fromJson: parse };
}

export const positiveInteger: ValueKind<number> = {
  expected: 'a positive integer',
  placeholder: 'N',
  fromText: (text) => integerText(text, Number.MAX_SAFE_INTEGER),
  fromJson: (value) => integerIn(value, Number.MAX_SAFE_INTEGER),
};

/** A positive integer up to a bound the rest of the system relies on. */
function positiveIntegerUpTo(max: number): ValueKind<number> {
  return {
    expected: `a positive integer up to ${max}`,
    placeholder: 'N',
    fromText: (text) => integerText(text, max),
    fromJson: (value) => integerIn(value, max),
  };
}

const booleanKind: ValueKind<boolean> = {
  expected: 'true or false',
  placeholder: 'BOOL',
  fromText: (text) => (text === 'true' ? true : text === 'false' ? false : undefined),
  fromJson: (value) => (typeof value === 'boolean' ? value : undefined),
};

/** A bound in milliseconds, or -1 for none (Kafka's convention for such topic configs). */
const msOrNoLimit: ValueKind<number> = {
  expected: 'a non-negative integer, or -1 for no limit',
  placeholder: 'MS',
  fromText: (text) => (/^(-1|0|[1-9][0-9]*)$/.test(text) ? msOrNoLimit.fromJson(Number(text)) : undefined),
  fromJson: (value) => (typeof value === 'number' && Number.isSafeInteger(value) && value >= -1 ? value : undefined),
};

const nodeIdKind: ValueKind<NodeId> = {
  expected: 'a positive integer below 2^32',
  placeholder: 'ID',
  fromText: (text) => toNodeId(integerText(text, NODE_ID_MAX)),
  fromJson: (value) => toNodeId(integerIn(value, NODE_ID_MAX)),
};

function toNodeId(value: number | undefined): NodeId | undefined {
  return value === undefined ? undefined : nodeId(value);
}

const nonEmptyString = kindOf('a non-empty string', 'TEXT', (value) => (typeof value === 'string' && value !== '' ? value : undefined));

function addressKind(portZeroAllowed: boolean): ValueKind<string> {
  return kindOf(portZeroAllowed ? 'host:port (port 0 picks a free port)' : 'host:port', 'HOST:PORT', (value) =>
    typeof value === 'string' && parseHostPort(value, { portZeroAllowed }) !== undefined ? value : undefined,
  );
}
const listenAddress = addressKind(true);
const address = addressKind(false);

function peerList(entries: readonly (readonly [string, unknown])[]): readonly PeerAddress[] | undefined {
  const peers = new Map<NodeId, string>();
  for (const [idText, peerAddress] of entries) {
    const id = nodeIdKind.fromText(idText);
    if (id === undefined || peers.has(id) || address.fromJson(peerAddress) === undefined) return undefined;
    peers.set(id, peerAddress as string);
  }
  return [...peers].map(([id, peerAddress]) => ({ nodeId: id, address: peerAddress })).sort((a, b) => a.nodeId - b.nodeId);
}

const peers: ValueKind<readonly PeerAddress[]> = {
  expected: 'id=host:port entries separated by commas, with distinct ids',
  placeholder: 'ID=HOST:PORT,...',
  expectedJson: 'an object of node id to "host:port", like {"1": "cairn-1:7071"}',
  fromText: (text) =>
    text === ''
      ? []
      : peerList(
          text.split(',').map((entry) => {
            const [idText = '', peerAddress = '', ...rest] = entry.trim().split('=');
            return [rest.length === 0 ? idText : '', peerAddress] as const;
          }),
        ),
  fromJson: (value) => (isPlainObject(value) ? peerList(Object.entries(value)) : undefined),
};

function distinctNodeIds(ids: readonly (NodeId | undefined)[]): readonly NodeId[] | undefined {
  const valid = ids.filter((id) => id !== undefined);
  return valid.length === ids.length && ids.length > 0 && new Set(valid).size === valid.length ? valid : undefined;
}

const nodeIds: ValueKind<readonly NodeId[]> = {
  expected: 'distinct node ids separated by commas',
  placeholder: 'ID,...',
  expectedJson: 'an array of distinct node ids',
  fromText: (text) => distinctNodeIds(text.split(',').map((id) => nodeIdKind.fromText(id.trim()))),
  fromJson: (value) => (Array.isArray(value) ? distinctNodeIds(value.map((id) => nodeIdKind.fromJson(id))) : undefined),
};

function oneOf<T extends string>(values: readonly T[]): ValueKind<T> {
  return kindOf(`one of ${values.join(', ')}`, values.join('|'), (value) => values.find((one) => one === value));
}

export const CLIENT_CERTIFICATES = ['optional', 'required'] as const;

function principalRulesFrom(texts: readonly unknown[]): readonly PrincipalMappingRule[] | undefined {
  if (!texts.every((text) => typeof text === 'string')) return undefined;
  try {
    return parsePrincipalMappingRules(texts);
  } catch {
    return undefined;
  }
}

/** In flags and the environment, rules are separated by ';' (a ';' inside a rule's regex is written \x3b). */
const principalRules: ValueKind<readonly PrincipalMappingRule[]> = {
  expected: "mapping rules (DEFAULT, RULE:<regex>/<replacement>/[L|U], SAN:<DNS|URI|EMAIL>:<regex>/<replacement>/[L|U]) separated by ';'",
  placeholder: 'RULE;...',
  expectedJson: 'an array of mapping rules, like ["RULE:^CN=([^,]+)$/$1/", "DEFAULT"]',
  fromText: (text) => principalRulesFrom(text.split(';').map((rule) => rule.trim()).filter((rule) => rule !== '')),
  fromJson: (value) => (Array.isArray(value) ? principalRulesFrom(value) : undefined),
};

/** User names as auth.superUsers lists them: the ACL principal without its `User:` prefix. */
const userNames: ValueKind<readonly string[]> = {
  expected: 'user names separated by commas',
  placeholder: 'NAME,...',
  expectedJson: 'an array of user names',
  fromText: (text) => (text.trim() === '' ? [] : names(text.split(',').map((name) => name.trim()))),
  fromJson: (value) => (Array.isArray(value) ? names(value) : undefined),
};

function names(values: readonly unknown[]): readonly string[] | undefined {
  return values.every((value) => typeof value === 'string' && /^[A-Za-z0-9._@-]{1,128}$/.test(value)) ? (values as string[]) : undefined;
}

const logLevel = kindOf(`one of ${LOG_LEVELS.join(', ')}`, 'LEVEL', (value) => LOG_LEVELS.find((level) => level === value));

interface Field<T> {
  readonly kind: ValueKind<T>;
  readonly help: string;
  /** Undefined: the field is optional or derived from others (see node-config.ts). */
  readonly default: T | undefined;
}

function field<T>(kind: ValueKind<T>, help: string, defaultValue?: T): Field<T> {
  return { kind, help, default: defaultValue };
}

export const FIELDS = {
  nodeId: field(nodeIdKind, "this node's id, unique in the cluster", nodeId(1)),
  clusterId: field(nonEmptyString, 'name of the cluster; a node refuses to join a cluster with another', 'cairn'),
  dataDir: field(nonEmptyString, 'directory of the node\'s data', './data'),
  listenAddress: field(listenAddress, 'address the client API listens on', '0.0.0.0:7070'),
  advertisedAddress: field(address, 'client address given to clients (default: the peer host, else the listen host, with the listen port)'),
  peerListenAddress: field(listenAddress, 'address the replication transport listens on', '0.0.0.0:7071'),
  httpListenAddress: field(listenAddress, 'address of the HTTP server for metrics and health', '0.0.0.0:7072'),
  peers: field(peers, 'initial cluster members and their peer addresses, e.g. 1=cairn-1:7071,2=cairn-2:7071 (none: single node)', []),
  metadataVoters: field(nodeIds, 'nodes voting in the metadata group (default: all peers, or this node)'),
  rack: field(nonEmptyString, 'failure domain of this node, for rack-aware replica placement'),
  'tls.certFile': field(nonEmptyString, 'PEM certificate of this node (TLS on all listeners, mutual between nodes); {nodeId} stands for the node id'),
  'tls.keyFile': field(nonEmptyString, 'PEM private key of this node; {nodeId} stands for the node id'),
  'tls.caFile': field(nonEmptyString, 'PEM certificate authority that signs node and client certificates'),
  'tls.clientCertificates': field(oneOf(CLIENT_CERTIFICATES), 'whether clients must present a certificate the CA signed (optional: one presented is verified and maps to a user)', 'optional'),
  'tls.principalRules': field(principalRules, 'how a client certificate maps to a user: the first matching rule wins (default: DEFAULT, the subject CN; docs/security.md)'),
  'tls.reloadIntervalMs': field(positiveInteger, 'how often the TLS files are re-read, so renewed certificates are used without a restart', 30_000),
  'tls.http': field(oneOf(['plaintext', 'tls'] as const), 'whether the HTTP port (metrics, health, /drain) serves HTTPS with the node certificate', 'plaintext'),
  'http.metricsTokenFile': field(nonEmptyString, 'file holding a bearer token that /metrics then requires (re-read on change)'),
  tickMs: field(positiveInteger, 'length of a Raft tick', 50),
  electionTicks: field(positiveInteger, 'ticks without a leader before a follower campaigns (randomised up to twice this)', 10),
  heartbeatTicks: field(positiveInteger, 'ticks between leader heartbeats', 1),
  nodeDeadAfterMs: field(positiveInteger, 'silence after which the controller counts a node as dead', 10_000),
  replicaMoveAfterMs: field(positiveInteger, 'time a node stays dead before its replicas move to live nodes', 60_000),
  logLevel: field(logLevel, 'log level', 'info'),
  partitionsPerCore: field(
    positiveIntegerUpTo(PARTITIONS_PER_CORE_MAX),
    'partition replicas this node admits per core; the cluster refuses topics beyond the sum over live nodes (docs/operations.md, "Sizing a cluster")',
    DEFAULT_PARTITIONS_PER_CORE,
  ),
  cores: field(positiveIntegerUpTo(NODE_CORES_MAX), 'cores this node counts for its admission limit (default: the cores Node.js sees, os.availableParallelism())'),
  'writeCaching.flushIntervalMs': field(positiveInteger, 'bound on the fsync delay of topics with write caching', 100),
  'messageTimestamp.beforeMaxMs': field(msOrNoLimit, "how far before this leader's clock a produced timestamp may be, for topics that do not set message.timestamp.before.max.ms (-1: any)", -1),
  'messageTimestamp.afterMaxMs': field(msOrNoLimit, "how far after this leader's clock a produced timestamp may be, for topics that do not set message.timestamp.after.max.ms (-1: any)", 3_600_000),
  producerIdExpirationMs: field(
    positiveInteger,
    'how long a partition remembers an idempotent producer after its last batch, for topics that do not set producer.id.expiration.ms (default: the topic default, one day); set it alike on every node, as every replica applies it',
  ),
  'metrics.perPartition': field(booleanKind, 'export produce, fetch and partition-state metrics per partition, not only per topic (many more series)', false),
  'auth.enabled': field(booleanKind, 'require every client call to carry a token (from Authenticate) or a client certificate (docs/security.md)', false),
  'auth.authorization': field(booleanKind, 'enforce ACLs on every client call: deny unless allowed, DENY wins, superusers may do anything', false),
  'auth.superUsers': field(userNames, 'users allowed everything whatever the ACLs, e.g. admin,ops', []),
  'auth.tokenTtlMs': field(positiveInteger, 'lifetime of a session token from Authenticate', 600_000),
  'auth.bootstrapUser': field(nonEmptyString, 'a superuser the controller creates if absent, with the password in auth.bootstrapPasswordFile'),
  'auth.bootstrapPasswordFile': field(nonEmptyString, 'file holding the bootstrap user\'s password (e.g. a mounted Secret)'),
  'auth.plaintextPasswords': field(booleanKind, 'accept Authenticate on a client port without TLS (local tests only: the password crosses the network in clear)', false),
} satisfies Record<string, Field<unknown>>;

export type FieldPath = keyof typeof FIELDS;
export type FieldValue<P extends FieldPath> = (typeof FIELDS)[P] extends Field<infer T> ? T : never;

/** Objects of the config file that hold fields rather than being one. */
export const FIELD_GROUPS: ReadonlySet<string> = new Set(Object.keys(FIELDS).flatMap((path) => path.split('.').slice(0, -1)));

const words = (path: string): string[] => path.split(/\.|(?=[A-Z])/).map((word) => word.toLowerCase());
export const envName = (path: FieldPath): string => `CAIRN_${words(path).join('_').toUpperCase()}`;
export const flagName = (path: FieldPath): string => words(path).join('-');

export const FIELD_PATHS = Object.keys(FIELDS) as FieldPath[];
