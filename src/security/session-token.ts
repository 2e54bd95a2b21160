/**
 * Session tokens (etcd's model): a client proves its password once, over TLS,
 * to Authenticate and gets a short-lived token it sends as call metadata.
 * A token is `base64url(claims).base64url(HMAC-SHA-256(key, claims))`. The
 * keys live in the metadata image, so every node verifies what any node
 * issued; a new key (rotation) signs from then on and the previous one keeps
 * verifying until it is itself replaced. The claims name the user's record
 * id: deleting the user or changing its password ends its tokens.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SecurityImage, TokenKey, UserRecord } from '../metadata/index.js';

export const TOKEN_LENGTH_MAX = 2048;

interface Claims {
  /** User name. */
  readonly u: string;
  /** User record id. */
  readonly i: string;
  /** Signing key id. */
  readonly k: string;
  readonly exp: number;
}

export type TokenCheck =
  | { readonly ok: true; readonly user: UserRecord; readonly expiresAtMs: number }
  | { readonly ok: false; readonly reason: string };

const sign = (key: TokenKey, body: string): Buffer => createHmac('sha256', Buffer.from(key.secret, 'base64')).update(body).digest();

export function issueToken(user: UserRecord, key: TokenKey, expiresAtMs: number): string {
  const claims: Claims = { u: user.name, i: user.id, k: key.id, exp: expiresAtMs };
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${body}.${sign(key, body).toString('base64url')}`;
}

/** Reasons name what failed, never the token or the key. */
export function verifyToken(token: string, security: SecurityImage, nowMs: number): TokenCheck {
  if (token.length > TOKEN_LENGTH_MAX) return { ok: false, reason: 'token too long' };
  const [body, signature, ...rest] = token.split('.');
  if (body === undefined || signature === undefined || rest.length > 0) return { ok: false, reason: 'malformed token' };
  const claims = parseClaims(body);
  if (claims === undefined) return { ok: false, reason: 'malformed token' };
  const key = security.tokenKeys.find((k) => k.id === claims.k);
  if (key === undefined) return { ok: false, reason: 'token signed with an unknown or retired key' };
  const expected = sign(key, body);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad token signature' };
  if (claims.exp <= nowMs) return { ok: false, reason: 'token expired' };
  const user = security.users.get(claims.u);
  if (user === undefined || user.id !== claims.i) return { ok: false, reason: 'the token\'s user no longer exists or changed its password' };
  return { ok: true, user, expiresAtMs: claims.exp };
}

function parseClaims(body: string): Claims | undefined {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { u, i, k, exp } = value as Record<string, unknown>;
  return typeof u === 'string' && typeof i === 'string' && typeof k === 'string' && Number.isSafeInteger(exp) ? { u, i, k, exp: exp as number } : undefined;
}
