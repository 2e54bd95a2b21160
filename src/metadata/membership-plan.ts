/**
 * Moves a partition group's Raft membership toward the replica set the image
 * assigns it, one server at a time, matching the Raft core's single-server
 * changes (src/raft/conf.ts). Called by the partition leader's backend; it
 * proposes the returned change with proposeConfChange and asks again once
 * that change is applied (the core refuses a second pending change anyway).
 *
 * Order: drop learners no longer wanted; promote a wanted learner once it
 * has caught up; otherwise, while a learner is catching up, wait; add the
 * next missing replica as a learner; and only when every assigned replica is
 * a voter, remove a voter no longer assigned. Voters are removed only after
 * their replacements were promoted, so the voter count never drops below the
 * target's size, and a new replica votes only once it holds the log.
 */
import type { ConfChange, ConfState, LogIndex, NodeId } from '../raft/types.js';
import { assert } from './assert.js';

/** What the leader knows of its group; the Raft core's RawNode.status() has this shape. */
export interface GroupMembershipView {
  /** The leader itself. */
  readonly id: NodeId;
  readonly conf: ConfState;
  readonly lastIndex: LogIndex;
  readonly progress: ReadonlyMap<NodeId, { readonly match: LogIndex }>;
}

/**
 * The next change toward `target`, or null when there is none to make now.
 * A learner counts as caught up when its match is within `learnerLagMax`
 * entries of the leader's last index.
 */
export function nextMembershipChange(target: readonly NodeId[], group: GroupMembershipView, learnerLagMax: number): ConfChange | null {
  assert(target.length > 0 && new Set(target).size === target.length, `membership target [${target.join(', ')}]`);
  const wanted = new Set(target);
  const { voters, learners } = group.conf;
  const caughtUp = (id: NodeId): boolean => {
    const match = group.progress.get(id)?.match;
    return match !== undefined && group.lastIndex - match <= learnerLagMax;
  };

  const unwantedLearner = learners.find((id) => !wanted.has(id));
  if (unwantedLearner !== undefined) return { type: 'remove-node', node: unwantedLearner };
  const wantedLearners = target.filter((id) => learners.includes(id));
  const ready = wantedLearners.find(caughtUp);
  if (ready !== undefined) return { type: 'promote-learner', node: ready };
  if (wantedLearners.length > 0) return null;
  const missing = target.find((id) => !voters.includes(id));
  if (missing !== undefined) return { type: 'add-learner', node: missing };
  // Every target node is a voter. Remove others, the leader last: its removal hands leadership over.
  const extra = voters.filter((id) => !wanted.has(id)).sort((a, b) => Number(a === group.id) - Number(b === group.id));
  return extra.length > 0 ? { type: 'remove-node', node: extra[0] as NodeId } : null;
}
