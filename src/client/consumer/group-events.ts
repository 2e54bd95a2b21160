/**
 * A group member's joins, rebalances and assignments, told to the logger
 * and the diagnostics channels as its heartbeats reveal them: each change
 * once, however many heartbeats repeat it.
 */
import type { CairnLogger, CommitEvent, GroupAssignmentEvent, GroupMemberEvent, GroupRebalanceEvent } from '../instrumentation.js';
import { publish } from '../instrumentation.js';
import type { TopicPartition } from '../partition-leaders.js';
import { partitionKey } from '../partition-leaders.js';

export class GroupEvents {
  #epoch = 0;
  #assignment = '';

  constructor(
    private readonly groupId: string,
    private readonly logger: CairnLogger,
  ) {}

  /** A heartbeat's answer: the member's id and epoch, and the partitions the coordinator assigns it. */
  answered(memberId: string, memberEpoch: number, assignment: readonly TopicPartition[]): void {
    const member: GroupMemberEvent = { groupId: this.groupId, memberId, memberEpoch };
    if (memberEpoch !== this.#epoch) {
      const previousEpoch = this.#epoch;
      this.#epoch = memberEpoch;
      if (previousEpoch <= 0) {
        this.logger.info(member, 'joined the consumer group');
        publish('groupJoin', () => member);
      } else {
        this.logger.info({ ...member, previousEpoch }, 'the consumer group rebalanced');
        publish('groupRebalance', (): GroupRebalanceEvent => ({ ...member, previousEpoch }));
      }
    }
    const key = assignment.map((p) => partitionKey(p.topic, p.partition)).sort().join(',');
    if (key === this.#assignment) return;
    this.#assignment = key;
    const partitions = assignment.map(({ topic, partition }) => ({ topic, partition }));
    this.logger.info({ ...member, partitions: partitions.length }, 'assigned partitions');
    publish('groupAssignment', (): GroupAssignmentEvent => ({ ...member, partitions }));
  }

  /** The membership ended (left, fenced or timed out): the next answer is a join again. */
  left(): void {
    this.#epoch = 0;
    this.#assignment = '';
  }
}

/** Offset commits, timed, with their outcome. */
export class CommitEvents {
  constructor(
    private readonly groupId: string,
    private readonly logger: CairnLogger,
  ) {}

  /** Starts timing a commit of `offsets` partitions; the result's callbacks pass the outcome through. */
  started(offsets: number): { succeeded: <T>(value: T) => T; failed: (error: unknown) => never } {
    const startedAt = performance.now();
    const event = (code: string): CommitEvent => ({ groupId: this.groupId, offsets, durationMs: performance.now() - startedAt, code });
    return {
      succeeded: (value) => {
        publish('commit', () => event('OK'));
        return value;
      },
      failed: (error) => {
        const code = (error as { code?: unknown }).code;
        const committed = event(typeof code === 'string' ? code : 'UNKNOWN');
        this.logger.warn({ ...committed, err: error }, 'offset commit failed');
        publish('commit', () => committed);
        throw error;
      },
    };
  }
}
