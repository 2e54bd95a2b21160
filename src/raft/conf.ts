/**
 * Membership (thesis §4). Cairn changes membership one server at a time
 * (§4.1): every change adds or removes at most one voter, so any majority of
 * the old voters overlaps any majority of the new ones and no joint phase is
 * needed. A configuration takes effect on every node as soon as its entry is
 * appended (not when committed), and is reverted if that entry is truncated.
 * A leader proposes a change only once an entry of its own term is committed
 * and no other change is uncommitted: the first rule closes the hole found in
 * single-server changes after the thesis (raft-dev, 2015), the second keeps
 * changes one at a time.
 *
 * A ConfChange entry carries the whole resulting ConfState, so the
 * configuration at any index is simply the last one written at or before it.
 */
import type { ConfChange, ConfState, NodeId } from './types.js';

export const EMPTY_CONF: ConfState = { voters: [], learners: [] };

export type ConfChangeOutcome = { ok: true; conf: ConfState } | { ok: false; detail: string };

/** Applies a change to a configuration, refusing changes that are no-ops or move more than one voter. */
export function applyConfChange(conf: ConfState, change: ConfChange): ConfChangeOutcome {
  const isVoter = conf.voters.includes(change.node);
  const isLearner = conf.learners.includes(change.node);
  const without = (ids: readonly NodeId[]): NodeId[] => ids.filter((id) => id !== change.node);
  const sorted = (ids: NodeId[]): NodeId[] => ids.sort((a, b) => a - b);
  switch (change.type) {
    case 'add-learner':
      if (isVoter || isLearner) return { ok: false, detail: `node ${change.node} is already a member` };
      return { ok: true, conf: { voters: conf.voters, learners: sorted([...conf.learners, change.node]) } };
    case 'add-voter':
      if (isVoter) return { ok: false, detail: `node ${change.node} is already a voter` };
      return { ok: true, conf: { voters: sorted([...conf.voters, change.node]), learners: without(conf.learners) } };
    case 'promote-learner':
      if (!isLearner) return { ok: false, detail: `node ${change.node} is not a learner` };
      return { ok: true, conf: { voters: sorted([...conf.voters, change.node]), learners: without(conf.learners) } };
    case 'remove-node':
      if (!isVoter && !isLearner) return { ok: false, detail: `node ${change.node} is not a member` };
      if (isVoter && conf.voters.length === 1) return { ok: false, detail: 'cannot remove the last voter' };
      return { ok: true, conf: { voters: without(conf.voters), learners: without(conf.learners) } };
  }
}

/** Layout: u32 voter count, u32 learner count, then the ids as u32, big-endian. */
export function encodeConfState(conf: ConfState): Uint8Array {
  const bytes = new Uint8Array(8 + 4 * (conf.voters.length + conf.learners.length));
  const view = new DataView(bytes.buffer);
  view.setUint32(0, conf.voters.length);
  view.setUint32(4, conf.learners.length);
  [...conf.voters, ...conf.learners].forEach((id, i) => view.setUint32(8 + 4 * i, id));
  return bytes;
}

export function decodeConfState(bytes: Uint8Array): ConfState {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const votersCount = view.getUint32(0);
  const learnersCount = view.getUint32(4);
  if (bytes.byteLength !== 8 + 4 * (votersCount + learnersCount)) {
    throw new RangeError(`ConfState of ${bytes.byteLength} bytes does not hold ${votersCount}+${learnersCount} ids`);
  }
  const ids = Array.from({ length: votersCount + learnersCount }, (_, i) => view.getUint32(8 + 4 * i) as NodeId);
  return { voters: ids.slice(0, votersCount), learners: ids.slice(votersCount) };
}

export function isVoter(conf: ConfState, id: NodeId): boolean {
  return conf.voters.includes(id);
}

export function isMember(conf: ConfState, id: NodeId): boolean {
  return conf.voters.includes(id) || conf.learners.includes(id);
}
