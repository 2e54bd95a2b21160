/**
 * A consumer's life in a group: membership (heartbeats), reconciling the
 * partitions it owns with what the coordinator assigns, and committing
 * offsets. A revoked partition is first held back from the application,
 * then, once the message in hand is done, its position is committed and
 * it is released; only then does the next heartbeat acknowledge the
 * revocation, so no two members process a partition at once.
 */
import { CairnError } from '../errors.js';
import type { ClusterClient } from '../cluster-client.js';
import type { ResolvedClientOptions } from '../options.js';
import type { PartitionOffset } from '../list-offsets.js';
import { nodeUnreachable, partitionKey } from '../partition-leaders.js';
import type { TopicPartition } from '../partition-leaders.js';
import { groupByTopic } from '../topic-partitions.js';
import { CommitEvents, GroupEvents } from './group-events.js';
import { GroupMembership } from './group-membership.js';
import type { ResolvedConsumerOptions } from './options.js';
import type { SeekTarget } from './partition-state.js';

/** What the session needs of its consumer. */
export interface GroupConsumerControl {
  owned(): TopicPartition[];
  add(partitions: readonly { partition: TopicPartition; start: SeekTarget | undefined }[]): void;
  remove(partitions: readonly TopicPartition[]): void;
  /** Stops handing out and fetching these partitions. */
  holdBack(partitions: readonly TopicPartition[]): void;
  /** Resolves once none of these partitions has a message in the application's hands. */
  released(partitions: readonly TopicPartition[]): Promise<void>;
  /** Positions after the messages the application has finished with. */
  processed(): PartitionOffset[];
  /** Positions after every message handed out. */
  positions(): PartitionOffset[];
  /** Since when the application has held its current message; undefined when it holds none. */
  inHandSinceMs(): number | undefined;
  /** A failure the reader should hear of (the group cannot be reached); the session goes on retrying. */
  report(error: CairnError): void;
}

function grouped(offsets: readonly PartitionOffset[]) {
  return offsets.map(({ topic, partition, offset }) => ({ topic, partition, offset: offset.toString(), metadata: '' }));
}

export class GroupSession {
  readonly #client: ClusterClient;
  readonly #consumer: GroupConsumerControl;
  readonly #options: ResolvedConsumerOptions & { readonly groupId: string };
  readonly #membership: GroupMembership;
  #topics: readonly string[] = [];
  /** A subscribe(/pattern/): resolved to #topics now and every topicPatternRefreshMs. */
  #pattern: RegExp | undefined;
  #patternResolvedMs = 0;
  #patternResolving = false;
  #closed = false;
  #target: readonly TopicPartition[] | undefined;
  #reconciling = false;
  /** Bumped when partitions are lost: a reconcile in progress must not act on its stale plan. */
  #generation = 0;
  readonly #committed = new Map<string, bigint>();
  #lastAutoCommitMs = Date.now();
  #timedOut = false;
  readonly #timer: NodeJS.Timeout;
  readonly #events: GroupEvents;
  readonly #commitEvents: CommitEvents;

  constructor(client: ClusterClient, consumer: GroupConsumerControl, options: ResolvedConsumerOptions & { readonly groupId: string }, clientOptions: ResolvedClientOptions) {
    this.#client = client;
    this.#consumer = consumer;
    this.#options = options;
    this.#events = new GroupEvents(options.groupId, clientOptions.logger);
    this.#commitEvents = new CommitEvents(options.groupId, clientOptions.logger);
    this.#membership = new GroupMembership(
      client,
      { groupId: options.groupId, groupInstanceId: options.groupInstanceId, assignor: options.assignor, sessionTimeoutMs: options.sessionTimeoutMs, requestTimeoutMs: clientOptions.requestTimeoutMs, retry: clientOptions.retry },
      {
        topics: () => this.#topics,
        owned: () => consumer.owned(),
        onAssignment: (assignment) => this.#onAssignment(assignment),
        onLost: () => this.#lose(),
        onError: (error) => consumer.report(error),
      },
    );
    const tickMs = Math.min(1_000, options.autoCommitIntervalMs, options.processingTimeoutMs);
    this.#timer = setInterval(() => this.#tick(), tickMs);
  }

  get memberId(): string {
    return this.#membership.memberId;
  }

  get memberEpoch(): number {
    return this.#membership.memberEpoch;
  }

  subscribe(topics: readonly string[]): void {
    this.#pattern = undefined;
    this.#subscribeTopics(topics);
  }

  /** Subscribes to the topics matching `pattern`, looked up now and every topicPatternRefreshMs (internal `__` topics never match). */
  subscribePattern(pattern: RegExp): void {
    // Without the stateful flags, test() answers the same for the same name every time.
    this.#pattern = new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''));
    void this.#resolvePattern();
  }

  #subscribeTopics(topics: readonly string[]): void {
    this.#topics = [...new Set(topics)].sort();
    this.#membership.start();
    this.#membership.wake();
  }

  async #resolvePattern(): Promise<void> {
    const pattern = this.#pattern;
    if (pattern === undefined || this.#patternResolving) return;
    this.#patternResolving = true;
    this.#patternResolvedMs = Date.now();
    try {
      const metadata = await this.#client.metadata({ refresh: true });
      if (pattern !== this.#pattern || this.#closed) return;
      const names = metadata.topics.map((topic) => topic.name).filter((name) => !name.startsWith('__') && pattern.test(name)).sort();
      // No match yet: stay out of the group until a topic matches.
      if (names.length > 0 && names.join('\n') !== this.#topics.join('\n')) this.#subscribeTopics(names);
    } catch (error) {
      // The client retried already; the next refresh tries again. An unreachable cluster is reported, as for commits.
      if (!this.#closed && nodeUnreachable(error as CairnError)) this.#consumer.report(error as CairnError);
    } finally {
      this.#patternResolving = false;
    }
  }

  /** The application is reading again: a member that left for taking too long joins again. */
  onRead(): void {
    if (!this.#timedOut) return;
    this.#timedOut = false;
    this.#membership.start();
  }

  /** Commits the given offsets, or else the position of every owned partition. */
  async commit(offsets?: readonly PartitionOffset[]): Promise<void> {
    await this.#commit(offsets ?? this.#consumer.positions());
  }

  /** Commits what was processed and leaves the group (for now, if static). */
  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
    this.#generation++;
    if (this.#options.autoCommit && this.#membership.active) await this.#commit(this.#consumer.processed()).catch(() => undefined);
    await this.#membership.leave(this.#options.groupInstanceId === undefined);
    this.#membership.close();
  }

  #onAssignment(assignment: readonly TopicPartition[]): void {
    this.#events.answered(this.#membership.memberId, this.#membership.memberEpoch, assignment);
    const wanted = new Set(assignment.map((p) => partitionKey(p.topic, p.partition)));
    const owned = this.#consumer.owned();
    const same = owned.length === wanted.size && owned.every((p) => wanted.has(partitionKey(p.topic, p.partition)));
    if (same) return;
    this.#target = assignment;
    if (!this.#reconciling) void this.#reconcile();
  }

  async #reconcile(): Promise<void> {
    this.#reconciling = true;
    try {
      while (this.#target !== undefined) {
        const target = this.#target;
        this.#target = undefined;
        await this.#reconcileTo(target, this.#generation);
        this.#membership.wake();
      }
    } finally {
      this.#reconciling = false;
    }
  }

  async #reconcileTo(target: readonly TopicPartition[], generation: number): Promise<void> {
    const wanted = new Set(target.map((p) => partitionKey(p.topic, p.partition)));
    const owned = this.#consumer.owned();
    const ownedKeys = new Set(owned.map((p) => partitionKey(p.topic, p.partition)));
    const revoked = owned.filter((p) => !wanted.has(partitionKey(p.topic, p.partition)));
    const added = target.filter((p) => !ownedKeys.has(partitionKey(p.topic, p.partition)));
    if (revoked.length > 0) {
      this.#consumer.holdBack(revoked);
      await this.#consumer.released(revoked);
      if (generation !== this.#generation) return;
      if (this.#options.autoCommit) {
        const keys = new Set(revoked.map((p) => partitionKey(p.topic, p.partition)));
        await this.#commit(this.#consumer.processed().filter((o) => keys.has(partitionKey(o.topic, o.partition)))).catch(() => undefined);
      }
      if (generation !== this.#generation) return;
      // Still owned: the application may commit them before they are given up.
      await this.#callApplication('onRevoked', revoked);
      if (generation !== this.#generation) return;
      this.#consumer.remove(revoked);
    }
    if (added.length > 0) {
      const committed = await this.#fetchCommitted(added, generation);
      if (committed === undefined || generation !== this.#generation) return;
      const reset = this.#options.autoOffsetReset;
      this.#consumer.add(
        added.map((partition) => {
          const offset = committed.get(partitionKey(partition.topic, partition.partition));
          return { partition, start: offset !== undefined ? { offset } : reset === 'none' ? undefined : reset };
        }),
      );
      await this.#callApplication('onAssigned', added);
    }
  }

  /** Runs an application's rebalance callback to completion; what it throws goes to the reader, and the rebalance goes on. */
  async #callApplication(name: 'onAssigned' | 'onRevoked', partitions: readonly TopicPartition[]): Promise<void> {
    try {
      await this.#options[name]?.(partitions);
    } catch (error) {
      this.#consumer.report(error instanceof CairnError ? error : new CairnError('INTERNAL', `${name}() threw: ${String(error)}`, { cause: error }));
    }
  }

  /** Committed offsets of these partitions (absent: none committed); undefined if the plan went stale while asking. */
  async #fetchCommitted(partitions: readonly TopicPartition[], generation: number): Promise<Map<string, bigint> | undefined> {
    const request = { groupId: this.#options.groupId, partitions: groupByTopic(partitions) };
    for (;;) {
      try {
        const response = await this.#client.call('FetchOffsets', request, { to: { coordinatorOf: this.#options.groupId } });
        const out = new Map<string, bigint>();
        for (const o of response.offsets) {
          if (o.offset === '-1') continue;
          out.set(partitionKey(o.topic, o.partition), BigInt(o.offset));
          this.#committed.set(partitionKey(o.topic, o.partition), BigInt(o.offset));
        }
        return out;
      } catch (error) {
        // The client retried already; go on trying while the plan is current, as the member must own these.
        if (generation !== this.#generation || (error as CairnError).code === 'CLIENT_CLOSED') return undefined;
        // call() rejects only with CairnError. A coordinator that cannot be reached is reported; one loading is waited for.
        if (nodeUnreachable(error as CairnError)) this.#consumer.report(error as CairnError);
      }
    }
  }

  async #commit(offsets: readonly PartitionOffset[]): Promise<void> {
    const changed = offsets.filter((o) => this.#committed.get(partitionKey(o.topic, o.partition)) !== o.offset);
    if (changed.length === 0) return;
    const joined = this.#membership.memberEpoch > 0;
    const done = this.#commitEvents.started(changed.length);
    await this.#client.call(
      'CommitOffsets',
      {
        groupId: this.#options.groupId,
        memberId: joined ? this.#membership.memberId : '',
        memberEpoch: joined ? this.#membership.memberEpoch : -1,
        offsets: grouped(changed),
      },
      { to: { coordinatorOf: this.#options.groupId } },
    ).then(done.succeeded, done.failed);
    for (const o of changed) this.#committed.set(partitionKey(o.topic, o.partition), o.offset);
  }

  /** Fenced, timed out, or stuck: the partitions may already be someone else's, so they go without a commit. */
  #lose(): void {
    this.#events.left();
    this.#generation++;
    this.#target = undefined;
    const lost = this.#consumer.owned();
    this.#consumer.remove(lost);
    if (lost.length > 0) this.#options.onLost?.(lost);
  }

  #tick(): void {
    const now = Date.now();
    const heldSince = this.#consumer.inHandSinceMs();
    if (this.#membership.active && heldSince !== undefined && now - heldSince > this.#options.processingTimeoutMs) {
      // The application is stuck on one message: leave, so the group moves on without waiting for a session timeout.
      this.#timedOut = true;
      this.#lose();
      void this.#membership.leave(true);
      return;
    }
    if (this.#pattern !== undefined && now - this.#patternResolvedMs >= this.#options.topicPatternRefreshMs) void this.#resolvePattern();
    if (this.#options.autoCommit && this.#membership.active && now - this.#lastAutoCommitMs >= this.#options.autoCommitIntervalMs) {
      this.#lastAutoCommitMs = now;
      void this.#commit(this.#consumer.processed()).catch(() => undefined);
    }
  }
}
