/**
 * Every bound of the simulator in one place (TigerBeetle style): queues,
 * loops and sizes are bounded, and the relationships between the bounds are
 * asserted when the module loads.
 */
import { assert } from '../../src/raft/assert.js';

/** Virtual time is counted in microseconds; a node ticks about every TICK_INTERVAL_US. */
export const TICK_INTERVAL_US = 10_000;
/** Nodes tick at their own pace: each gets an interval within ± this fraction (clock skew). */
export const TICK_SKEW_FRACTION_MAX = 0.1;

/** Events processed in the fault phase of one seed when --steps is not given. */
export const STEPS_DEFAULT = 30_000;
export const STEPS_MAX = 10_000_000;
/** After the faults heal, a leader and a fresh acknowledged commit must appear within this many ticks. */
export const LIVENESS_TICKS_MAX = 400;
/** Guards the liveness phase against a core that floods the queue without time passing. */
export const LIVENESS_EVENTS_MAX = 2_000_000;

/** Events waiting in the queue at once: messages in flight, ticks, disk writes, faults. */
export const EVENTS_QUEUED_MAX = 500_000;
/** Readies one node may carry out back to back without disk time (nothing to persist). */
export const READIES_INLINE_MAX = 64;

/** Node ids ever created in one run: the founders plus the nodes membership changes add. */
export const NODES_MAX = 32;
/** Voters a membership change may grow the group to. */
export const VOTERS_MAX = 5;
/** Client proposals accepted and not yet applied (or lost), across the cluster. */
export const PROPOSALS_INFLIGHT_MAX = 64;
/** Random filler after a payload's id, so entries differ in size. */
export const PAYLOAD_FILLER_BYTES_MAX = 24;

/** Events (and notes) kept for the trace printed with a violation. */
export const TRACE_EVENTS_MAX = 40;

assert(TICK_INTERVAL_US * TICK_SKEW_FRACTION_MAX >= 1, 'skew must be expressible in whole microseconds');
assert(VOTERS_MAX <= NODES_MAX, 'voters are a subset of the nodes');
assert(STEPS_DEFAULT <= STEPS_MAX, 'default length within the maximum');
assert(READIES_INLINE_MAX > 0 && PROPOSALS_INFLIGHT_MAX > 0, 'bounds are positive');
