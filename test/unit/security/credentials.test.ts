import { describe, expect, it } from 'vitest';
import { EMPTY_SECURITY, type SecurityImage, type TokenKey, type UserRecord } from '../../../src/metadata/index.js';
import { AttemptLimiter, FREE_FAILURES, LOCKOUT_MS_MAX, LOCKOUT_MS_MIN, SOURCE_FREE_FAILURES } from '../../../src/security/attempt-limiter.js';
import { SCRYPT_COST, checkPassword, hashPassword, verifyPassword } from '../../../src/security/password-hash.js';
import { issueToken, verifyToken } from '../../../src/security/session-token.js';

describe('password hashes', () => {
  it('are salted (the same password hashes differently) and record their parameters', async () => {
    const [a, b] = await Promise.all([hashPassword('correct horse'), hashPassword('correct horse')]);
    expect(a.salt).not.toBe(b.salt);
    expect(a.hash).not.toBe(b.hash);
    expect(a).toMatchObject({ algorithm: 'scrypt', cost: SCRYPT_COST, blockSize: 8, parallelization: 1 });
    expect(JSON.stringify(a)).not.toContain('correct horse');
  });

  it('verify the right password only', async () => {
    const stored = await hashPassword('correct horse');
    expect(await verifyPassword('correct horse', stored)).toBe(true);
    expect(await verifyPassword('correct horsf', stored)).toBe(false);
  });

  it('refuse parameters that would make a node allocate without bound', async () => {
    const stored = await hashPassword('correct horse');
    expect(await verifyPassword('correct horse', { ...stored, cost: 2 ** 24 })).toBe(false);
  });

  it('need a password of a sane length', () => {
    expect(checkPassword('short')).toMatch(/at least/);
    expect(checkPassword('x'.repeat(2000))).toMatch(/at most/);
    expect(checkPassword('long enough')).toBeNull();
  });
});

describe('session tokens', () => {
  const key: TokenKey = { id: 'k1', secret: Buffer.alloc(32, 7).toString('base64'), createdAtMs: 0 };
  const alice: UserRecord = { name: 'alice', id: 'u1', password: { algorithm: 'scrypt', cost: 1, blockSize: 1, parallelization: 1, salt: '', hash: '' }, createdAtMs: 0 };
  const security: SecurityImage = { ...EMPTY_SECURITY, users: new Map([['alice', alice]]), tokenKeys: [key] };

  it('verify until they expire', () => {
    const token = issueToken(alice, key, 1_000);
    expect(verifyToken(token, security, 999)).toMatchObject({ ok: true, user: alice });
    expect(verifyToken(token, security, 1_000)).toEqual({ ok: false, reason: 'token expired' });
  });

  it('refuse a forged signature, changed claims and garbage', () => {
    const token = issueToken(alice, key, 1_000);
    const [body, signature] = token.split('.') as [string, string];
    const forged = issueToken(alice, { ...key, secret: Buffer.alloc(32, 8).toString('base64') }, 1_000);
    expect(verifyToken(forged, security, 0)).toEqual({ ok: false, reason: 'bad token signature' });
    const longer = Buffer.from(JSON.stringify({ u: 'alice', i: 'u1', k: 'k1', exp: 10 ** 12 })).toString('base64url');
    expect(verifyToken(`${longer}.${signature}`, security, 0)).toEqual({ ok: false, reason: 'bad token signature' });
    expect(verifyToken(`${body}`, security, 0)).toMatchObject({ ok: false });
    expect(verifyToken('a.b.c', security, 0)).toMatchObject({ ok: false });
    expect(verifyToken('x'.repeat(5000), security, 0)).toMatchObject({ ok: false });
  });

  it('stop verifying once the user is deleted or given a new password, or the key is retired', () => {
    const token = issueToken(alice, key, 1_000);
    expect(verifyToken(token, { ...security, users: new Map() }, 0)).toMatchObject({ ok: false });
    expect(verifyToken(token, { ...security, users: new Map([['alice', { ...alice, id: 'u2' }]]) }, 0)).toMatchObject({ ok: false });
    expect(verifyToken(token, { ...security, tokenKeys: [{ ...key, id: 'k2' }] }, 0)).toMatchObject({ ok: false, reason: expect.stringMatching(/key/) });
  });
});

describe('AttemptLimiter', () => {
  it('locks a user out after the free failures, for a doubling and bounded time, whatever the source', () => {
    let now = 0;
    const limiter = new AttemptLimiter(() => now);
    for (let i = 0; i < FREE_FAILURES; i++) limiter.failed('alice', '10.0.0.1');
    expect(limiter.waitMs('alice', '10.0.0.2')).toBe(0);
    limiter.failed('alice', '10.0.0.1');
    expect(limiter.waitMs('alice', '10.0.0.2')).toBe(LOCKOUT_MS_MIN);
    expect(limiter.waitMs('bob', '10.0.0.1')).toBe(0);
    limiter.failed('alice', '10.0.0.1');
    expect(limiter.waitMs('alice', '10.0.0.3')).toBe(2 * LOCKOUT_MS_MIN);
    for (let i = 0; i < 10; i++) limiter.failed('alice', `10.0.1.${i}`);
    expect(limiter.waitMs('alice', '10.0.0.3')).toBe(LOCKOUT_MS_MAX);
    now += LOCKOUT_MS_MAX;
    expect(limiter.waitMs('alice', '10.0.0.3')).toBe(0);
  });

  it('locks out a source that fails for many users', () => {
    const limiter = new AttemptLimiter(() => 0);
    for (let i = 0; i < SOURCE_FREE_FAILURES; i++) limiter.failed(`user${i}`, 'scanner');
    expect(limiter.waitMs('fresh', 'scanner')).toBe(0);
    limiter.failed('another', 'scanner');
    expect(limiter.waitMs('fresh', 'scanner')).toBe(LOCKOUT_MS_MIN);
    expect(limiter.waitMs('fresh', 'elsewhere')).toBe(0);
  });

  it('forgets a user\'s failures on success, but not its source\'s', () => {
    const limiter = new AttemptLimiter(() => 0);
    for (let i = 0; i <= SOURCE_FREE_FAILURES; i++) limiter.failed('alice', 'src');
    limiter.succeeded('alice');
    expect(limiter.waitMs('alice', 'other')).toBe(0);
    expect(limiter.waitMs('bob', 'src')).toBeGreaterThan(0);
  });
});
