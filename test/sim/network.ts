/**
 * A seeded network between the simulated nodes. Every message gets its own
 * random delay, so messages overtake each other; some are lost or delivered
 * twice; partitions block directed links (a symmetric partition blocks both
 * directions), checked when a message is sent and again when it arrives.
 * A lost message still travels to its arrival time, where its sender learns
 * of the failure as a real transport would (and a Snap's sender must). A
 * message whose sender crashed before it arrived may die with its sender.
 */
import { assert } from '../../src/raft/assert.js';
import type { SeededRng } from '../../src/raft/rng.js';
import type { Message, NodeId } from '../../src/raft/types.js';
import { NODES_MAX } from './limits.js';
import type { NetworkProfile } from './profile.js';

export interface Delivery {
  readonly message: Message;
  /** The one copy whose fate is reported back to the sender of a Snap (duplicates report nothing). */
  readonly reportsSnapshot: boolean;
  /** The sender's incarnation when it sent the message, so reports never reach a restarted node. */
  readonly senderIncarnation: number;
  /** Dropped by random loss or by a partition at the time it was sent. */
  readonly lost: boolean;
}

type Fate = 'arrives' | 'lost' | 'blocked';

export class Network {
  private dropProbability: number;
  private duplicateProbability: number;
  /** Directed links that carry nothing: from * (NODES_MAX + 1) + to. */
  private readonly blocked = new Set<number>();

  constructor(
    private readonly rng: SeededRng,
    private readonly profile: NetworkProfile,
    private readonly schedule: (delayUs: number, delivery: Delivery) => void,
  ) {
    this.dropProbability = profile.dropProbability;
    this.duplicateProbability = profile.duplicateProbability;
  }

  send(message: Message, senderIncarnation: number): void {
    const blocked = this.isBlocked(message.from, message.to);
    const copies = this.rng.chance(this.duplicateProbability) ? 2 : 1;
    for (let copy = 0; copy < copies; copy++) {
      const lost = blocked || this.rng.chance(this.dropProbability);
      this.schedule(this.delayUs(), { message, reportsSnapshot: copy === 0, senderIncarnation, lost });
    }
  }

  /** Whether a delivery reaches its destination's host now (which may still be down). */
  fate(delivery: Delivery, senderCrashed: boolean): Fate {
    if (this.isBlocked(delivery.message.from, delivery.message.to)) return 'blocked';
    if (delivery.lost || (senderCrashed && this.rng.chance(this.profile.lostWithSenderProbability))) return 'lost';
    return 'arrives';
  }

  isBlocked(from: NodeId, to: NodeId): boolean {
    return this.blocked.has(linkKey(from, to));
  }

  block(from: NodeId, to: NodeId): void {
    assert(from !== to, `a node cannot be partitioned from itself (${from})`);
    this.blocked.add(linkKey(from, to));
  }

  get partitioned(): boolean {
    return this.blocked.size > 0;
  }

  heal(): void {
    this.blocked.clear();
  }

  /** The liveness phase: no partitions, no loss, no duplicates; delays and reordering stay. */
  quiesce(): void {
    this.heal();
    this.dropProbability = 0;
    this.duplicateProbability = 0;
  }

  private delayUs(): number {
    const { delayUsMin, delayUsMax } = this.profile;
    return delayUsMin + this.rng.int(delayUsMax - delayUsMin + 1);
  }
}

function linkKey(from: NodeId, to: NodeId): number {
  assert(from > 0 && from <= NODES_MAX && to > 0 && to <= NODES_MAX, `link ${from}→${to} outside the node ids`);
  return from * (NODES_MAX + 1) + to;
}
