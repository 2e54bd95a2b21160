/**
 * Moving every leadership this node holds to other voters, so that its
 * groups keep a leader without waiting for an election timeout when it
 * stops. Used on SIGTERM and by `POST /drain` (a Kubernetes preStop hook),
 * which runs it before the signal so clients never see a group leaderless.
 */
import type { MultiRaftHost } from '../host/multi-raft-host.js';
import type { GroupId } from '../storage/index.js';
import type { NodeId, Status } from '../raft/index.js';
import { followerInSync } from './node-report.js';

export interface HandoverOptions {
  /** Give up after this long; the groups still led are returned. */
  readonly waitMsMax: number;
  /**
   * Done only once no leadership has been held for this long, so one that
   * comes back (a transfer to this node already under way) is handed on again.
   */
  readonly quietMs: number;
  /** A transfer still unfinished after this long is asked again; Raft abandons one after an election timeout. */
  readonly retryMs: number;
}

const POLL_MS = 100;

/** Resolves with the groups this node still leads: none unless the bound passed first. */
export async function handOverLeaderships(host: MultiRaftHost, options: HandoverOptions): Promise<GroupId[]> {
  const startMs = Date.now();
  const askedAtMs = new Map<GroupId, number>();
  let quietSinceMs: number | undefined;
  for (;;) {
    const nowMs = Date.now();
    const leading = host.groupIds().filter((id) => host.group(id)?.isLeader() === true);
    if (leading.length > 0) {
      quietSinceMs = undefined;
    } else {
      quietSinceMs ??= nowMs;
      if (nowMs - quietSinceMs >= options.quietMs) return [];
    }
    if (nowMs - startMs >= options.waitMsMax) return leading;
    for (const id of askedAtMs.keys()) if (!leading.includes(id)) askedAtMs.delete(id);
    for (const id of leading) {
      if (nowMs - (askedAtMs.get(id) ?? -Infinity) < options.retryMs) continue;
      const group = host.group(id)!;
      const to = successor(group.raw.status(), (node) => host.isPeerLive(node));
      if (to !== undefined && group.transferLeadership(to)) askedAtMs.set(id, nowMs);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** The in-sync voter furthest along; Raft brings it up to the last entry before it hands over. */
function successor(status: Status, isLive: (node: NodeId) => boolean): NodeId | undefined {
  let best: { id: NodeId; match: number } | undefined;
  for (const id of status.conf.voters) {
    const follower = status.progress.get(id);
    if (id === status.id || follower === undefined || !followerInSync(follower, status.commit, isLive(id))) continue;
    if (best === undefined || follower.match > best.match) best = { id, match: follower.match };
  }
  return best?.id;
}
