/**
 * One consumer group as its coordinator holds it: members with their epochs,
 * subscriptions and partitions, and the group's committed offsets. Pure: the
 * caller passes the time and topic metadata, and writes the records each
 * change produces (`drain()`) to the offsets topic before answering.
 *
 * Safety rests on one rule: a partition is given to a member only while no
 * other member has it assigned or is still revoking it. A revocation ends
 * when the member's heartbeat reports it no longer owns the partition, or
 * when the member is gone (left, or its session timed out).
 */
import { CairnError } from '../protocol/errors.js';
import type { AssignorName, PartitionCounts } from './assignors.js';
import { ASSIGNORS, assign } from './assignors.js';
import type { Assignment } from './partitions.js';
import { EMPTY, equal, fromKeys, intersect, keys, minus, partitionKey, size, union } from './partitions.js';
import { checkInstanceId, checkMemberId, checkOffsetMetadata, checkSubscription, COMMITTED_OFFSET_MAX, MEMBERS_PER_GROUP_MAX, quoted } from './limits.js';
import type { GroupRecord, MemberValue, OffsetValue } from './records.js';
import type { TopicDirectory } from './topic-directory.js';
import { offsetTopicState } from './topic-directory.js';

export const SESSION_TIMEOUT_MS_DEFAULT = 45_000;
export const SESSION_TIMEOUT_MS_MIN = 1_000;
export const SESSION_TIMEOUT_MS_MAX = 30 * 60_000;
/** Epochs a heartbeat may carry besides the member's own. */
export const JOIN = 0;
export const LEAVE = -1;
export const LEAVE_FOR_NOW = -2;

export interface HeartbeatInput {
  readonly memberId: string;
  readonly memberEpoch: number;
  readonly instanceId: string;
  readonly subscribed: readonly string[];
  readonly assignor: string;
  readonly sessionTimeoutMs: number;
  readonly owned: Assignment;
}

export interface HeartbeatOutput {
  readonly memberId: string;
  readonly memberEpoch: number;
  readonly heartbeatIntervalMs: number;
  readonly assignment: Assignment;
}

export interface Member extends MemberValue {
  readonly memberId: string;
  readonly lastSeenMs: number;
}

export interface OffsetCommitInput {
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
  readonly metadata: string;
}

export type GroupState = 'empty' | 'reconciling' | 'stable';

export type CommittedOffset = OffsetValue & { readonly topic: string; readonly partition: number };

/** How often a member should heartbeat: often enough that three can be missed within its session. */
export const heartbeatIntervalMs = (sessionTimeoutMs: number): number => Math.max(100, Math.min(3_000, Math.floor(sessionTimeoutMs / 3)));

function clampSession(ms: number): number {
  return ms === 0 ? SESSION_TIMEOUT_MS_DEFAULT : Math.min(Math.max(ms, SESSION_TIMEOUT_MS_MIN), SESSION_TIMEOUT_MS_MAX);
}

function assignorName(name: string): AssignorName {
  if (name === '') return 'uniform';
  const known = ASSIGNORS.find((a) => a === name);
  if (known === undefined) throw new CairnError('INVALID_REQUEST', `unknown assignor "${name}": use ${ASSIGNORS.join(' or ')}`);
  return known;
}

/** What a member record persists: all but the session clock. */
export function memberValue(m: Member): MemberValue {
  const { instanceId, epoch, previousEpoch, subscribed, assignor, sessionTimeoutMs, assigned, revoking, away } = m;
  return { instanceId, epoch, previousEpoch, subscribed, assignor, sessionTimeoutMs, assigned, revoking, away };
}

const sameTopics = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((t, i) => t === b[i]);

export class ConsumerGroup {
  epoch = 0;
  readonly members = new Map<string, Member>();
  /** Shared with copies until one of them writes (see `copy()`). */
  private offsetMap = new Map<string, CommittedOffset>();
  private offsetsShared = false;
  private target = new Map<string, Assignment>();
  private targetEpoch = -1;
  /** The partition counts of subscribed topics the target was computed from. */
  private targetMetadata = '';
  private pending: GroupRecord[] = [];

  constructor(readonly groupId: string) {}

  get offsets(): ReadonlyMap<string, CommittedOffset> {
    return this.offsetMap;
  }

  /** The offsets to change: a copy of the map if another group object shares it. */
  private writableOffsets(): Map<string, CommittedOffset> {
    if (this.offsetsShared) {
      this.offsetMap = new Map(this.offsetMap);
      this.offsetsShared = false;
    }
    return this.offsetMap;
  }

  /**
   * A copy to change: the coordinator applies a request to a copy and keeps it
   * only once its records are accepted, so a refused request leaves the group
   * as it was however far the change had got. Member and offset values are
   * never changed in place, so the maps are copied shallowly; the offsets,
   * which may be many and which heartbeats never change, only once one of
   * the two groups writes them.
   */
  copy(): ConsumerGroup {
    const out = new ConsumerGroup(this.groupId);
    out.epoch = this.epoch;
    for (const [id, member] of this.members) out.members.set(id, member);
    out.offsetMap = this.offsetMap;
    out.offsetsShared = true;
    this.offsetsShared = true;
    out.target = this.target;
    out.targetEpoch = this.targetEpoch;
    out.targetMetadata = this.targetMetadata;
    out.pending = [...this.pending];
    return out;
  }

  /** Records of the changes since the last drain, in order. */
  drain(): GroupRecord[] {
    const out = this.pending;
    this.pending = [];
    return out;
  }

  get isEmpty(): boolean {
    return this.members.size === 0 && this.offsets.size === 0;
  }

  heartbeat(input: HeartbeatInput, nowMs: number, counts: PartitionCounts, newMemberId: () => string): HeartbeatOutput {
    checkMemberId(input.memberId);
    checkInstanceId(input.instanceId);
    checkSubscription(input.subscribed);
    const subscribed = [...new Set(input.subscribed)].sort();
    const assignor = assignorName(input.assignor);
    const sessionTimeoutMs = clampSession(input.sessionTimeoutMs);
    if (input.memberEpoch === LEAVE || input.memberEpoch === LEAVE_FOR_NOW) return this.leave(input);
    let member: Member;
    if (input.memberEpoch === JOIN) {
      member = this.join(input, subscribed, assignor, sessionTimeoutMs, nowMs, newMemberId);
    } else {
      const found = this.members.get(input.memberId);
      if (found === undefined) throw new CairnError('UNKNOWN_MEMBER_ID', `group "${this.groupId}" has no member ${input.memberId}`);
      const ownedIsAssigned = size(minus(input.owned, union(found.assigned, found.revoking))) === 0;
      if (input.memberEpoch !== found.epoch && !(input.memberEpoch === found.previousEpoch && ownedIsAssigned)) {
        throw new CairnError('FENCED_MEMBER_EPOCH', `member ${input.memberId} sent epoch ${input.memberEpoch}; its epoch is ${found.epoch}`);
      }
      member = { ...found, lastSeenMs: nowMs, sessionTimeoutMs, assignor };
      if (!sameTopics(found.subscribed, subscribed)) {
        member = { ...member, subscribed };
        this.bumpEpoch();
      }
      this.put(member, !sameTopics(found.subscribed, subscribed) || found.assignor !== assignor || found.sessionTimeoutMs !== sessionTimeoutMs);
    }
    member = this.reconcile(member, input.owned, counts);
    return { memberId: member.memberId, memberEpoch: member.epoch, heartbeatIntervalMs: heartbeatIntervalMs(member.sessionTimeoutMs), assignment: member.assigned };
  }

  private join(input: HeartbeatInput, subscribed: string[], assignor: AssignorName, sessionTimeoutMs: number, nowMs: number, newMemberId: () => string): Member {
    const fresh = { instanceId: input.instanceId, subscribed, assignor, sessionTimeoutMs, lastSeenMs: nowMs, away: false };
    if (input.instanceId !== '') {
      const holder = [...this.members.values()].find((m) => m.instanceId === input.instanceId);
      if (holder !== undefined && !holder.away) {
        throw new CairnError('UNRELEASED_INSTANCE_ID', `instance "${input.instanceId}" is held by live member ${holder.memberId}`);
      }
      if (holder !== undefined) {
        // A static member back in time: it takes over its predecessor's partitions, with no rebalance.
        this.remove(holder.memberId);
        const member: Member = { ...holder, ...fresh, memberId: newMemberId(), revoking: EMPTY };
        const target = this.target.get(holder.memberId);
        if (target !== undefined) this.target.set(member.memberId, target);
        if (!sameTopics(holder.subscribed, subscribed)) this.bumpEpoch();
        this.put(member, true);
        return member;
      }
    }
    if (this.members.size >= MEMBERS_PER_GROUP_MAX) {
      throw new CairnError('GROUP_MAX_SIZE_REACHED', `group "${this.groupId}" has ${this.members.size} members, the most a group may have`);
    }
    // An id held by a live member is not taken over: anyone can read member ids (describeGroup), so taking
    // over would let any client evict any member. The joiner gets an id of its own; a member that really
    // is the holder, fenced and joining again, leaves its old self to time out like any member that stopped.
    const free = input.memberId !== '' && !this.members.has(input.memberId);
    const member: Member = { ...fresh, memberId: free ? input.memberId : newMemberId(), epoch: 0, previousEpoch: 0, assigned: EMPTY, revoking: EMPTY };
    this.bumpEpoch();
    this.put(member, true);
    return member;
  }

  private leave(input: HeartbeatInput): HeartbeatOutput {
    const member = this.members.get(input.memberId);
    const out = { memberId: input.memberId, memberEpoch: input.memberEpoch, heartbeatIntervalMs: 0, assignment: EMPTY };
    if (member === undefined) return out;
    if (input.memberEpoch === LEAVE_FOR_NOW && member.instanceId !== '') {
      // It has stopped processing everything, so nothing is left to revoke; its partitions wait for it.
      this.put({ ...member, away: true, revoking: EMPTY }, true);
    } else {
      this.remove(member.memberId);
      this.bumpEpoch();
    }
    return out;
  }

  /** Drops members whose session has run out; true when any was dropped. */
  expireSessions(nowMs: number): string[] {
    const expired = [...this.members.values()].filter((m) => nowMs - m.lastSeenMs > m.sessionTimeoutMs).map((m) => m.memberId);
    for (const id of expired) this.remove(id);
    if (expired.length > 0) this.bumpEpoch();
    return expired;
  }

  /** After loading from the log, every member's session starts now. */
  touchAll(nowMs: number): void {
    for (const [id, member] of this.members) this.members.set(id, { ...member, lastSeenMs: nowMs });
  }

  /**
   * Commits offsets for partitions that exist (in `topics`), each stored with
   * its topic's id. Checked whole before anything is stored.
   */
  commit(memberId: string, memberEpoch: number, offsets: readonly OffsetCommitInput[], nowMs: number, topics: TopicDirectory): void {
    checkMemberId(memberId);
    const topicIds = offsets.map((o, i) => {
      const where = `offsets[${i}]`;
      const topic = topics.topic(o.topic);
      if (topic === undefined || !Number.isInteger(o.partition) || o.partition < 0 || o.partition >= topic.partitions) {
        throw new CairnError('UNKNOWN_TOPIC_OR_PARTITION', `${where}: no partition ${o.partition} of topic ${quoted(o.topic)}`);
      }
      if (o.offset < 0n || o.offset > COMMITTED_OFFSET_MAX) throw new CairnError('OFFSET_OUT_OF_RANGE', `${where}: offset ${o.offset} is outside [0, ${COMMITTED_OFFSET_MAX}]`);
      checkOffsetMetadata(o.metadata, where);
      return topic.id;
    });
    if (memberId === '' && memberEpoch === LEAVE) {
      if (this.members.size > 0) throw new CairnError('GROUP_NOT_EMPTY', `group "${this.groupId}" has ${this.members.size} members: stop them first`);
    } else {
      const member = this.members.get(memberId);
      if (member === undefined) throw new CairnError('UNKNOWN_MEMBER_ID', `group "${this.groupId}" has no member ${memberId}`);
      if (memberEpoch !== member.epoch && memberEpoch !== member.previousEpoch) {
        throw new CairnError('FENCED_MEMBER_EPOCH', `member ${memberId} committed with epoch ${memberEpoch}; its epoch is ${member.epoch}`);
      }
      const held = keys(union(member.assigned, member.revoking));
      const stray = offsets.find((o) => !held.has(partitionKey(o.topic, o.partition)));
      if (stray !== undefined) {
        throw new CairnError('FENCED_MEMBER_EPOCH', `member ${memberId} does not own ${stray.topic}/${stray.partition}`);
      }
    }
    for (const [i, o] of offsets.entries()) {
      const value: OffsetValue = { offset: o.offset.toString(), metadata: o.metadata, commitMs: nowMs, topicId: topicIds[i]! };
      this.writableOffsets().set(partitionKey(o.topic, o.partition), { ...value, topic: o.topic, partition: o.partition });
      this.pending.push({ key: { t: 'offset', g: this.groupId, topic: o.topic, p: o.partition }, value });
    }
  }

  /** Forgets the group's offsets; only for a group without members. */
  delete(): void {
    if (this.members.size > 0) throw new CairnError('GROUP_NOT_EMPTY', `group "${this.groupId}" has ${this.members.size} members: stop them first`);
    for (const o of this.offsets.values()) this.pending.push({ key: { t: 'offset', g: this.groupId, topic: o.topic, p: o.partition }, value: null });
    this.writableOffsets().clear();
    this.pending.push({ key: { t: 'group', g: this.groupId }, value: null });
  }

  /** Offsets whose topic was not deleted (see offsetTopicState): what fetches return. */
  liveOffsets(topics: TopicDirectory): CommittedOffset[] {
    return [...this.offsets.values()].filter((o) => offsetTopicState(topics, o.topic, o.topicId) !== 'gone');
  }

  /**
   * Drops the offsets of deleted topics, and gives offsets written before
   * offsets carried a topic id the id of their topic now, so a later
   * delete-and-create under the same name cannot pass for the same topic.
   */
  tidyOffsets(topics: TopicDirectory): void {
    for (const [key, o] of [...this.offsets]) {
      const state = offsetTopicState(topics, o.topic, o.topicId);
      const recordKey = { t: 'offset', g: this.groupId, topic: o.topic, p: o.partition } as const;
      if (state === 'gone') {
        this.writableOffsets().delete(key);
        this.pending.push({ key: recordKey, value: null });
      } else if (state === 'current' && o.topicId === undefined) {
        const { topic: _topic, partition: _partition, ...value } = o;
        const adopted = { ...value, topicId: topics.topic(o.topic)!.id };
        this.writableOffsets().set(key, { ...adopted, topic: o.topic, partition: o.partition });
        this.pending.push({ key: recordKey, value: adopted });
      }
    }
  }

  /** Applies a record read back from the log. */
  replay(record: GroupRecord): void {
    switch (record.key.t) {
      case 'group':
        this.epoch = (record.value as { epoch: number } | null)?.epoch ?? 0;
        break;
      case 'member': {
        const value = record.value as MemberValue | null;
        if (value === null) this.members.delete(record.key.m);
        else this.members.set(record.key.m, { ...value, memberId: record.key.m, lastSeenMs: 0 });
        break;
      }
      case 'offset': {
        const key = partitionKey(record.key.topic, record.key.p);
        const value = record.value as OffsetValue | null;
        if (value === null) this.writableOffsets().delete(key);
        else this.writableOffsets().set(key, { ...value, topic: record.key.topic, partition: record.key.p });
        break;
      }
    }
  }

  state(counts: PartitionCounts): GroupState {
    if (this.members.size === 0) return 'empty';
    const target = this.currentTarget(counts, false);
    const settled = [...this.members.values()].every(
      (m) => m.epoch === this.epoch && size(m.revoking) === 0 && equal(m.assigned, target.get(m.memberId) ?? EMPTY),
    );
    return settled ? 'stable' : 'reconciling';
  }

  /** What the assignor wants the member to own; a look that changes nothing (describe). */
  targetOf(memberId: string, counts: PartitionCounts): Assignment {
    return this.currentTarget(counts, false).get(memberId) ?? EMPTY;
  }

  /** The assignor most members ask for (ties: the first by name). */
  assignor(): AssignorName {
    const votes = new Map<AssignorName, number>();
    for (const m of this.members.values()) votes.set(m.assignor, (votes.get(m.assignor) ?? 0) + 1);
    return [...ASSIGNORS].sort((a, b) => (votes.get(b) ?? 0) - (votes.get(a) ?? 0))[0]!;
  }

  /** Moves the member toward its target: revoke first; take on partitions only once nothing is left to revoke. */
  private reconcile(start: Member, owned: Assignment, counts: PartitionCounts): Member {
    const target = this.currentTarget(counts, true).get(start.memberId) ?? EMPTY;
    let member = { ...start, revoking: intersect(start.revoking, owned) };
    const revoke = minus(member.assigned, target);
    if (size(revoke) > 0) member = { ...member, assigned: minus(member.assigned, revoke), revoking: union(member.revoking, revoke) };
    if (size(member.revoking) === 0) {
      if (member.epoch < this.epoch) member = { ...member, previousEpoch: member.epoch, epoch: this.epoch };
      const held = this.heldByOthers(member.memberId);
      const free = [...keys(minus(target, member.assigned))].filter((key) => !held.has(key));
      if (free.length > 0) member = { ...member, assigned: union(member.assigned, fromKeys(free)) };
    }
    const changed =
      member.epoch !== start.epoch || !equal(member.assigned, start.assigned) || !equal(member.revoking, start.revoking);
    this.put(member, changed);
    return member;
  }

  private heldByOthers(memberId: string): Set<string> {
    const held = new Set<string>();
    for (const m of this.members.values()) {
      if (m.memberId === memberId) continue;
      for (const key of keys(union(m.assigned, m.revoking))) held.add(key);
    }
    return held;
  }

  /**
   * The target for the current epoch and topic metadata. Only a heartbeat
   * (`adopt`) keeps a new one, bumping the epoch when the subscribed topics'
   * partitions changed; a read computes it and changes nothing.
   */
  private currentTarget(counts: PartitionCounts, adopt: boolean): ReadonlyMap<string, Assignment> {
    const topics = [...new Set([...this.members.values()].flatMap((m) => m.subscribed))].sort();
    const metadata = JSON.stringify(topics.map((t) => [t, counts(t) ?? -1]));
    if (this.targetEpoch === this.epoch && this.targetMetadata === metadata) return this.target;
    const members = [...this.members.values()].map((m) => ({ memberId: m.memberId, subscribed: m.subscribed, current: m.assigned }));
    if (!adopt) return assign(this.assignor(), members, counts);
    if (this.targetEpoch === this.epoch && this.targetMetadata !== '') this.bumpEpoch(); // partitions were added or a topic deleted
    this.target = assign(this.assignor(), members, counts);
    this.targetEpoch = this.epoch;
    this.targetMetadata = metadata;
    return this.target;
  }

  private bumpEpoch(): void {
    this.epoch++;
    this.pending.push({ key: { t: 'group', g: this.groupId }, value: { epoch: this.epoch } });
  }

  private put(member: Member, persist: boolean): void {
    this.members.set(member.memberId, member);
    if (!persist) return;
    this.pending.push({ key: { t: 'member', g: this.groupId, m: member.memberId }, value: memberValue(member) });
  }

  private remove(memberId: string): void {
    this.members.delete(memberId);
    this.pending.push({ key: { t: 'member', g: this.groupId, m: memberId }, value: null });
  }
}
