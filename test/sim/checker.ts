/**
 * The safety properties of Raft (Figure 3 of the paper), checked
 * incrementally as the simulation runs: every Ready a node persists, every
 * entry it applies, every vote it grants and every role it takes is compared
 * with what the rest of the cluster has done before. A broken property
 * throws a Violation at the event that broke it.
 */
import { assert } from '../../src/raft/assert.js';
import type { MemoryStorage } from '../../src/raft/storage.js';
import { COMPACTED } from '../../src/raft/storage.js';
import type { Entry, LogIndex, NodeId, Ready, Snapshot, Term } from '../../src/raft/types.js';
import { EntryType } from '../../src/raft/types.js';
import { NODES_MAX } from './limits.js';
import type { StateMachine } from './state-machine.js';
import { entryDigest } from './state-machine.js';

export type Property =
  | 'election-safety'
  | 'vote-once'
  | 'log-matching'
  | 'leader-completeness'
  | 'commit-durability'
  | 'state-machine-safety'
  | 'acknowledged-lost'
  | 'liveness'
  | 'assertion';

export class Violation extends Error {
  override name = 'Violation';

  constructor(
    readonly property: Property,
    readonly detail: string,
  ) {
    super(`${property}: ${detail}`);
  }
}

interface AppendedRecord {
  readonly term: Term;
  /** The term of the entry before it in the log that first held it. */
  readonly prevTerm: Term;
  readonly digest: number;
  readonly node: NodeId;
}

interface AppliedRecord {
  readonly term: Term;
  readonly digest: number;
  /** The state-machine chain hash after applying it. */
  readonly chainHash: number;
  readonly node: NodeId;
}

export interface CommittedEntry {
  readonly index: LogIndex;
  readonly term: Term;
}

/** 0 in committedTerms: the index is committed but its term was inside a snapshot when learned. */
const UNKNOWN_TERM = 0 as Term;

export class Checker {
  private readonly leaderOfTerm = new Map<Term, NodeId>();
  /** (term, voter) → the candidate it granted its vote to. */
  private readonly votes = new Map<number, NodeId>();
  /** Every (index, term) ever written to a log, with the term before it: log matching by induction. */
  private readonly appended = new Map<LogIndex, AppendedRecord[]>();
  private readonly committedTerms: Term[] = [UNKNOWN_TERM];
  /**
   * For each committed index, a term no earlier than the one in which it was
   * committed: the term of the first persisted hard state that covered it.
   */
  private readonly commitTermBounds: Term[] = [UNKNOWN_TERM];
  private committedMax = 0 as LogIndex;
  private readonly applied: (AppliedRecord | undefined)[] = [undefined];
  private readonly acked = new Map<LogIndex, { term: Term; payloadId: number }>();
  /** (term, node) pairs whose log was checked for leader completeness. */
  private readonly leadersChecked = new Set<number>();

  /** Membership changes committed and applied (the bootstrap entry aside). */
  confChangesApplied = 0;

  get termsWithLeader(): number {
    return this.leaderOfTerm.size;
  }

  get ackedCount(): number {
    return this.acked.size;
  }

  /** The term of the committed entry at `index`, if the index is known to be committed with a known term. */
  committedTermAt(index: LogIndex): Term | undefined {
    if (index > this.committedMax) return undefined;
    const t = this.committedTerms[index];
    return t === UNKNOWN_TERM ? undefined : t;
  }

  /** Figure 2: a server votes for at most one candidate per term (what makes election safety hold). */
  onVoteGranted(voter: NodeId, term: Term, candidate: NodeId): void {
    const key = term * (NODES_MAX + 1) + voter;
    const earlier = this.votes.get(key);
    if (earlier === undefined) this.votes.set(key, candidate);
    else if (earlier !== candidate) {
      throw new Violation('vote-once', `n${voter} granted its term-${term} vote to n${earlier} and then to n${candidate}`);
    }
  }

  /**
   * Before a node writes a Ready: the committed entries its log holds where
   * the write may replace or truncate it (a node that never held an entry
   * may well write another one there: a stale leader does).
   */
  committedAtRisk(ready: Ready, storage: MemoryStorage): CommittedEntry[] {
    const from = Math.min(
      ready.snapshot === null ? Infinity : ready.snapshot.metadata.index + 1,
      ready.entries[0]?.index ?? Infinity,
    );
    const to = Math.min(storage.lastIndex(), this.committedMax);
    const held: CommittedEntry[] = [];
    for (let index = Math.max(from, storage.firstIndex()); index <= to; index++) {
      const t = this.committedTerms[index]!;
      if (t !== UNKNOWN_TERM && storage.term(index as LogIndex) === t) held.push({ index: index as LogIndex, term: t });
    }
    return held;
  }

  /**
   * Called once a node's Ready is durable in `storage`. `atRisk` comes from
   * committedAtRisk() before the write; `leaderTerm` is set if the node was
   * leader when it took the Ready.
   */
  onPersist(id: NodeId, ready: Ready, storage: MemoryStorage, atRisk: readonly CommittedEntry[], leaderTerm: Term | null): void {
    for (const { index, term } of atRisk) {
      if (index < storage.firstIndex() || termIfStored(storage, index) === term) continue;
      const acked = this.acked.has(index);
      throw new Violation(
        acked ? 'acknowledged-lost' : 'commit-durability',
        `n${id} replaced the ${acked ? 'acknowledged' : 'committed'} entry (${index}, t${term}) it held with t${termIfStored(storage, index) ?? 'none'}`,
      );
    }
    const first = ready.entries[0];
    if (first !== undefined) {
      const before = storage.term((first.index - 1) as LogIndex);
      assert(before !== COMPACTED, `n${id}: entry ${first.index} persisted inside the snapshot`);
      let prevTerm = before;
      for (const entry of ready.entries) {
        this.checkAppended(id, entry, prevTerm);
        prevTerm = entry.term;
      }
    }
    if (ready.hardState !== null) this.checkCommit(id, ready.hardState.commit, ready.hardState.term, storage);
    if (leaderTerm !== null) {
      this.checkLeader(id, leaderTerm);
      this.checkLeaderLog(id, leaderTerm, storage);
    }
  }

  /**
   * A node is about to apply stored entries up to `commit`, which no durable
   * hard state may say are committed (commit is written only with entries):
   * its claim is checked and learned as a persisted commit would be.
   */
  onApplyCommitted(id: NodeId, commit: LogIndex, term: Term, storage: MemoryStorage): void {
    this.checkCommit(id, commit, term, storage);
  }

  /** State-machine safety (§5.4.3): every node applies the same committed entry at an index. */
  onApply(id: NodeId, entry: Entry, sm: StateMachine): void {
    const committed = this.committedTerms[entry.index];
    if (entry.index > this.committedMax || (committed !== UNKNOWN_TERM && committed !== entry.term)) {
      throw new Violation(
        'state-machine-safety',
        `n${id} applied (${entry.index}, t${entry.term}) but the committed entry there is t${committed ?? '-'} (commit ${this.committedMax})`,
      );
    }
    const record = this.applied[entry.index];
    const digest = entryDigest(entry);
    if (record === undefined) {
      assert(this.applied.length === entry.index, `first apply of ${entry.index} skips ${this.applied.length}`);
      this.applied.push({ term: entry.term, digest, chainHash: sm.chainHash, node: id });
      if (entry.type === EntryType.ConfChange && entry.index > 1) this.confChangesApplied++;
    } else if (record.term !== entry.term || record.digest !== digest || record.chainHash !== sm.chainHash) {
      throw new Violation(
        'state-machine-safety',
        `n${id} applied (${entry.index}, t${entry.term}, #${hex(digest)}) reaching state #${hex(sm.chainHash)}; ` +
          `n${record.node} applied (t${record.term}, #${hex(record.digest)}) reaching #${hex(record.chainHash)}`,
      );
    }
  }

  /** A snapshot installed into a state machine must be a state some node reached by applying the committed log. */
  onRestore(id: NodeId, snapshot: Snapshot, sm: StateMachine): void {
    const { index, term } = snapshot.metadata;
    const committed = this.committedTerms[index];
    const record = this.applied[index];
    if (index > this.committedMax || (committed !== UNKNOWN_TERM && committed !== term)) {
      throw new Violation('state-machine-safety', `n${id} restored a snapshot at (${index}, t${term}) that is not committed`);
    }
    if (record === undefined || record.chainHash !== sm.chainHash) {
      throw new Violation('state-machine-safety', `n${id} restored a snapshot at ${index} whose state no node reached by applying`);
    }
  }

  /** A client was told its proposal is done: from now on it must never be lost. */
  onAck(index: LogIndex, term: Term, payloadId: number): void {
    assert(this.committedTerms[index] === term, `acknowledged (${index}, t${term}) is not the committed entry`);
    this.acked.set(index, { term, payloadId });
  }

  /** At the end: a live member holds every acknowledged payload, applied or through its snapshot. */
  checkFinal(id: NodeId, sm: StateMachine): void {
    for (const [index, { payloadId }] of this.acked) {
      if (sm.payloadAt(index) !== payloadId) {
        throw new Violation(
          'acknowledged-lost',
          `member n${id} (applied ${sm.appliedIndex}) holds payload ${sm.payloadAt(index) ?? 'none'} at ${index}, acknowledged ${payloadId}`,
        );
      }
    }
    const record = this.applied[sm.appliedIndex];
    if (record !== undefined && record.chainHash !== sm.chainHash) {
      throw new Violation('state-machine-safety', `member n${id} ends in state #${hex(sm.chainHash)} at ${sm.appliedIndex}, not #${hex(record.chainHash)}`);
    }
  }

  /** Log matching (§5.3), by induction: the same (index, term) always holds the same entry after the same term. */
  private checkAppended(id: NodeId, entry: Entry, prevTerm: Term): void {
    const digest = entryDigest(entry);
    let records = this.appended.get(entry.index);
    if (records === undefined) {
      records = [];
      this.appended.set(entry.index, records);
    }
    const same = records.find((r) => r.term === entry.term);
    if (same === undefined) records.push({ term: entry.term, prevTerm, digest, node: id });
    else if (same.prevTerm !== prevTerm || same.digest !== digest) {
      throw new Violation(
        'log-matching',
        `n${id} holds (${entry.index}, t${entry.term}, #${hex(digest)}) after an entry of t${prevTerm}; ` +
          `n${same.node} held it as #${hex(same.digest)} after t${same.prevTerm}`,
      );
    }
  }

  /** A commit index covers the node's own log, which agrees with what is already committed. */
  private checkCommit(id: NodeId, commit: LogIndex, term: Term, storage: MemoryStorage): void {
    if (commit > storage.lastIndex()) {
      throw new Violation('commit-durability', `n${id} claims commit ${commit} beyond its last stored index ${storage.lastIndex()}`);
    }
    const overlap = Math.min(commit, this.committedMax) as LogIndex;
    const ours = termIfStored(storage, overlap);
    const known = this.committedTerms[overlap];
    if (ours !== undefined && known !== UNKNOWN_TERM && ours !== known) {
      throw new Violation('commit-durability', `n${id} committed (${overlap}, t${ours}) where (${overlap}, t${known}) was committed`);
    }
    for (let index = this.committedMax + 1; index <= commit; index++) {
      this.committedTerms.push(termIfStored(storage, index as LogIndex) ?? UNKNOWN_TERM);
      this.commitTermBounds.push(term);
    }
    if (commit > this.committedMax) this.committedMax = commit;
  }

  /**
   * Election safety (§5.2): at most one leader per term, ever. A leader is
   * counted once a Ready it took as leader is durable: one that crashes
   * before that never acted (its messages never left) and its term is lost.
   */
  private checkLeader(id: NodeId, term: Term): void {
    const leader = this.leaderOfTerm.get(term);
    if (leader === undefined) this.leaderOfTerm.set(term, id);
    else if (leader !== id) throw new Violation('election-safety', `n${id} and n${leader} are both leaders of term ${term}`);
  }

  /**
   * Leader completeness (§5.4): a leader's log holds every entry committed in
   * earlier terms. Commitment is a prefix and log matching covers it: checking
   * the last entry surely committed before `term` covers all of them.
   */
  private checkLeaderLog(id: NodeId, term: Term, storage: MemoryStorage): void {
    const key = term * (NODES_MAX + 1) + id;
    if (this.leadersChecked.has(key)) return;
    this.leadersChecked.add(key);
    let index = this.committedMax as number;
    while (index > 0 && (this.committedTerms[index] === UNKNOWN_TERM || this.commitTermBounds[index]! >= term)) index--;
    if (index === 0 || index < storage.firstIndex() - 1) return;
    const ours = index <= storage.lastIndex() ? storage.term(index as LogIndex) : undefined;
    if (ours !== this.committedTerms[index]) {
      throw new Violation(
        'leader-completeness',
        `n${id} leads term ${term} holding t${ours ?? 'none'} at ${index}, ` +
          `where (${index}, t${this.committedTerms[index]}) was committed by term ${this.commitTermBounds[index]}`,
      );
    }
  }
}

function termIfStored(storage: MemoryStorage, index: LogIndex): Term | undefined {
  if (index < storage.firstIndex() - 1 || index > storage.lastIndex()) return undefined;
  const t = storage.term(index);
  return t === COMPACTED ? undefined : t;
}

function hex(n: number): string {
  return n.toString(16).padStart(8, '0');
}
