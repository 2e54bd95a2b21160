import { describe, expect, it } from 'vitest';
import { Session, type Authenticated } from '../../../src/client/session.js';
import { resolveClientOptions } from '../../../src/client/options.js';

describe('Session', () => {
  it('authenticates once for concurrent calls, and again once 80% of the token lifetime has passed', async () => {
    let now = 0;
    let issued = 0;
    const session = new Session(
      { user: 'alice', password: 'secret-pw' },
      (user, password) => {
        expect([user, password]).toEqual(['alice', 'secret-pw']);
        issued++;
        return Promise.resolve<Authenticated>({ token: `t${issued}`, expiresAtMs: now + 1000 });
      },
      () => now,
    );
    const first = await Promise.all([session.metadata(), session.metadata(), session.metadata()]);
    expect(issued).toBe(1);
    expect(first.map((m) => m.get('authorization')[0])).toEqual(['Bearer t1', 'Bearer t1', 'Bearer t1']);
    now = 799;
    expect((await session.metadata()).get('authorization')).toEqual(['Bearer t1']);
    now = 800;
    expect((await session.metadata()).get('authorization')).toEqual(['Bearer t2']);
    expect(session.currentMetadata().get('authorization')).toEqual(['Bearer t2']);
    session.invalidate();
    expect(session.currentMetadata().get('authorization')).toEqual([]);
    expect((await session.metadata()).get('authorization')).toEqual(['Bearer t3']);
  });

  it('sends a given token as it is and cannot renew it', async () => {
    const session = new Session({ token: 'abc' }, () => Promise.reject(new Error('never called')));
    expect((await session.metadata()).get('authorization')).toEqual(['Bearer abc']);
    expect(session.renewable).toBe(false);
  });
});

describe('credentials option', () => {
  it('takes a user and password or a token, and never echoes a bad value', () => {
    expect(resolveClientOptions({ brokers: 'h:1', credentials: { user: 'a', password: 'p' } }).auth).toEqual({ user: 'a', password: 'p' });
    expect(resolveClientOptions({ brokers: 'h:1', credentials: { token: 't' } }).auth).toEqual({ token: 't' });
    const bad = (): unknown => resolveClientOptions({ brokers: 'h:1', credentials: { user: 'a', password: '', token: 'hunter2-secret' } as never });
    expect(bad).toThrow(/credentials/);
    expect(bad).not.toThrow(/hunter2/);
  });
});
