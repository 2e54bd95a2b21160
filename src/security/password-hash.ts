/**
 * Salted scrypt password hashes. The parameters travel with each hash, so
 * raising them later leaves older hashes verifiable. Hashing takes tens of
 * milliseconds and 16 MiB by design: it is what makes a stolen image slow to
 * attack offline.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { PasswordHash } from '../metadata/index.js';

/** OWASP's floor for scrypt is N=2^17 with r=8; 2^14 keeps Authenticate near 50 ms on a small node, and is recorded per hash. */
export const SCRYPT_COST = 2 ** 14;
export const SCRYPT_BLOCK_SIZE = 8;
export const SCRYPT_PARALLELIZATION = 1;
const SALT_BYTES = 16;
const HASH_BYTES = 32;
/** Passwords are bounded so a huge one cannot make hashing expensive. */
export const PASSWORD_LENGTH_MAX = 1024;
export const PASSWORD_LENGTH_MIN = 8;

function derive(password: string, salt: Buffer, cost: number, blockSize: number, parallelization: number): Promise<Buffer> {
  // scrypt needs 128·N·r bytes; Node's default ceiling (32 MiB) is just below that at N=2^15.
  const maxmem = 256 * cost * blockSize;
  return new Promise((resolve, reject) =>
    scrypt(password, salt, HASH_BYTES, { N: cost, r: blockSize, p: parallelization, maxmem }, (error, key) => (error === null ? resolve(key) : reject(error))),
  );
}

/** Why the password cannot be set, or null. */
export function checkPassword(password: string): string | null {
  if (password.length < PASSWORD_LENGTH_MIN) return `a password has at least ${PASSWORD_LENGTH_MIN} characters`;
  if (password.length > PASSWORD_LENGTH_MAX) return `a password has at most ${PASSWORD_LENGTH_MAX} characters`;
  return null;
}

export async function hashPassword(password: string): Promise<PasswordHash> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(password, salt, SCRYPT_COST, SCRYPT_BLOCK_SIZE, SCRYPT_PARALLELIZATION);
  return {
    algorithm: 'scrypt',
    cost: SCRYPT_COST,
    blockSize: SCRYPT_BLOCK_SIZE,
    parallelization: SCRYPT_PARALLELIZATION,
    salt: salt.toString('base64'),
    hash: hash.toString('base64'),
  };
}

/** Parameters a stored hash may ask for: a corrupt or hostile image must not make a node allocate gigabytes. */
const COST_MAX = 2 ** 20;
const BLOCK_SIZE_MAX = 32;
const PARALLELIZATION_MAX = 16;

export async function verifyPassword(password: string, stored: PasswordHash): Promise<boolean> {
  const { cost, blockSize, parallelization } = stored;
  if (cost > COST_MAX || blockSize > BLOCK_SIZE_MAX || parallelization > PARALLELIZATION_MAX || password.length > PASSWORD_LENGTH_MAX) return false;
  const expected = Buffer.from(stored.hash, 'base64');
  const actual = await derive(password, Buffer.from(stored.salt, 'base64'), cost, blockSize, parallelization);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** A hash no password matches, verified against for unknown users so their answer takes as long as a wrong password. */
export const DECOY_HASH: PasswordHash = {
  algorithm: 'scrypt',
  cost: SCRYPT_COST,
  blockSize: SCRYPT_BLOCK_SIZE,
  parallelization: SCRYPT_PARALLELIZATION,
  salt: randomBytes(SALT_BYTES).toString('base64'),
  hash: randomBytes(HASH_BYTES).toString('base64'),
};
