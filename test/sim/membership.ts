/**
 * Membership changes as an operator makes them, one server at a time: add a
 * learner, promote it, remove a node, or replace one (add a learner, promote
 * it, remove the old node). A plan proposes its next change at the leader,
 * waits until the change is committed (or lost), and shuts a removed node
 * down once its removal is committed. Node ids are never reused.
 */
import type { SeededRng } from '../../src/raft/rng.js';
import type { ConfChange, LogIndex, NodeId, Term } from '../../src/raft/types.js';
import { TICK_INTERVAL_US, VOTERS_MAX } from './limits.js';
import type { Replica } from './replica.js';
import type { Simulator } from './simulator.js';

/** A plan not finished by then is abandoned (its last change may still commit; the core decides). */
const PLAN_TICKS_MAX = 500;

interface Plan {
  readonly changes: readonly ConfChange[];
  next: number;
  /** The change proposed and not yet known to be committed or lost. */
  waiting: { readonly term: Term; readonly index: LogIndex } | null;
  /** The node this plan adds, started empty when the plan begins. */
  readonly added: Replica | null;
  /** Where the added node's add-learner entry committed. */
  addedAt: LogIndex;
  readonly deadlineUs: number;
}

export class Membership {
  private plan: Plan | null = null;

  constructor(
    private readonly sim: Simulator,
    private readonly rng: SeededRng,
  ) {}

  round(): void {
    const plan = this.plan;
    if (plan === null) {
      if (this.rng.chance(this.sim.profile.faults.membershipProbability)) this.plan = this.newPlan();
      return;
    }
    if (this.sim.nowUs > plan.deadlineUs) {
      this.abandon('timed out');
      return;
    }
    if (plan.waiting !== null) {
      this.settle(plan, plan.waiting);
      return;
    }
    this.proposeNext(plan);
  }

  /** Gives up the plan in progress: it timed out, a change became invalid, or the faults are over. */
  abandon(why: string): void {
    const plan = this.plan;
    if (plan === null) return;
    this.plan = null;
    this.sim.note(`membership plan abandoned: ${why}`);
    // An added node whose add-learner was never proposed (or was lost) can never become a member.
    if (plan.added !== null && plan.next === 0 && plan.waiting === null) this.sim.retire(plan.added);
  }

  private settle(plan: Plan, waiting: { term: Term; index: LogIndex }): void {
    const committed = this.sim.checker.committedTermAt(waiting.index);
    if (committed === undefined) return;
    const change = plan.changes[plan.next]!;
    plan.waiting = null;
    if (committed !== waiting.term) return; // lost to a new leader: propose it again
    this.sim.note(`committed ${change.type} n${change.node} at ${waiting.index}`);
    if (change.type === 'add-learner' && plan.added?.id === change.node) plan.addedAt = waiting.index;
    if (change.type === 'remove-node') {
      const removed = this.sim.replicas.get(change.node);
      if (removed !== undefined) this.sim.retire(removed);
    }
    plan.next++;
    if (plan.next === plan.changes.length) this.plan = null;
  }

  private proposeNext(plan: Plan): void {
    const change = plan.changes[plan.next]!;
    const leader = this.sim.leader();
    if (leader === undefined) return;
    // Promote a learner only once it holds the log up to its own addition, so it can vote sensibly.
    if (change.type === 'promote-learner' && plan.added !== null && plan.added.sm.appliedIndex < plan.addedAt) return;
    const result = this.sim.withNode(leader, (node) => node.proposeConfChange(change));
    if (result.ok) {
      plan.waiting = { term: result.term, index: result.index };
      this.sim.note(`n${leader.id} proposed ${change.type} n${change.node} at (${result.index}, t${result.term})`);
    } else if (result.reason === 'invalid-conf-change') {
      this.abandon(`${change.type} n${change.node}: ${result.detail}`);
    }
  }

  private newPlan(): Plan | null {
    const leader = this.sim.leader();
    if (leader?.node == null) return null;
    const { voters, learners } = leader.node.status().conf;
    const pick = <T>(items: readonly T[]): T => items[this.rng.int(items.length)]!;
    const learner = learners[0];
    if (learner !== undefined) {
      const change: ConfChange = this.rng.chance(0.5) ? { type: 'promote-learner', node: learner } : { type: 'remove-node', node: learner };
      return this.planOf([change], null);
    }
    const target = this.sim.profile.clusterSize;
    const canAdd = voters.length < VOTERS_MAX;
    const canRemove = voters.length > 1;
    const kind =
      voters.length < target && canAdd ? 'add'
      : voters.length > target && canRemove ? 'remove'
      : pick(['replace', 'replace', canAdd ? 'add' : 'replace', canRemove ? 'remove' : 'replace']);
    if (kind === 'remove') return this.planOf([{ type: 'remove-node', node: pick(voters) }], null);
    const added = this.sim.addNode();
    if (added === undefined) return null; // every node id is used: only removals remain
    const grow: ConfChange[] = [
      { type: 'add-learner', node: added.id },
      { type: 'promote-learner', node: added.id },
    ];
    const old: NodeId = pick(voters);
    return this.planOf(kind === 'replace' ? [...grow, { type: 'remove-node', node: old }] : grow, added);
  }

  private planOf(changes: ConfChange[], added: Replica | null): Plan {
    this.sim.note(`membership plan: ${changes.map((c) => `${c.type} n${c.node}`).join(', ')}`);
    return {
      changes,
      next: 0,
      waiting: null,
      added,
      addedAt: 0 as LogIndex,
      deadlineUs: this.sim.nowUs + PLAN_TICKS_MAX * TICK_INTERVAL_US,
    };
  }
}
