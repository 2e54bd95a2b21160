import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ConfigError, describeFields, loadNodeConfig } from '../../../src/config/index.js';
import type { ConfigSources } from '../../../src/config/index.js';
import { DEFAULT_PRINCIPAL_RULES, parsePrincipalMappingRules } from '../../../src/security/certificate-principal.js';

function withFile(json: unknown, sources: ConfigSources = {}): ConfigSources {
  const text = typeof json === 'string' ? json : JSON.stringify(json);
  return { ...sources, flags: { config: './c.json', ...sources.flags }, readFile: (path) => (path === './c.json' ? text : '{}') };
}

function refusal(sources: ConfigSources): ConfigError {
  try {
    loadNodeConfig(sources);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('the configuration was accepted');
}

describe('loadNodeConfig: defaults and precedence', () => {
  it('gives a single node with defaults, deeply frozen', () => {
    const config = loadNodeConfig();
    expect(config).toEqual({
      nodeId: 1,
      clusterId: 'cairn',
      dataDir: './data',
      listenAddress: '0.0.0.0:7070',
      advertisedAddress: '127.0.0.1:7070',
      peerListenAddress: '0.0.0.0:7071',
      httpListenAddress: '0.0.0.0:7072',
      peers: [],
      metadataVoters: [1],
      rack: undefined,
      tls: undefined,
      http: { metricsTokenFile: undefined },
      tickMs: 50,
      electionTicks: 10,
      heartbeatTicks: 1,
      nodeDeadAfterMs: 10_000,
      replicaMoveAfterMs: 60_000,
      logLevel: 'info',
      partitionsPerCore: 3_000,
      cores: availableParallelism(),
      writeCaching: { flushIntervalMs: 100 },
      messageTimestamp: { beforeMaxMs: -1, afterMaxMs: 3_600_000 },
      metrics: { perPartition: false },
      auth: {
        enabled: false,
        authorization: false,
        superUsers: [],
        tokenTtlMs: 600_000,
        bootstrapUser: undefined,
        bootstrapPasswordFile: undefined,
        plaintextPasswords: false,
      },
    });
    expect([config, config.peers, config.metadataVoters, config.writeCaching, config.messageTimestamp].every(Object.isFrozen)).toBe(true);
  });

  it('reads every field from a config file', () => {
    const file = {
      nodeId: 2,
      clusterId: 'prod',
      dataDir: '/var/lib/cairn',
      listenAddress: '10.0.0.2:9090',
      advertisedAddress: 'cairn-2.example:9090',
      peerListenAddress: '10.0.0.2:9091',
      httpListenAddress: '10.0.0.2:9092',
      peers: { '1': 'n1:9091', '2': 'n2:9091', '3': 'n3:9091' },
      metadataVoters: [1, 2],
      rack: 'eu-1a',
      tls: {
        certFile: 'n2.pem',
        keyFile: 'n2.key',
        caFile: 'ca.pem',
        clientCertificates: 'required',
        principalRules: ['RULE:^CN=([^,]+),O=acme$/$1/L', 'DEFAULT'],
        reloadIntervalMs: 5_000,
        http: 'tls',
      },
      http: { metricsTokenFile: '/etc/cairn/metrics-token' },
      tickMs: 20,
      electionTicks: 20,
      heartbeatTicks: 2,
      nodeDeadAfterMs: 3_000,
      replicaMoveAfterMs: 3_000,
      logLevel: 'debug',
      partitionsPerCore: 250,
      cores: 3,
      writeCaching: { flushIntervalMs: 10 },
      messageTimestamp: { beforeMaxMs: 86_400_000, afterMaxMs: -1 },
      metrics: { perPartition: true },
      auth: {
        enabled: true,
        authorization: true,
        superUsers: ['admin', 'ops'],
        tokenTtlMs: 60_000,
        bootstrapUser: 'admin',
        bootstrapPasswordFile: '/etc/cairn/admin-password',
        plaintextPasswords: true,
      },
    };
    const config = loadNodeConfig(withFile(file));
    expect(config).toEqual({
      ...file,
      tls: { ...file.tls, principalRules: parsePrincipalMappingRules(file.tls.principalRules) },
      peers: [
        { nodeId: 1, address: 'n1:9091' },
        { nodeId: 2, address: 'n2:9091' },
        { nodeId: 3, address: 'n3:9091' },
      ],
    });
    expect(Object.isFrozen(config.tls)).toBe(true);
  });

  it('lets the environment override the file, and flags override both', () => {
    const sources = withFile({ nodeId: 2, dataDir: '/file', rack: 'file' }, {
      env: { CAIRN_NODE_ID: '3', CAIRN_DATA_DIR: '/env', CAIRN_LOG_LEVEL: 'warn' },
      flags: { 'node-id': '4' },
    });
    const config = loadNodeConfig(sources);
    expect([config.nodeId, config.dataDir, config.rack, config.logLevel]).toEqual([4, '/env', 'file', 'warn']);
  });

  it('takes the config file from --config before CAIRN_CONFIG', () => {
    const readFile = (path: string): string => JSON.stringify({ rack: path });
    expect(loadNodeConfig({ env: { CAIRN_CONFIG: 'env.json' }, readFile }).rack).toBe('env.json');
    expect(loadNodeConfig({ env: { CAIRN_CONFIG: 'env.json' }, flags: { config: 'flag.json' }, readFile }).rack).toBe('flag.json');
  });

  it('ignores CAIRN_ variables that belong to other parts of cairn, and other variables', () => {
    expect(() => loadNodeConfig({ env: { CAIRN_BROKERS: 'x', CAIRN_TRACE: 'raft,transport', CAIRN_USER: 'u', CAIRN_PASSWORD: 'p', PATH: '/bin' } })).not.toThrow();
  });

  it('reads the superusers as a comma-separated list, and wants the bootstrap user and its password file together', () => {
    expect(loadNodeConfig({ env: { CAIRN_AUTH_SUPER_USERS: 'admin, ops' } }).auth.superUsers).toEqual(['admin', 'ops']);
    expect(() => loadNodeConfig({ env: { CAIRN_AUTH_SUPER_USERS: 'User:admin' } })).toThrow(/CAIRN_AUTH_SUPER_USERS/);
    expect(() => loadNodeConfig({ flags: { 'auth-bootstrap-user': 'admin' } })).toThrow(/auth.bootstrapPasswordFile/);
  });

  it('parses --peers and defaults the voters to all peers', () => {
    const config = loadNodeConfig({ flags: { 'node-id': '2', peers: ' 3=n3:7071, 1=n1:7071,2=[::1]:7071' } });
    expect(config.peers.map((peer) => peer.nodeId)).toEqual([1, 2, 3]);
    expect(config.metadataVoters).toEqual([1, 2, 3]);
    expect(config.advertisedAddress).toBe('[::1]:7070');
  });

  it.each([
    [{}, '127.0.0.1:7070'],
    [{ 'listen-address': '10.1.1.1:7000' }, '10.1.1.1:7000'],
    [{ 'listen-address': '127.0.0.1:0' }, '127.0.0.1:0'],
    [{ peers: '1=node-a:7071', 'listen-address': '0.0.0.0:7000' }, 'node-a:7000'],
    [{ peers: '1=node-a:7071', 'advertised-address': 'lb.example:443' }, 'lb.example:443'],
  ])('derives the advertised address from %j', (flags, advertised) => {
    expect(loadNodeConfig({ flags }).advertisedAddress).toBe(advertised);
  });

  it('describes every field for help', () => {
    const fields = describeFields();
    expect(fields.find((field) => field.flag === 'write-caching-flush-interval-ms')).toMatchObject({
      env: 'CAIRN_WRITE_CACHING_FLUSH_INTERVAL_MS',
      defaultValue: '100',
    });
    expect(fields.find((field) => field.flag === 'tls-ca-file')?.env).toBe('CAIRN_TLS_CA_FILE');
    expect(fields.find((field) => field.flag === 'message-timestamp-after-max-ms')).toMatchObject({
      env: 'CAIRN_MESSAGE_TIMESTAMP_AFTER_MAX_MS',
      defaultValue: '3600000',
    });
    expect(fields.find((field) => field.flag === 'peers')?.defaultValue).toBeUndefined();
  });
});

describe('loadNodeConfig: refusals name the field and the source', () => {
  it.each<[string, ConfigSources, string, string | undefined]>([
    ['a bad variable', { env: { CAIRN_NODE_ID: 'x' } }, 'CAIRN_NODE_ID: expected a positive integer below 2^32, got "x"', 'nodeId'],
    ['node id 0', { env: { CAIRN_NODE_ID: '0' } }, 'CAIRN_NODE_ID: expected a positive integer below 2^32, got "0"', 'nodeId'],
    ['a node id past uint32', { flags: { 'node-id': '4294967296' } }, '--node-id: expected a positive integer below 2^32, got "4294967296"', 'nodeId'],
    ['a mistyped variable', { env: { CAIRN_NODEID: '2' } }, 'CAIRN_NODEID: unknown variable (did you mean "CAIRN_NODE_ID"?)', undefined],
    ['an unknown variable', { env: { CAIRN_COLOUR: 'red' } }, 'CAIRN_COLOUR: unknown variable', undefined],
    ['an empty variable', { env: { CAIRN_RACK: '' } }, 'CAIRN_RACK: expected a non-empty string, got ""', 'rack'],
    ['a bad flag value', { flags: { 'tick-ms': '1.5' } }, '--tick-ms: expected a positive integer, got "1.5"', 'tickMs'],
    [
      'a timestamp bound below -1',
      { env: { CAIRN_MESSAGE_TIMESTAMP_AFTER_MAX_MS: '-2' } },
      'CAIRN_MESSAGE_TIMESTAMP_AFTER_MAX_MS: expected a non-negative integer, or -1 for no limit, got "-2"',
      'messageTimestamp.afterMaxMs',
    ],
    ['an unknown flag', { flags: { 'node-ids': '1' } }, '--node-ids: unknown flag', undefined],
    ['partitions per core past the bound', { env: { CAIRN_PARTITIONS_PER_CORE: '500001' } }, 'CAIRN_PARTITIONS_PER_CORE: expected a positive integer up to 500000, got "500001"', 'partitionsPerCore'],
    ['0 cores', { flags: { cores: '0' } }, '--cores: expected a positive integer up to 4096, got "0"', 'cores'],
    ['a bad log level', { flags: { 'log-level': 'loud' } }, '--log-level: expected one of fatal, error, warn, info, debug, trace, silent, got "loud"', 'logLevel'],
    ['a port past 65535', { flags: { 'listen-address': 'a:70000' } }, '--listen-address: expected host:port (port 0 picks a free port), got "a:70000"', 'listenAddress'],
    ['advertised port 0', { flags: { 'advertised-address': 'a:0' } }, '--advertised-address: expected host:port, got "a:0"', 'advertisedAddress'],
    ['an unknown trace component', { env: { CAIRN_TRACE: 'raft,rafts' } }, 'CAIRN_TRACE: unknown component "rafts"; expected all or some of raft, transport', undefined],
  ])('%s', (_name, sources, message, field) => {
    const error = refusal(sources);
    expect(error.message.startsWith(message)).toBe(true);
    expect(error.field).toBe(field);
  });

  it.each(['1=a', 'x=a:1', '1=a:1,1=b:2', '1=a:1=b', '0=a:1', '1=a:1,', '1=a:0'])('refuses --peers %j', (peers) => {
    expect(refusal({ flags: { peers } }).message).toBe(
      `--peers: expected id=host:port entries separated by commas, with distinct ids, got ${JSON.stringify(peers)}`,
    );
  });

  it.each(['', '1,1', '1,x', '1,,2'])('refuses --metadata-voters %j', (voters) => {
    expect(refusal({ flags: { 'metadata-voters': voters } }).message).toBe(
      `--metadata-voters: expected distinct node ids separated by commas, got ${JSON.stringify(voters)}`,
    );
  });

  it.each<[string, unknown, string]>([
    ['an unknown field', { nodeid: 2 }, 'config file ./c.json: unknown field "nodeid" (did you mean "nodeId"?)'],
    ['an unknown nested field', { tls: { cert: 'x' } }, 'config file ./c.json: unknown field "tls.cert"'],
    ['a group that is not an object', { tls: 'on' }, 'config file ./c.json: tls: expected an object, got "on"'],
    ['a number as a string', { nodeId: '2' }, 'config file ./c.json: nodeId: expected a positive integer below 2^32, got "2"'],
    ['null', { rack: null }, 'config file ./c.json: rack: expected a non-empty string, got null'],
    ['peers as text', { peers: '1=a:1' }, 'config file ./c.json: peers: expected an object of node id to "host:port", like {"1": "cairn-1:7071"}, got "1=a:1"'],
    ['voters as text', { metadataVoters: '1' }, 'config file ./c.json: metadataVoters: expected an array of distinct node ids, got "1"'],
    ['an array', [1], 'config file ./c.json: expected a JSON object, got [1]'],
    ['invalid JSON', '{"nodeId": 1,}', 'config file ./c.json: invalid JSON: '],
  ])('refuses a config file with %s', (_name, json, message) => {
    const error = refusal(withFile(json));
    expect(error.message.startsWith(message)).toBe(true);
    expect(error.source.startsWith('config file ./c.json')).toBe(true);
  });

  it('refuses a config file it cannot read', () => {
    const error = refusal({ flags: { config: '/nonexistent/c.json' } });
    expect(error.message).toMatch(/^config file \/nonexistent\/c\.json: cannot read: ENOENT/);
  });

  it.each<[string, ConfigSources, string]>([
    ['peers without this node', { flags: { peers: '1=a:1,2=b:1', 'node-id': '3' } }, 'peers (from --peers) do not include this node, 3 (from --node-id)'],
    ['a voter that is not a peer', { flags: { peers: '1=a:1,2=b:1', 'metadata-voters': '1,5' } }, 'metadataVoters (from --metadata-voters): node 5 is not among the peers'],
    [
      'a voter besides a single node',
      { env: { CAIRN_METADATA_VOTERS: '1,2' } },
      'metadataVoters (from CAIRN_METADATA_VOTERS): node 2 is not a member: without peers, this node (1) is the only one',
    ],
    [
      'elections as fast as heartbeats',
      { env: { CAIRN_HEARTBEAT_TICKS: '5' }, flags: { 'election-ticks': '5' } },
      'electionTicks (5, from --election-ticks) must exceed heartbeatTicks (5, from CAIRN_HEARTBEAT_TICKS)',
    ],
    [
      'replicas moving before a node is dead',
      { flags: { 'replica-move-after-ms': '1000' } },
      'replicaMoveAfterMs (1000, from --replica-move-after-ms) must be at least nodeDeadAfterMs (10000, from default)',
    ],
    [
      'half of the TLS files',
      { env: { CAIRN_TLS_CERT_FILE: 'n.pem' } },
      'tls.certFile is set (from CAIRN_TLS_CERT_FILE) but tls.keyFile and tls.caFile not; TLS needs all three',
    ],
    [
      'a TLS option without TLS',
      { flags: { 'tls-client-certificates': 'required' } },
      'tls.clientCertificates is set (from --tls-client-certificates) but TLS is not: it needs tls.certFile, tls.keyFile and tls.caFile',
    ],
    [
      'two listeners on one port',
      { flags: { 'http-listen-address': '127.0.0.1:7070' } },
      'httpListenAddress (127.0.0.1:7070, from --http-listen-address) clashes with listenAddress (0.0.0.0:7070, from default)',
    ],
  ])('refuses %s', (_name, sources, message) => {
    expect(refusal(sources).message).toBe(message);
  });

  it('reads principal mapping rules separated by ";" from a flag, and defaults to the CN', () => {
    const tlsFlags = { 'tls-cert-file': 'n.pem', 'tls-key-file': 'n.key', 'tls-ca-file': 'ca.pem' };
    const rules = 'RULE:^CN=([^,]+),O=acme$/$1/ ; SAN:URI:^spiffe://acme/(.+)$/$1/';
    expect(loadNodeConfig({ flags: { ...tlsFlags, 'tls-principal-rules': rules } }).tls?.principalRules).toEqual(
      parsePrincipalMappingRules(['RULE:^CN=([^,]+),O=acme$/$1/', 'SAN:URI:^spiffe://acme/(.+)$/$1/']),
    );
    expect(loadNodeConfig({ flags: tlsFlags }).tls?.principalRules).toBe(DEFAULT_PRINCIPAL_RULES);
    expect(refusal({ flags: { ...tlsFlags, 'tls-principal-rules': 'CN=alice' } }).message).toMatch(/^--tls-principal-rules: expected mapping rules/);
  });

  it('puts the node id into TLS file paths that say {nodeId}, so one setting serves every pod', () => {
    const flags = { 'node-id': '3', 'tls-cert-file': '/tls/node-{nodeId}.crt', 'tls-key-file': '/tls/node-{nodeId}.key', 'tls-ca-file': '/tls/ca.crt' };
    expect(loadNodeConfig({ flags }).tls).toMatchObject({ certFile: '/tls/node-3.crt', keyFile: '/tls/node-3.key', caFile: '/tls/ca.crt' });
  });

  it('lets several listeners ask for port 0', () => {
    const flags = { 'listen-address': '127.0.0.1:0', 'peer-listen-address': '127.0.0.1:0', 'http-listen-address': '127.0.0.1:0' };
    expect(loadNodeConfig({ flags }).listenAddress).toBe('127.0.0.1:0');
  });
});

describe('loadNodeConfig: Kubernetes StatefulSet', () => {
  const statefulSet = {
    CAIRN_NODE_ID_FROM_HOSTNAME: 'true',
    CAIRN_PEER_DNS_TEMPLATE: 'cairn-{ordinal}.cairn-headless.ns.svc.cluster.local:7071',
    CAIRN_REPLICAS: '3',
  };

  it('derives the node id from the ordinal and the peers from the DNS template', () => {
    const config = loadNodeConfig({ env: statefulSet, hostname: () => 'cairn-0' });
    expect(config.nodeId).toBe(1);
    expect(config.peers).toEqual([
      { nodeId: 1, address: 'cairn-0.cairn-headless.ns.svc.cluster.local:7071' },
      { nodeId: 2, address: 'cairn-1.cairn-headless.ns.svc.cluster.local:7071' },
      { nodeId: 3, address: 'cairn-2.cairn-headless.ns.svc.cluster.local:7071' },
    ]);
    expect(config.metadataVoters).toEqual([1, 2, 3]);
    expect(config.advertisedAddress).toBe('cairn-0.cairn-headless.ns.svc.cluster.local:7070');
  });

  it('reads the ordinal from a fully qualified hostname, and lets a flag override it', () => {
    expect(loadNodeConfig({ env: statefulSet, hostname: () => 'cairn-2.cairn-headless.ns.svc.cluster.local' }).nodeId).toBe(3);
    expect(loadNodeConfig({ env: statefulSet, hostname: () => 'cairn-2', flags: { 'node-id': '2' } }).nodeId).toBe(2);
  });

  it('does nothing when switched off', () => {
    expect(loadNodeConfig({ env: { CAIRN_NODE_ID_FROM_HOSTNAME: 'false' }, hostname: () => 'nope' }).nodeId).toBe(1);
  });

  it.each<[string, Record<string, string>, string, string]>([
    ['a hostname without ordinal', statefulSet, 'web', 'CAIRN_NODE_ID_FROM_HOSTNAME: hostname "web" does not end in a StatefulSet ordinal like "cairn-0"'],
    ['a leading zero', statefulSet, 'cairn-01', 'CAIRN_NODE_ID_FROM_HOSTNAME: hostname "cairn-01" does not end in a StatefulSet ordinal like "cairn-0"'],
    ['a switch that is not a boolean', { CAIRN_NODE_ID_FROM_HOSTNAME: 'yes' }, 'cairn-0', 'CAIRN_NODE_ID_FROM_HOSTNAME: expected true or false, got "yes"'],
    ['an explicit id as well', { ...statefulSet, CAIRN_NODE_ID: '2' }, 'cairn-0', 'CAIRN_NODE_ID_FROM_HOSTNAME: conflicts with CAIRN_NODE_ID; set only one'],
    ['explicit peers as well', { ...statefulSet, CAIRN_PEERS: '1=a:1' }, 'cairn-0', 'CAIRN_PEER_DNS_TEMPLATE: conflicts with CAIRN_PEERS; set only one'],
    ['a template without ordinal', { CAIRN_PEER_DNS_TEMPLATE: 'cairn:7071', CAIRN_REPLICAS: '3' }, 'cairn-0', 'CAIRN_PEER_DNS_TEMPLATE: expected a host:port containing {ordinal}, got "cairn:7071"'],
    ['a template without port', { CAIRN_PEER_DNS_TEMPLATE: 'cairn-{ordinal}', CAIRN_REPLICAS: '3' }, 'cairn-0', 'CAIRN_PEER_DNS_TEMPLATE: "cairn-{ordinal}" does not give host:port addresses'],
    ['a template without replicas', { CAIRN_PEER_DNS_TEMPLATE: 'c-{ordinal}:1' }, 'cairn-0', 'CAIRN_PEER_DNS_TEMPLATE: needs CAIRN_REPLICAS'],
    ['replicas without template', { CAIRN_REPLICAS: '3' }, 'cairn-0', 'CAIRN_REPLICAS: needs CAIRN_PEER_DNS_TEMPLATE'],
    ['too many replicas', { ...statefulSet, CAIRN_REPLICAS: '100000' }, 'cairn-0', 'CAIRN_REPLICAS: expected an integer from 1 to 1000, got "100000"'],
    ['an ordinal past the replicas', statefulSet, 'cairn-3', 'peers (from CAIRN_PEER_DNS_TEMPLATE) do not include this node, 4 (from CAIRN_NODE_ID_FROM_HOSTNAME (hostname "cairn-3"))'],
  ])('refuses %s', (_name, env, hostname, message) => {
    expect(refusal({ env, hostname: () => hostname }).message).toBe(message);
  });
});
