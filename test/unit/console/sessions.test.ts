/**
 * The console's clients per session token: one per token, reused, bounded
 * (the least recently used goes first), closed once idle or forgotten; and
 * the helpers that decide whether a request may carry a password and which
 * token it carries. No cluster: the clients point at a port nothing listens
 * on and are never asked anything.
 */
import type { IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { CairnError } from '../../../src/client/index.js';
import { bearerToken, isLoopback, passwordsAllowed } from '../../../src/console/http.js';
import { ConsoleSessions, SESSION_CLIENTS_MAX, SESSION_IDLE_MS } from '../../../src/console/sessions.js';

const OPTIONS = { broker: '127.0.0.1:1', tls: undefined, nodeId: 1 };

describe('console sessions', () => {
  let now = 1_000_000;
  let sessions: ConsoleSessions;
  const make = (): ConsoleSessions => (sessions = new ConsoleSessions(OPTIONS, () => now));
  afterEach(() => sessions.close());

  it('gives the same client for the same token, another for another token, and the console\'s own without a token', () => {
    make();
    const a = sessions.clientFor('token-a');
    expect(sessions.clientFor('token-a')).toBe(a);
    expect(sessions.clientFor('token-b')).not.toBe(a);
    const own = sessions.clientFor(undefined);
    expect(sessions.clientFor(undefined)).toBe(own);
    expect(own).not.toBe(a);
    expect(sessions.size).toBe(2);
  });

  it(`keeps at most ${SESSION_CLIENTS_MAX} clients, closing the least recently used`, () => {
    make();
    const first = sessions.clientFor('token-0');
    const evicted = sessions.clientFor('token-1');
    for (let i = 2; i < SESSION_CLIENTS_MAX; i++) sessions.clientFor(`token-${i}`);
    sessions.clientFor('token-0'); // used again: token-1 is now the least recent
    sessions.clientFor('token-new');
    expect(sessions.size).toBe(SESSION_CLIENTS_MAX);
    expect(sessions.clientFor('token-0')).toBe(first);
    const second = sessions.clientFor('token-2');
    expect(sessions.clientFor('token-1')).not.toBe(evicted); // made anew, evicting the least recent (token-3)
    expect(sessions.clientFor('token-2')).toBe(second);
    expect(sessions.size).toBe(SESSION_CLIENTS_MAX);
  });

  it('closes clients left idle for the idle limit, and a forgotten token gets a new client', () => {
    make();
    const idle = sessions.clientFor('idle');
    now += SESSION_IDLE_MS / 2;
    const busy = sessions.clientFor('busy');
    now += SESSION_IDLE_MS / 2;
    expect(sessions.clientFor('busy')).toBe(busy);
    expect(sessions.size).toBe(1); // idle was closed on the way
    expect(sessions.clientFor('idle')).not.toBe(idle);
    sessions.forget('busy');
    expect(sessions.clientFor('busy')).not.toBe(busy);
  });
});

describe('console request helpers', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.3.4.5', true],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['10.0.0.7', false],
    ['::ffff:10.0.0.7', false],
    ['fe80::1', false],
    ['127.example', false],
    [undefined, false],
  ])('counts %s as loopback: %s', (address, loopback) => {
    expect(isLoopback(address)).toBe(loopback);
  });

  it.each([
    ['plain HTTP from loopback', false, '127.0.0.1', true],
    ['plain HTTP from another host', false, '10.0.0.7', false],
    ['HTTPS from another host', true, '10.0.0.7', true],
    ['plain HTTP from an unknown address', false, undefined, false],
  ])('takes a password over %s: %s', (_what, encrypted, remoteAddress, allowed) => {
    const request = { socket: { encrypted, remoteAddress } } as unknown as Pick<IncomingMessage, 'socket'>;
    expect(passwordsAllowed(request)).toBe(allowed);
  });

  it('reads a bearer token, none without the header, and refuses another scheme or a malformed one as UNAUTHENTICATED', () => {
    expect(bearerToken('Bearer abc.DEF-_1')).toBe('abc.DEF-_1');
    expect(bearerToken('bearer abc')).toBe('abc');
    expect(bearerToken(undefined)).toBeUndefined();
    for (const header of ['Basic YWxpY2U6cHc=', 'Bearer', 'Bearer a b', 'Bearer a\nb']) {
      expect(() => bearerToken(header)).toThrow(CairnError);
      try {
        bearerToken(header);
      } catch (error) {
        expect((error as CairnError).code).toBe('UNAUTHENTICATED');
      }
    }
  });
});
