/**
 * Authentication and authorization on a real `cairn serve` process: every
 * public RPC under every kind of caller, refusals typed and writing nothing;
 * prefixed ACLs and wildcard principals; ACL changes and user deletion
 * reaching open streams within a bound; brute force throttled; no secret in
 * the node's log; password hashes salted and parameterised on disk.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Metadata, credentials, type ClientDuplexStream, type ServiceError } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cairn } from '../../src/client/index.js';
import { clusterService, dataService, groupsService, securityService } from '../../src/protocol/proto.js';
import { TRAILER_ERROR_CODE } from '../../src/protocol/errors.js';
import { encodeBatch } from '../../src/records/index.js';
import { RECHECK_MS } from '../../src/security/call-guard.js';
import { FREE_FAILURES } from '../../src/security/attempt-limiter.js';
import { ProcessCluster } from './support/process-cluster.js';
import { waitFor } from './support/wait.js';

const SERVICES = { Cluster: clusterService(), Data: dataService(), Groups: groupsService(), Security: securityService() } as const;
type ServiceName = keyof typeof SERVICES;

const TOKEN_TTL_MS = 3_000;
const ADMIN_PASSWORD = 'admin-pw-7c1e9a';
const SHARED_PASSWORD = 'shared-pw-4b2d8f'; // alice and carol: their hashes must still differ
const PASSWORDS: Record<string, string> = {
  admin: ADMIN_PASSWORD,
  ops: 'ops-pw-93ab10',
  alice: SHARED_PASSWORD,
  bob: 'bob-pw-5e6f70',
  carol: SHARED_PASSWORD,
  dave: 'dave-pw-12cd34',
  erin: 'erin-pw-56ef78',
  victim: 'victim-pw-9a8b7c',
};

/** The outcome of one call: OK, or the Cairn error code. */
interface Outcome {
  readonly code: string;
  readonly response?: unknown;
  readonly message?: string;
}

let cluster: ProcessCluster;
let secretsDir: string | undefined;
let address: string;
let rpc: Client;
let admin: Cairn;
/** Every token the node handed out, to look for in its log. */
const issuedTokens = new Set<string>();

function metadataWith(token: string | undefined): Metadata {
  const metadata = new Metadata();
  if (token !== undefined) metadata.set('authorization', `Bearer ${token}`);
  return metadata;
}

function codeOf(error: ServiceError): string {
  const cairn = error.metadata?.get(TRAILER_ERROR_CODE)[0];
  return typeof cairn === 'string' ? cairn : `grpc-${error.code}`;
}

function unary(service: ServiceName, method: string, request: unknown, token: string | undefined): Promise<Outcome> {
  const definition = (SERVICES[service] as unknown as Record<string, { path: string; requestSerialize: (v: unknown) => Buffer; responseDeserialize: (b: Buffer) => unknown }>)[method]!;
  return new Promise((resolve) => {
    rpc.makeUnaryRequest(definition.path, definition.requestSerialize, definition.responseDeserialize, request, metadataWith(token), { deadline: Date.now() + 10_000 }, (error, response) =>
      resolve(error === null ? { code: 'OK', response } : { code: codeOf(error), message: error.details }),
    );
  });
}

function openStream(service: ServiceName, method: string, token: string | undefined): ClientDuplexStream<unknown, unknown> {
  const definition = (SERVICES[service] as unknown as Record<string, { path: string; requestSerialize: (v: unknown) => Buffer; responseDeserialize: (b: Buffer) => unknown }>)[method]!;
  return rpc.makeBidiStreamRequest(definition.path, definition.requestSerialize, definition.responseDeserialize, metadataWith(token));
}

/** Sends `first` and resolves with the first answer or the error that ends the stream. */
function streamOutcome(service: ServiceName, method: string, first: unknown, token: string | undefined): Promise<Outcome> {
  const stream = openStream(service, method, token);
  return new Promise((resolve) => {
    const timer = setTimeout(() => finish({ code: 'NO-ANSWER', message: 'no answer within 10 s' }), 10_000);
    const finish = (outcome: Outcome): void => {
      clearTimeout(timer);
      stream.removeAllListeners('data');
      stream.on('error', () => {});
      stream.cancel();
      resolve(outcome);
    };
    stream.once('data', (response) => finish({ code: 'OK', response }));
    stream.once('error', (error: ServiceError) => finish({ code: codeOf(error), message: error.details }));
    stream.write(first);
  });
}

async function authenticate(user: string, password: string): Promise<Outcome> {
  const outcome = await unary('Security', 'Authenticate', { user, password }, undefined);
  if (outcome.code === 'OK') issuedTokens.add((outcome.response as { token: string }).token);
  return outcome;
}

const tokens = new Map<string, { token: string; expiresAtMs: number }>();
/** A token of `user` with at least half its lifetime left. */
async function tokenOf(user: string): Promise<string> {
  const held = tokens.get(user);
  if (held !== undefined && held.expiresAtMs - Date.now() > TOKEN_TTL_MS / 2) return held.token;
  const outcome = await authenticate(user, PASSWORDS[user]!);
  if (outcome.code !== 'OK') throw new Error(`${user} cannot authenticate: ${outcome.code} ${outcome.message ?? ''}`);
  const { token, expiresAtMs } = outcome.response as { token: string; expiresAtMs: string };
  tokens.set(user, { token, expiresAtMs: Number(expiresAtMs) });
  return token;
}

const batch = (value: string): Buffer => Buffer.from(encodeBatch([{ key: null, value: Buffer.from(value), headers: [], timestamp: BigInt(Date.now()) }]));

/**
 * One public RPC: the request a caller in column `col` sends. A refused
 * caller aims at the shared resources (whose state is compared before and
 * after); an allowed one at resources of its own, so each succeeds.
 */
interface Case {
  readonly service: ServiceName;
  readonly method: string;
  readonly stream?: boolean;
  readonly request: (col: string, refused: boolean) => unknown;
  /** A listing: a caller without rights gets an answer with none of the shared resources rather than a refusal. */
  readonly visible?: (response: unknown) => number;
}

const CASES: readonly Case[] = [
  { service: 'Cluster', method: 'Metadata', request: () => ({ topics: ['orders'] }) },
  { service: 'Cluster', method: 'DescribeCluster', request: () => ({}) },
  { service: 'Cluster', method: 'CreateTopic', request: (col, refused) => ({ name: refused ? 'intruder-topic' : `new-${col}`, partitions: 1, replicationFactor: 1 }) },
  { service: 'Cluster', method: 'DeleteTopic', request: (col, refused) => ({ name: refused ? 'orders' : `doomed-${col}` }) },
  // public-topic is described to every user by a wildcard ACL.
  { service: 'Cluster', method: 'ListTopics', request: () => ({}), visible: (r) => (r as { topics: { name: string }[] }).topics.filter((t) => t.name !== 'public-topic').length },
  { service: 'Cluster', method: 'DescribeTopic', request: () => ({ name: 'orders' }) },
  { service: 'Cluster', method: 'CreatePartitions', request: (col, refused) => ({ name: refused ? 'orders' : `grow-${col}`, totalPartitions: 2 }) },
  { service: 'Cluster', method: 'DescribeTopicConfigs', request: () => ({ name: 'orders' }) },
  { service: 'Cluster', method: 'AlterTopicConfigs', request: (col, refused) => ({ name: refused ? 'orders' : `grow-${col}`, set: { 'retention.ms': '86400000' }, reset: [] }) },
  { service: 'Data', method: 'Produce', request: (col) => ({ partitions: [{ topic: 'orders', partition: 0, batch: batch(`produce-${col}`) }] }) },
  { service: 'Data', method: 'ProduceStream', stream: true, request: (col) => ({ correlationId: '1', request: { partitions: [{ topic: 'orders', partition: 0, batch: batch(`stream-${col}`) }] } }) },
  { service: 'Data', method: 'InitProducer', request: () => ({}) },
  { service: 'Data', method: 'Fetch', request: () => ({ partitions: [{ topic: 'orders', partition: 0, offset: '0', maxBytes: 1 << 20 }], maxWaitMs: 0, minBytes: 0, maxBytes: 1 << 20 }) },
  { service: 'Data', method: 'Subscribe', stream: true, request: () => ({ start: { topic: 'orders', partition: 0, offset: '0', creditBytes: 1 << 20 } }) },
  { service: 'Data', method: 'ListOffsets', request: () => ({ partitions: [{ topic: 'orders', partition: 0, spec: 'LATEST' }] }) },
  // Before offset 0: allowed, it changes nothing the shared state shows.
  { service: 'Data', method: 'DeleteRecords', request: () => ({ partitions: [{ topic: 'orders', partition: 0, offset: '0' }] }) },
  { service: 'Groups', method: 'FindCoordinator', request: () => ({ groupId: 'g1' }) },
  { service: 'Groups', method: 'Heartbeat', request: (col, refused) => ({ groupId: refused ? 'g1' : `hb-${col}`, memberEpoch: 0, subscribedTopics: ['orders'], sessionTimeoutMs: 30_000 }) },
  {
    service: 'Groups',
    method: 'CommitOffsets',
    request: (col, refused) => ({ groupId: refused ? 'g1' : `commit-${col}`, memberId: '', memberEpoch: -1, offsets: [{ topic: 'orders', partition: 0, offset: '999' }] }),
  },
  { service: 'Groups', method: 'FetchOffsets', request: () => ({ groupId: 'g1' }) },
  { service: 'Groups', method: 'ListGroups', request: () => ({}), visible: (r) => (r as { groups: unknown[] }).groups.length },
  { service: 'Groups', method: 'DescribeGroup', request: () => ({ groupId: 'g1' }) },
  { service: 'Groups', method: 'DeleteGroup', request: (col, refused) => ({ groupId: refused ? 'g1' : `doomed-g-${col}` }) },
  { service: 'Security', method: 'CreateUser', request: (col, refused) => ({ name: refused ? 'intruder' : `new-user-${col}`, password: 'intruder-pw-1' }) },
  { service: 'Security', method: 'DeleteUser', request: (col, refused) => ({ name: refused ? 'alice' : `temp-${col}` }) },
  { service: 'Security', method: 'ListUsers', request: () => ({}) },
  {
    service: 'Security',
    method: 'CreateAcls',
    request: (col) => ({ acls: [{ principal: `User:granted-by-${col}`, resourceType: 'cluster', patternType: 'literal', resourceName: 'cluster', operation: 'all', permission: 'allow' }] }),
  },
  { service: 'Security', method: 'DeleteAcls', request: (col, refused) => ({ filter: refused ? {} : { principal: `User:granted-by-${col}` } }) },
  { service: 'Security', method: 'ListAcls', request: () => ({}) },
  // Last: a rotation makes the key before it the last one that verifies.
  { service: 'Security', method: 'RotateTokenKey', request: () => ({}) },
];

const ALLOWED_COLUMNS = ['alice', 'ops'] as const;

/** Everything a refused call could have changed, as the superuser sees it. */
async function sharedState(): Promise<unknown> {
  const token = await tokenOf('admin');
  const call = async (service: ServiceName, method: string, request: unknown): Promise<unknown> => {
    const outcome = await unary(service, method, request, token);
    if (outcome.code !== 'OK') throw new Error(`${method}: ${outcome.code} ${outcome.message ?? ''}`);
    return outcome.response;
  };
  const [offsets, topics, g1, users, acls] = await Promise.all([
    call('Data', 'ListOffsets', { partitions: [{ topic: 'orders', partition: 0, spec: 'LATEST' }] }),
    call('Cluster', 'ListTopics', {}),
    call('Groups', 'DescribeGroup', { groupId: 'g1' }),
    call('Security', 'ListUsers', {}),
    call('Security', 'ListAcls', {}),
  ]);
  return {
    highWatermark: (offsets as { results: { offset: string }[] }).results[0]!.offset,
    topics: (topics as { topics: { name: string; partitions: unknown[] }[] }).topics.map((t) => `${t.name}/${t.partitions.length}`),
    ordersConfigs: (topics as { topics: { name: string; configs: unknown }[] }).topics.find((t) => t.name === 'orders')?.configs,
    g1: { members: (g1 as { members: unknown[] }).members.length, offsets: (g1 as { offsets: { offset: string }[] }).offsets.map((o) => o.offset) },
    users: (users as { users: { name: string }[] }).users.map((u) => u.name),
    acls: (acls as { acls: unknown[] }).acls.length,
  };
}

beforeAll(async () => {
  secretsDir = await mkdtemp(join(tmpdir(), 'cairn-security-'));
  const passwordFile = join(secretsDir, 'admin-password');
  await writeFile(passwordFile, `${ADMIN_PASSWORD}\n`);
  cluster = await ProcessCluster.start({
    nodes: 1,
    code: 'built',
    flags: [
      '--auth-enabled', 'true',
      '--auth-authorization', 'true',
      '--auth-bootstrap-user', 'admin',
      '--auth-bootstrap-password-file', passwordFile,
      '--auth-super-users', 'ops',
      '--auth-token-ttl-ms', String(TOKEN_TTL_MS),
      // Plaintext loopback: what the test exercises is the same with TLS (tls.test.ts covers TLS itself).
      '--auth-plaintext-passwords', 'true',
    ],
  });
  await cluster.waitReady();
  address = cluster.brokers()[0]!;
  rpc = new Client(address, credentials.createInsecure());
  await waitFor('the bootstrap superuser', async () => (await authenticate('admin', ADMIN_PASSWORD)).code === 'OK', { timeoutMs: 30_000 });
  admin = new Cairn({ brokers: cluster.brokers(), credentials: { user: 'admin', password: ADMIN_PASSWORD }, requestTimeoutMs: 5_000 });
  const security = admin.admin().security();
  for (const user of ['ops', 'alice', 'bob', 'carol', 'dave', 'erin', 'victim', ...ALLOWED_COLUMNS.map((c) => `temp-${c}`)]) {
    await security.createUser(user, PASSWORDS[user] ?? 'temporary-pw-1');
  }
  const everything = (principal: string, permission: 'allow' | 'deny') =>
    ([
      { resourceType: 'topic', resourceName: '*' },
      { resourceType: 'group', resourceName: '*' },
      { resourceType: 'cluster', resourceName: 'cluster' },
    ] as const).map((r) => ({ principal, ...r, operation: 'all', permission }) as const);
  await security.createAcls([
    ...everything('User:alice', 'allow'),
    ...everything('User:carol', 'allow'),
    ...everything('User:carol', 'deny'),
    { principal: 'User:dave', resourceType: 'topic', patternType: 'prefixed', resourceName: 'ord', operation: 'read' },
    { principal: 'User:erin', resourceType: 'topic', resourceName: 'orders', operation: 'read' },
    { principal: 'User:*', resourceType: 'topic', resourceName: 'public-topic', operation: 'describe' },
  ]);
  const topics = admin.admin();
  for (const name of ['orders', 'other', 'public-topic', ...ALLOWED_COLUMNS.flatMap((c) => [`doomed-${c}`, `grow-${c}`])]) {
    await topics.createTopic({ name, partitions: 1, replicationFactor: 1 });
  }
  const producer = admin.producer();
  await producer.send({ topic: 'orders', messages: [{ value: 'first' }] });
  await producer.close();
  const groups = [...ALLOWED_COLUMNS.map((c) => `doomed-g-${c}`), 'g1'];
  const adminToken = await tokenOf('admin');
  for (const groupId of groups) {
    await waitFor(`offsets committed for ${groupId}`, async () => {
      const outcome = await unary('Groups', 'CommitOffsets', { groupId, memberId: '', memberEpoch: -1, offsets: [{ topic: 'orders', partition: 0, offset: '1' }] }, adminToken);
      return outcome.code === 'OK';
    });
  }
}, 120_000);

afterAll(async () => {
  await admin?.close();
  rpc?.close();
  await cluster?.stop();
  if (secretsDir !== undefined) await rm(secretsDir, { recursive: true, force: true });
});

describe('security matrix: every public RPC × every kind of caller', () => {
  it('refuses callers without valid credentials with UNAUTHENTICATED, and callers without rights with UNAUTHORIZED naming the operation, writing nothing', async () => {
    const before = await sharedState();
    // Wrong password: Authenticate refuses, so the client has no token to send.
    const wrong = await authenticate('alice', 'not-the-password');
    expect(wrong).toMatchObject({ code: 'UNAUTHENTICATED', message: 'wrong user name or password' });
    // Expired: a real token, past its lifetime.
    const expiring = await authenticate('alice', PASSWORDS.alice!);
    const { token: expired, expiresAtMs } = expiring.code === 'OK' ? (expiring.response as { token: string; expiresAtMs: string }) : { token: '', expiresAtMs: '0' };
    await waitFor('the token to expire', () => Date.now() > Number(expiresAtMs) + 50, { timeoutMs: TOKEN_TTL_MS + 2_000 });
    // Forged: alice's claims changed to admin's name under her signature, and a token made up whole.
    const [body, signature] = (await tokenOf('alice')).split('.') as [string, string];
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as Record<string, unknown>;
    const forged = `${Buffer.from(JSON.stringify({ ...claims, u: 'admin' })).toString('base64url')}.${signature}`;

    const unauthenticated: Record<string, string | undefined> = { none: undefined, 'wrong-password': undefined, expired, forged, 'made-up': 'bm90LmEudG9rZW4' };
    const refusals: string[] = [];
    for (const [col, token] of Object.entries(unauthenticated)) {
      for (const c of CASES) {
        const outcome = c.stream ? await streamOutcome(c.service, c.method, c.request(col, true), token) : await unary(c.service, c.method, c.request(col, true), token);
        if (outcome.code !== 'UNAUTHENTICATED') refusals.push(`${col} ${c.method}: ${outcome.code}`);
      }
    }
    for (const user of ['bob', 'carol']) {
      for (const c of CASES) {
        const token = await tokenOf(user);
        const outcome = c.stream ? await streamOutcome(c.service, c.method, c.request(user, true), token) : await unary(c.service, c.method, c.request(user, true), token);
        if (c.visible !== undefined) {
          if (outcome.code !== 'OK' || c.visible(outcome.response) !== 0) refusals.push(`${user} ${c.method}: ${outcome.code} (a listing shows nothing)`);
          continue;
        }
        const named = /^User:\w+ may not \w+ (topic|group|cluster|any topic)/.test(outcome.message ?? '');
        if (outcome.code !== 'UNAUTHORIZED' || !named) refusals.push(`${user} ${c.method}: ${outcome.code} ${outcome.message ?? ''}`);
      }
    }
    expect(refusals).toEqual([]);
    expect(await sharedState()).toEqual(before);
  });

  it('lets a principal allowed by ACLs, and a superuser from the configuration, make every call', async () => {
    const failures: string[] = [];
    for (const col of ALLOWED_COLUMNS) {
      for (const c of CASES) {
        const token = await tokenOf(col);
        const outcome = c.stream ? await streamOutcome(c.service, c.method, c.request(col, false), token) : await unary(c.service, c.method, c.request(col, false), token);
        if (outcome.code !== 'OK') failures.push(`${col} ${c.method}: ${outcome.code} ${outcome.message ?? ''}`);
        if (c.visible !== undefined && outcome.code === 'OK' && c.visible(outcome.response) === 0) failures.push(`${col} ${c.method}: sees nothing`);
      }
      // The column ended with a key rotation: tokens signed by the key before the previous one no longer verify.
      tokens.clear();
      // The allowed calls took effect.
      const state = (await sharedState()) as { topics: string[]; users: string[] };
      expect(state.topics).toContain(`new-${col}/1`);
      expect(state.topics).toContain(`grow-${col}/2`);
      expect(state.topics).not.toContain(`doomed-${col}/1`);
      expect(state.users).toContain(`new-user-${col}`);
    }
    expect(failures).toEqual([]);
  });

  it('matches prefixed ACLs and the wildcard principal, and lists only what a principal may describe', async () => {
    const dave = await tokenOf('dave');
    expect((await unary('Data', 'Fetch', CASES.find((c) => c.method === 'Fetch')!.request('dave', false), dave)).code).toBe('OK');
    const other = await unary('Data', 'Fetch', { partitions: [{ topic: 'other', partition: 0, offset: '0', maxBytes: 1024 }], maxWaitMs: 0 }, dave);
    expect(other).toMatchObject({ code: 'UNAUTHORIZED', message: "User:dave may not read topic 'other'" });
    const listed = await unary('Cluster', 'ListTopics', {}, dave);
    expect((listed as { response: { topics: { name: string }[] } }).response.topics.map((t) => t.name).sort()).toEqual(['orders', 'public-topic']);
    const bob = await unary('Cluster', 'ListTopics', {}, await tokenOf('bob'));
    expect((bob as { response: { topics: { name: string }[] } }).response.topics.map((t) => t.name)).toEqual(['public-topic']);
  });
});

describe('changes reach open connections', () => {
  it(`ends a subscription within ${RECHECK_MS} ms (plus slack) of a DENY, and refuses the next call on the same connection`, async () => {
    const stream = openStream('Data', 'Subscribe', await tokenOf('dave'));
    const ended = new Promise<string>((resolve) => stream.on('error', (error: ServiceError) => resolve(`${codeOf(error)}: ${error.details}`)));
    const firstData = new Promise((resolve) => stream.once('data', resolve));
    stream.write({ start: { topic: 'orders', partition: 0, offset: '0', creditBytes: 1 << 20 } });
    await firstData;
    const deniedAtMs = Date.now();
    await admin.admin().security().createAcls([{ principal: 'User:dave', resourceType: 'topic', resourceName: 'orders', operation: 'read', permission: 'deny' }]);
    expect(await ended).toBe("UNAUTHORIZED: User:dave may not read topic 'orders'");
    expect(Date.now() - deniedAtMs).toBeLessThan(RECHECK_MS + 5_000);
    const fetch = await unary('Data', 'Fetch', { partitions: [{ topic: 'orders', partition: 0, offset: '0', maxBytes: 1024 }], maxWaitMs: 0 }, await tokenOf('dave'));
    expect(fetch.code).toBe('UNAUTHORIZED');
  });

  it('keeps a subscription opened with a live token past the token\'s expiry, while new calls with it are refused', async () => {
    const outcome = await authenticate('alice', PASSWORDS.alice!);
    const { token, expiresAtMs } = outcome.response as { token: string; expiresAtMs: string };
    const stream = openStream('Data', 'Subscribe', token);
    let ended: string | undefined;
    stream.on('error', (error: ServiceError) => (ended = codeOf(error)));
    const firstData = new Promise((resolve) => stream.once('data', resolve));
    stream.write({ start: { topic: 'orders', partition: 0, offset: '0', creditBytes: 1 << 20 } });
    await firstData;
    // Two rechecks after the expiry: a stream the guard would end is ended by then.
    await waitFor('two rechecks past the expiry', () => Date.now() > Number(expiresAtMs) + 2 * RECHECK_MS + 500, { timeoutMs: TOKEN_TTL_MS + 5_000 });
    expect(ended).toBeUndefined();
    expect((await unary('Cluster', 'ListTopics', {}, token)).code).toBe('UNAUTHENTICATED');
    stream.cancel();
  });

  it('ends the streams and refuses the tokens of a user deleted while connected', async () => {
    const token = await tokenOf('erin');
    const stream = openStream('Data', 'Subscribe', token);
    const ended = new Promise<string>((resolve) => stream.on('error', (error: ServiceError) => resolve(codeOf(error))));
    const firstData = new Promise((resolve) => stream.once('data', resolve));
    stream.write({ start: { topic: 'orders', partition: 0, offset: '0', creditBytes: 1 << 20 } });
    await firstData;
    await admin.admin().security().deleteUser('erin');
    expect(await ended).toBe('UNAUTHENTICATED');
    expect((await unary('Cluster', 'ListTopics', {}, token)).code).toBe('UNAUTHENTICATED');
    expect((await authenticate('erin', PASSWORDS.erin!)).code).toBe('UNAUTHENTICATED');
  });
});

describe('secrets', () => {
  it(`throttles guessing: past ${FREE_FAILURES} wrong passwords even the right one is refused for a while, while other users still get in`, async () => {
    for (let i = 0; i <= FREE_FAILURES; i++) expect(await authenticate('victim', `guess-${i}-pw`)).toMatchObject({ code: 'UNAUTHENTICATED', message: 'wrong user name or password' });
    const locked = await authenticate('victim', PASSWORDS.victim!);
    expect(locked).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringMatching(/^too many failed attempts for this user or source: retry in \d+ ms$/) });
    expect((await authenticate('alice', PASSWORDS.alice!)).code).toBe('OK');
  });

  it('never writes a password or a token to the node log', async () => {
    const log = await cluster.log(1);
    expect(log).toContain('authentication failed');
    const leaked = [...Object.values(PASSWORDS), ...issuedTokens].filter((secret) => log.includes(secret));
    expect(leaked).toEqual([]);
  });

  it('stores salted scrypt hashes with their parameters, and no password, in the metadata log', async () => {
    const bytes = await readTree(cluster.dataDir(1));
    const text = bytes.toString('latin1');
    expect(Object.values(PASSWORDS).filter((password) => text.includes(password))).toEqual([]);
    const stored = new Map<string, { cost: number; salt: string; hash: string }>();
    const record = /"type":"put-user","user":\{"name":"(\w+)","id":"[0-9a-f]+","password":\{"algorithm":"scrypt","cost":(\d+),"blockSize":(\d+),"parallelization":(\d+),"salt":"([^"]+)","hash":"([^"]+)"/g;
    for (const match of text.matchAll(record)) stored.set(match[1]!, { cost: Number(match[2]), salt: match[5]!, hash: match[6]! });
    expect(stored.get('alice')?.cost).toBeGreaterThanOrEqual(2 ** 14);
    expect(stored.get('alice')!.salt).not.toBe(stored.get('carol')!.salt);
    expect(stored.get('alice')!.hash).not.toBe(stored.get('carol')!.hash);
  });
});

async function readTree(dir: string): Promise<Buffer> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  const files = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  return Buffer.concat(await Promise.all(files.map((file) => readFile(file).catch(() => Buffer.alloc(0)))));
}
