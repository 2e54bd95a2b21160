/**
 * The clients: proposals with unique payloads, sent to a node that believes
 * it leads when there is one and otherwise to any live node (which refuses
 * with a hint). A proposal is acknowledged when the node that accepted it
 * applies that exact entry at the (index, term) propose() returned; the
 * simulator does that bookkeeping as it applies entries.
 */
import type { SeededRng } from '../../src/raft/rng.js';
import type { ProposeResult } from '../../src/raft/types.js';
import { Role } from '../../src/raft/types.js';
import { PAYLOAD_FILLER_BYTES_MAX, PROPOSALS_INFLIGHT_MAX } from './limits.js';
import type { Replica } from './replica.js';
import type { Simulator } from './simulator.js';
import { encodePayload } from './state-machine.js';

/** Most requests go to a node that believes it leads; the rest exercise the not-leader path. */
const LEADER_AFFINITY = 0.9;

export class Workload {
  private nextPayloadId = 1;

  constructor(
    private readonly sim: Simulator,
    private readonly rng: SeededRng,
  ) {}

  nextIntervalUs(): number {
    return 1 + this.rng.int(2 * this.sim.profile.proposalIntervalUsMean);
  }

  /** One client request, unless too many are already waiting for their answer. */
  round(): void {
    let inflight = 0;
    for (const replica of this.sim.replicas.values()) inflight += replica.proposals.size;
    if (inflight >= PROPOSALS_INFLIGHT_MAX) return;
    // Clients with stale knowledge keep writing to a deposed leader that still believes it leads.
    const live = this.sim.live();
    const leaders = live.filter((replica) => replica.role === Role.Leader);
    const pool = leaders.length > 0 && this.rng.chance(LEADER_AFFINITY) ? leaders : live;
    const target = pool[this.rng.int(pool.length)];
    if (target !== undefined) this.propose(target, false);
  }

  propose(replica: Replica, liveness: boolean): ProposeResult {
    const payloadId = this.nextPayloadId++;
    const filler = new Uint8Array(this.rng.int(PAYLOAD_FILLER_BYTES_MAX + 1)).fill(payloadId & 0xff);
    return this.sim.withNode(replica, (node) => {
      const result = node.propose(encodePayload(payloadId, filler));
      if (result.ok) replica.proposals.set(result.index, { term: result.term, payloadId, liveness });
      return result;
    });
  }
}
