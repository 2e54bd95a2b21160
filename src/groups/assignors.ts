/**
 * Server-side assignors: from the members' subscriptions (and what they own
 * now) to the partitions each member should own. Pure and deterministic, so
 * every coordinator computes the same target from the same group.
 */
import type { Assignment } from './partitions.js';
import { fromKeys, keys, partitionKey } from './partitions.js';

export const ASSIGNORS = ['uniform', 'range'] as const;
export type AssignorName = (typeof ASSIGNORS)[number];

export interface AssignorMember {
  readonly memberId: string;
  readonly subscribed: readonly string[];
  /** Owned now; `uniform` keeps these where balance allows. */
  readonly current: Assignment;
}

/** Partition count of a topic, or undefined when it does not exist. */
export type PartitionCounts = (topic: string) => number | undefined;

export function assign(name: AssignorName, members: readonly AssignorMember[], counts: PartitionCounts): Map<string, Assignment> {
  const sorted = [...members].sort((a, b) => (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0));
  const chosen = name === 'range' ? range(sorted, counts) : uniform(sorted, counts);
  return new Map(sorted.map((m) => [m.memberId, fromKeys(chosen.get(m.memberId) ?? [])]));
}

function subscribedTopics(members: readonly AssignorMember[], counts: PartitionCounts): string[] {
  return [...new Set(members.flatMap((m) => m.subscribed))].filter((t) => counts(t) !== undefined).sort();
}

/** Kafka's range: per topic, each subscriber gets a contiguous run; the first ones one more when it does not divide. */
function range(members: readonly AssignorMember[], counts: PartitionCounts): Map<string, string[]> {
  const out = new Map<string, string[]>(members.map((m) => [m.memberId, []]));
  for (const topic of subscribedTopics(members, counts)) {
    const subscribers = members.filter((m) => m.subscribed.includes(topic));
    const count = counts(topic)!;
    const each = Math.floor(count / subscribers.length);
    const extra = count % subscribers.length;
    let next = 0;
    subscribers.forEach((m, i) => {
      const take = each + (i < extra ? 1 : 0);
      for (let p = next; p < next + take; p++) out.get(m.memberId)!.push(partitionKey(topic, p));
      next += take;
    });
  }
  return out;
}

/**
 * Balanced and sticky: a member keeps what it owns up to its fair share,
 * the rest goes to the least-loaded eligible member, then partitions move
 * from the most to the least loaded until counts differ by at most one
 * wherever subscriptions allow.
 */
function uniform(members: readonly AssignorMember[], counts: PartitionCounts): Map<string, string[]> {
  const topics = subscribedTopics(members, counts);
  const all = topics.flatMap((topic) => Array.from({ length: counts(topic)! }, (_, p) => ({ topic, key: partitionKey(topic, p) })));
  const owner = new Map<string, string>();
  const load = new Map(members.map((m) => [m.memberId, 0]));
  const eligible = (topic: string) => members.filter((m) => m.subscribed.includes(topic));
  const share = Math.ceil(all.length / Math.max(members.length, 1));
  const wanted = new Set(all.map((p) => p.key));

  for (const m of members) {
    for (const key of keys(m.current)) {
      if (!wanted.has(key) || owner.has(key) || load.get(m.memberId)! >= share) continue;
      if (!m.subscribed.includes(key.slice(0, key.lastIndexOf('\u0000')))) continue;
      owner.set(key, m.memberId);
      load.set(m.memberId, load.get(m.memberId)! + 1);
    }
  }
  const leastLoaded = (candidates: readonly AssignorMember[]) =>
    candidates.reduce((best, m) => (load.get(m.memberId)! < load.get(best.memberId)! ? m : best));
  for (const { topic, key } of all) {
    if (owner.has(key)) continue;
    const to = leastLoaded(eligible(topic));
    owner.set(key, to.memberId);
    load.set(to.memberId, load.get(to.memberId)! + 1);
  }
  // Moves never raise the most loaded count, so this ends; the bound is a guard.
  for (let moves = 0; moves < all.length * members.length; moves++) {
    const move = all.find(({ topic, key }) => {
      const from = owner.get(key)!;
      const to = leastLoaded(eligible(topic));
      return load.get(from)! - load.get(to.memberId)! > 1;
    });
    if (move === undefined) break;
    const from = owner.get(move.key)!;
    const to = leastLoaded(eligible(move.topic)).memberId;
    owner.set(move.key, to);
    load.set(from, load.get(from)! - 1);
    load.set(to, load.get(to)! + 1);
  }
  const out = new Map<string, string[]>(members.map((m) => [m.memberId, []]));
  for (const [key, memberId] of owner) out.get(memberId)!.push(key);
  return out;
}
