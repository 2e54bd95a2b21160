/**
 * A consumer's membership in a group: heartbeats to the coordinator on a
 * timer of their own, so slow message handling never stalls them. Each
 * answer carries the partitions the member may own; the consumer reconciles
 * toward it (revoking first) and the next heartbeat reports what it owns,
 * which is how a revocation is acknowledged.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { backoffDelayMs } from '../backoff.js';
import type { ClusterClient } from '../cluster-client.js';
import { CairnError } from '../errors.js';
import type { RetryOptions } from '../options.js';
import { nodeUnreachable } from '../partition-leaders.js';
import type { TopicPartition } from '../partition-leaders.js';
import { flattenTopicPartitions, groupByTopic } from '../topic-partitions.js';

/** Epochs a heartbeat sends to join and to leave (for good, or for now as a static member). */
const JOIN = 0;
const LEAVE = -1;
const LEAVE_FOR_NOW = -2;

export interface MembershipOptions {
  readonly groupId: string;
  readonly groupInstanceId: string | undefined;
  readonly assignor: string;
  readonly sessionTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly retry: RetryOptions;
}

export interface MembershipHooks {
  readonly topics: () => readonly string[];
  /** What the consumer owns now, revocations in progress included. */
  readonly owned: () => readonly TopicPartition[];
  /** The coordinator's latest answer; the consumer reconciles toward it and calls wake() when done. */
  readonly onAssignment: (assignment: readonly TopicPartition[]) => void;
  /** The member lost its place (fenced, or its session ran out): drop every partition without committing. */
  readonly onLost: () => void;
  /** Heartbeats failed retry.retriesMax + 1 times in a row (the coordinator cannot be reached); they go on. */
  readonly onError: (error: CairnError) => void;
}

export class GroupMembership {
  memberId = '';
  memberEpoch = JOIN;
  #intervalMs = 1_000;
  #lastAnsweredMs = Date.now();
  #running = false;
  #stopped = false;
  #wake: (() => void) | undefined;
  #loop: Promise<void> | undefined;
  readonly #abort = new AbortController();

  constructor(
    private readonly client: ClusterClient,
    private readonly options: MembershipOptions,
    private readonly hooks: MembershipHooks,
  ) {}

  get active(): boolean {
    return this.#running;
  }

  /** Starts heartbeating (joining first); idempotent. */
  start(): void {
    if (this.#running || this.#stopped) return;
    this.#running = true;
    this.#lastAnsweredMs = Date.now();
    this.#loop = this.#run();
  }

  /** Heartbeat now rather than at the next interval: the subscription or the owned partitions changed. */
  wake(): void {
    this.#wake?.();
  }

  /** Leaves the group (for now, if static) after the loop stops; the consumer has already released its partitions. */
  async leave(forGood: boolean): Promise<void> {
    this.#running = false;
    this.wake();
    await this.#loop;
    if (this.memberEpoch <= JOIN || this.memberId === '') return;
    const epoch = forGood || this.options.groupInstanceId === undefined ? LEAVE : LEAVE_FOR_NOW;
    await this.#heartbeat(epoch).catch(() => undefined); // its session runs out anyway
    this.memberEpoch = JOIN;
  }

  /** Stops for good, without telling the coordinator. */
  close(): void {
    this.#stopped = true;
    this.#running = false;
    this.#abort.abort();
    this.wake();
  }

  async #run(): Promise<void> {
    let failures = 0;
    while (this.#running) {
      let delayMs = this.#intervalMs;
      try {
        const answer = await this.#heartbeat(this.memberEpoch);
        failures = 0;
        this.#lastAnsweredMs = Date.now();
        this.memberId = answer.memberId;
        this.memberEpoch = answer.memberEpoch;
        this.#intervalMs = answer.heartbeatIntervalMs || this.#intervalMs;
        delayMs = this.#intervalMs;
        if (this.#running) this.hooks.onAssignment(flattenTopicPartitions(answer.assignment));
      } catch (caught) {
        const error = caught as CairnError;
        if (!this.#running) break;
        if (error.code === 'UNKNOWN_MEMBER_ID' || error.code === 'FENCED_MEMBER_EPOCH') {
          this.#lose();
          delayMs = 0;
        } else {
          // Unanswered for a whole session: the coordinator has given the partitions away by now.
          if (Date.now() - this.#lastAnsweredMs > this.options.sessionTimeoutMs) this.#lose();
          delayMs = Math.min(this.#intervalMs, backoffDelayMs(failures++, this.options.retry));
          // Reported, so a reader waiting on a group it cannot reach is told rather than left waiting
          // (a coordinator that answers, even "loading" or "not yet available", is only waited for).
          if (nodeUnreachable(error) && failures > this.options.retry.retriesMax) {
            failures = 0;
            this.hooks.onError(new CairnError(error.code, `group ${JSON.stringify(this.options.groupId)}: ${error.message} (heartbeat failing for ${this.options.retry.retriesMax + 1} attempts; still retrying)`, { cause: error }));
          } else if (!error.retriable && failures === 1) {
            // A refusal (a full group, too many topics, an invalid id) will not pass by retrying soon: the
            // application hears of it at once, once per run of refusals; the loop keeps trying, since a member may
            // leave or the subscription change.
            this.hooks.onError(new CairnError(error.code, `group ${JSON.stringify(this.options.groupId)}: ${error.message} (heartbeat refused; still retrying)`, { cause: error }));
          }
        }
      }
      await this.#sleep(delayMs);
    }
  }

  #lose(): void {
    this.memberEpoch = JOIN;
    this.#lastAnsweredMs = Date.now();
    this.hooks.onLost();
  }

  #heartbeat(epoch: number) {
    const request = {
      groupId: this.options.groupId,
      memberId: this.memberId,
      memberEpoch: epoch,
      groupInstanceId: this.options.groupInstanceId ?? '',
      subscribedTopics: [...this.hooks.topics()],
      assignor: this.options.assignor,
      sessionTimeoutMs: this.options.sessionTimeoutMs,
      ownedPartitions: groupByTopic(this.hooks.owned()),
    };
    // One attempt per heartbeat: the loop retries, and a slow attempt must not outlast the session,
    // nor hold the member on a hung coordinator for longer than any other request.
    const timeoutMs = Math.min(this.options.requestTimeoutMs, Math.max(500, Math.floor(this.options.sessionTimeoutMs / 2)));
    return this.client.call('Heartbeat', request, { to: { coordinatorOf: this.options.groupId }, timeoutMs, signal: this.#abort.signal, retry: false });
  }

  async #sleep(ms: number): Promise<void> {
    if (ms <= 0 || !this.#running) return;
    const woken = new Promise<void>((resolve) => (this.#wake = resolve));
    await Promise.race([woken, sleep(ms, undefined, { signal: this.#abort.signal }).catch(() => undefined)]);
    this.#wake = undefined;
  }
}
