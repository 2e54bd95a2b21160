import { describe, expect, it } from 'vitest';
import { CairnError } from '../../../src/client/errors.js';
import { assign } from '../../../src/groups/assignors.js';
import { ConsumerGroup } from '../../../src/groups/consumer-group.js';
import type { HeartbeatInput } from '../../../src/groups/consumer-group.js';
import { EMPTY, fromKeys, keys, partitionKey, size } from '../../../src/groups/partitions.js';
import type { Assignment } from '../../../src/groups/partitions.js';
import type { TopicDirectory } from '../../../src/groups/topic-directory.js';

const counts = (topic: string): number | undefined => ({ orders: 12, audit: 3 })[topic];
/** The topics of `counts`, each created at metadata index 1 or 2. */
const topics: TopicDirectory = {
  topic: (name) => ({ orders: { id: 't1', partitions: 12 }, audit: { id: 't2', partitions: 3 } })[name],
  created: (id) => id === 't1' || id === 't2',
  version: () => 2,
};

class Harness {
  readonly group = new ConsumerGroup('g');
  now = 0;
  private next = 0;
  /** What each member reported owning last. */
  readonly owned = new Map<string, Assignment>();
  readonly epochs = new Map<string, number>();

  beat(memberId: string, overrides: Partial<HeartbeatInput> = {}) {
    const input: HeartbeatInput = {
      memberId,
      memberEpoch: this.epochs.get(memberId) ?? 0,
      instanceId: '',
      subscribed: ['orders'],
      assignor: '',
      sessionTimeoutMs: 10_000,
      owned: this.owned.get(memberId) ?? EMPTY,
      ...overrides,
    };
    const out = this.group.heartbeat(input, this.now, counts, () => `m${++this.next}`);
    this.epochs.set(out.memberId, out.memberEpoch);
    this.owned.set(out.memberId, out.assignment); // a well-behaved member owns exactly what it is told
    return out;
  }

  join(overrides: Partial<HeartbeatInput> = {}): string {
    return this.beat('', overrides).memberId;
  }

  /** Heartbeats every member until nothing changes. */
  settle(): void {
    for (let round = 0; round < 10; round++) for (const id of [...this.group.members.keys()]) this.beat(id);
  }

  /** No partition is owned by two members, by what they were told. */
  assertExclusive(): void {
    const seen = new Set<string>();
    for (const [id, owned] of this.owned) {
      if (!this.group.members.has(id)) continue;
      for (const key of keys(owned)) {
        expect(seen.has(key), `${key} owned twice`).toBe(false);
        seen.add(key);
      }
    }
  }
}

describe('ConsumerGroup', () => {
  it('shares 12 partitions among 3 members, 4 each, every partition once', () => {
    const h = new Harness();
    const ids = [h.join(), h.join(), h.join()];
    h.settle();
    expect(ids.map((id) => size(h.owned.get(id)!))).toEqual([4, 4, 4]);
    expect(new Set(ids.flatMap((id) => [...keys(h.owned.get(id)!)])).size).toBe(12);
    expect(h.group.state(counts)).toBe('stable');
  });

  it('gives a partition to a new member only after its owner acknowledges the revocation', () => {
    const h = new Harness();
    const a = h.join();
    h.settle();
    expect(size(h.owned.get(a)!)).toBe(12);
    const b = h.join();
    expect(size(h.owned.get(b)!)).toBe(0); // a still owns everything
    // a is told to drop six, but has not yet said it did: b still waits.
    const told = h.group.heartbeat({ memberId: a, memberEpoch: h.epochs.get(a)!, instanceId: '', subscribed: ['orders'], assignor: '', sessionTimeoutMs: 10_000, owned: h.owned.get(a)! }, 0, counts, () => 'x');
    expect(size(told.assignment)).toBe(6);
    expect(size(h.beat(b).assignment)).toBe(0);
    h.owned.set(a, told.assignment); // a drops them and says so
    h.beat(a);
    expect(size(h.beat(b).assignment)).toBe(6);
    h.assertExclusive();
  });

  it('fences a heartbeat and a commit with a stale member epoch', () => {
    const h = new Harness();
    const a = h.join();
    h.settle();
    const stale = h.epochs.get(a)!;
    h.join();
    h.settle();
    h.join();
    h.settle(); // two epochs on: neither a's epoch nor the one before it
    expect(h.epochs.get(a)).toBeGreaterThan(stale + 1);
    expect(() => h.beat(a, { memberEpoch: stale })).toThrowError(expect.objectContaining({ code: 'FENCED_MEMBER_EPOCH' }));
    expect(() => h.group.commit(a, stale, [{ topic: 'orders', partition: 0, offset: 1n, metadata: '' }], 0, topics)).toThrowError(CairnError);
  });

  it('refuses a commit for a partition the member does not own', () => {
    const h = new Harness();
    const a = h.join();
    const b = h.join();
    h.settle();
    const foreign = [...keys(h.owned.get(b)!)][0]!;
    const partition = Number(foreign.split('\u0000')[1]);
    expect(() => h.group.commit(a, h.epochs.get(a)!, [{ topic: 'orders', partition, offset: 5n, metadata: '' }], 0, topics)).toThrowError(
      expect.objectContaining({ code: 'FENCED_MEMBER_EPOCH' }),
    );
  });

  it('frees the partitions of a member whose session ran out', () => {
    const h = new Harness();
    const a = h.join();
    const b = h.join();
    h.settle();
    h.now = 5_000;
    h.beat(b);
    h.now = 10_001;
    expect(h.group.expireSessions(h.now)).toEqual([a]);
    h.settle();
    expect(size(h.owned.get(b)!)).toBe(12);
  });

  it('lets a static member come back within its session and keep its partitions without a rebalance', () => {
    const h = new Harness();
    const a = h.join({ instanceId: 'worker-a' });
    h.join({ instanceId: 'worker-b' });
    h.settle();
    const mine = h.owned.get(a)!;
    const epoch = h.group.epoch;
    h.beat(a, { memberEpoch: -2, instanceId: 'worker-a' });
    expect(() => h.join({ instanceId: 'worker-b' })).toThrowError(expect.objectContaining({ code: 'UNRELEASED_INSTANCE_ID' }));
    const back = h.beat('', { instanceId: 'worker-a', memberEpoch: 0, owned: EMPTY });
    expect(back.assignment).toEqual(mine);
    expect(h.group.epoch).toBe(epoch);
  });

  it('rebuilds members, epochs and offsets from the records it wrote', () => {
    const h = new Harness();
    const a = h.join();
    h.join({ subscribed: ['orders', 'audit'] });
    h.settle();
    h.group.commit(a, h.epochs.get(a)!, [...keys(h.owned.get(a)!)].slice(0, 2).map((key) => ({ topic: 'orders', partition: Number(key.split('\u0000')[1]), offset: 42n, metadata: 'm' })), 7, topics);
    const replayed = new ConsumerGroup('g');
    for (const record of h.group.drain()) replayed.replay(JSON.parse(JSON.stringify(record)));
    expect(replayed.epoch).toBe(h.group.epoch);
    expect([...replayed.members.keys()].sort()).toEqual([...h.group.members.keys()].sort());
    for (const [id, member] of h.group.members) expect({ ...replayed.members.get(id)!, lastSeenMs: 0 }).toEqual({ ...member, lastSeenMs: 0 });
    expect([...replayed.offsets.values()]).toEqual([...h.group.offsets.values()]);
  });

  it('changes a copy without changing the group it was copied from, and the other way round', () => {
    const h = new Harness();
    h.group.commit('', -1, [{ topic: 'orders', partition: 0, offset: 1n, metadata: '' }], 0, topics);
    const copy = h.group.copy();
    copy.commit('', -1, [{ topic: 'orders', partition: 1, offset: 2n, metadata: '' }], 0, topics);
    copy.heartbeat({ memberId: '', memberEpoch: 0, instanceId: '', subscribed: ['orders'], assignor: '', sessionTimeoutMs: 10_000, owned: EMPTY }, 0, counts, () => 'c1');
    h.group.commit('', -1, [{ topic: 'audit', partition: 0, offset: 3n, metadata: '' }], 0, topics);
    expect([...h.group.offsets.keys()]).toEqual(['orders\u00000', 'audit\u00000']);
    expect([...copy.offsets.keys()]).toEqual(['orders\u00000', 'orders\u00001']);
    expect([h.group.members.size, copy.members.size]).toEqual([0, 1]);
    expect(h.group.epoch).toBe(0);
  });

  it('keeps every partition with at most one member through joins, leaves and expiries', () => {
    const h = new Harness();
    const ids: string[] = [];
    for (let step = 0; step < 60; step++) {
      if (step % 7 === 0) ids.push(h.join());
      if (step % 11 === 5 && ids.length > 1) h.beat(ids.shift()!, { memberEpoch: -1 });
      for (const id of ids) if ((step + id.length) % 3 !== 0) h.beat(id);
      h.assertExclusive();
    }
  });
});

describe('assignors', () => {
  const members = (n: number) => Array.from({ length: n }, (_, i) => ({ memberId: `m${i}`, subscribed: ['orders'], current: EMPTY }));

  it('range gives each member a contiguous run, the first ones one more', () => {
    const out = assign('range', members(5), counts);
    expect(out.get('m0')).toEqual({ orders: [0, 1, 2] });
    expect(out.get('m1')).toEqual({ orders: [3, 4, 5] });
    expect(out.get('m4')).toEqual({ orders: [10, 11] });
  });

  it('uniform keeps what members own where balance allows', () => {
    const current = fromKeys([0, 1, 2, 3, 4, 5].map((p) => partitionKey('orders', p)));
    const out = assign('uniform', [{ memberId: 'a', subscribed: ['orders'], current }, ...members(1)], counts);
    expect(out.get('a')).toEqual(current);
  });
});
