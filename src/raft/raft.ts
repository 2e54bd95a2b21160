/**
 * The Raft consensus state machine (Ongaro & Ousterhout, "In Search of an
 * Understandable Consensus Algorithm", 2014, and Ongaro's thesis, 2014):
 * leader election (§5.2) with pre-vote and check-quorum (thesis §9.6, §6.2),
 * log replication (§5.3) with pipelining and fast backtracking, the safety
 * rules (§5.4: the voting restriction and the current-term commit rule of
 * Figure 8), membership changes one server at a time (thesis §4.1, see
 * conf.ts), log compaction and InstallSnapshot (§7), and leadership transfer
 * (thesis §3.10).
 *
 * It is pure: inputs are step(), tick() and the propose calls; outputs are
 * appended to the log and the outbox, which RawNode turns into a Ready. It
 * reads durable state through RaftStorage but never writes it.
 */
import { assert } from './assert.js';
import { applyConfChange, encodeConfState, isVoter } from './conf.js';
import type { RaftConfig } from './config.js';
import { RaftLog } from './log.js';
import { Progress, ProgressState } from './progress.js';
import type { RaftStorage } from './storage.js';
import { COMPACTED, UNAVAILABLE } from './storage.js';
import type {
  ConfChange,
  ConfState,
  Entry,
  LogIndex,
  Message,
  NodeId,
  ProposeResult,
  SoftState,
  Term,
  TransferResult,
} from './types.js';
import { EntryType, MessageType, NO_NODE, Role, message } from './types.js';

type CampaignKind = 'pre-vote' | 'election' | 'transfer';

/**
 * What ends a group's quiescence: a message that is not part of staying quiet, a local request
 * (proposal, membership change, transfer), or the host's node liveness: the leader's node is
 * dead (followers), or a member's node died or came back (leaders).
 */
export type WakeCause = 'message' | 'request' | 'leader-dead' | 'peer-change';

export class Raft {
  readonly id: NodeId;
  term: Term;
  vote: NodeId;
  lead: NodeId = NO_NODE;
  role: Role = Role.Follower;
  readonly log: RaftLog;
  /** Messages produced since the last Ready. */
  msgs: Message[] = [];

  /** Leader only: one entry per member of the configuration, including itself. */
  readonly progress = new Map<NodeId, Progress>();
  /** Candidate/pre-candidate only: the answers received. */
  private readonly votes = new Map<NodeId, boolean>();
  /** Leader only: the member being handed leadership, or NO_NODE. */
  leadTransferee: NodeId = NO_NODE;
  /** The log index of the leader's first entry of its term (its no-op). */
  private leaderStartIndex = 0 as LogIndex;

  /** Ticks since the last election timeout reset (followers, candidates) or check-quorum round (leaders). */
  private electionElapsed = 0;
  private heartbeatElapsed = 0;
  private randomizedElectionTicks = 0;
  /** The configuration progress was built for; compared by reference to notice membership changes. */
  private trackedConf: ConfState;
  /**
   * Follower: the last index this run of the node has checked agrees with
   * the current leader's log (through an App it accepted, a snapshot, or
   * its own commit). A heartbeat's commit is taken only up to here: the
   * leader bounds it by what it believes this node holds, and a follower
   * that lost acknowledged entries (write caching, then a power loss) holds
   * less than that, or other entries at those indexes.
   */
  private leaderMatch = 0 as LogIndex;
  /**
   * Quiescence (CockroachDB's range quiescence, TiKV's hibernate regions): an idle group whose
   * members all hold the leader's whole log, committed, stops ticking: no heartbeats, no election
   * timer, no check-quorum. The host's node-level liveness stands in for them (see wake()).
   */
  private quiesced = false;

  constructor(protected readonly config: RaftConfig) {
    this.id = config.id;
    this.log = this.createLog(config.storage, config.applied);
    const { hardState } = config.storage.initialState();
    this.term = hardState.term;
    this.vote = hardState.vote;
    this.trackedConf = this.log.conf();
    this.becomeFollower(this.term, NO_NODE);
    this.invariants();
  }

  // ---- Hooks a test-only subclass may override to plant a bug (test/sim mutants). ----

  protected createLog(storage: RaftStorage, applied: LogIndex): RaftLog {
    return new RaftLog(storage, applied);
  }

  /** §5.4.1: grant a vote only to a candidate whose log is at least as up to date as ours. */
  protected isUpToDate(lastIndex: LogIndex, lastTerm: Term): boolean {
    const ourTerm = this.log.lastTerm();
    return lastTerm > ourTerm || (lastTerm === ourTerm && lastIndex >= this.log.lastIndex());
  }

  /** §5.4.2, Figure 8: a leader commits by counting replicas only entries of its own term. */
  protected canCommitAt(index: LogIndex): boolean {
    return this.log.term(index) === this.term;
  }

  // ---- Inputs ----

  softState(): SoftState {
    return { lead: this.lead, role: this.role };
  }

  conf(): ConfState {
    return this.log.conf();
  }

  /** A voter of its own configuration, which only voters may leave as candidates. */
  promotable(): boolean {
    return isVoter(this.log.conf(), this.id);
  }

  /**
   * Whether this node may start an election. Voters may; so may a node whose
   * own removal is appended but not committed as far as it knows: if the
   * removal is lost it is still a member, and in a group of two it may be
   * the only node able to finish the change (the other lacks the entry and
   * cannot win without this node's vote). Votes are still counted over the
   * latest configuration, whose majorities overlap the previous one's, so
   * election safety holds. Such a node always pre-votes (see hup), since a
   * removal committed elsewhere is never sent to the removed node.
   */
  private mayCampaign(): boolean {
    if (this.promotable()) return true;
    return this.log.lastConfIndex() > this.log.committed && isVoter(this.log.previousConf(), this.id);
  }

  tick(): void {
    if (this.quiesced) return;
    if (this.role === Role.Leader) this.tickLeader();
    else this.tickElection();
    this.invariants();
  }

  private tickElection(): void {
    // A node that may not campaign lets the time since it heard from a leader keep growing,
    // so its lease on that leader expires and it answers other candidates' vote requests.
    if (this.electionElapsed <= this.randomizedElectionTicks) this.electionElapsed++;
    if (this.electionElapsed >= this.randomizedElectionTicks && this.mayCampaign()) {
      this.electionElapsed = 0;
      this.hup('election');
    }
  }

  private tickLeader(): void {
    this.heartbeatElapsed++;
    this.electionElapsed++;
    if (this.electionElapsed >= this.config.electionTicks) {
      this.electionElapsed = 0;
      if (this.config.checkQuorum && !this.quorumActive()) {
        this.becomeFollower(this.term, NO_NODE);
        return;
      }
      // A transfer that has not finished within an election timeout has failed (thesis §3.10).
      this.leadTransferee = NO_NODE;
    }
    if (this.heartbeatElapsed >= this.config.heartbeatTicks) {
      this.heartbeatElapsed = 0;
      this.bcastHeartbeat();
    }
  }

  /** Starts an election now, as a timeout would (tests and operators). */
  hup(kind: 'election' | 'transfer'): void {
    if (this.role === Role.Leader || !this.mayCampaign()) return;
    if (kind === 'transfer') this.campaign('transfer');
    // A node campaigning only to finish its own removal always asks first: if the removal has in fact
    // committed, voters holding it refuse, and this node never raises the group's term.
    else this.campaign(this.config.preVote || !this.promotable() ? 'pre-vote' : 'election');
  }

  propose(data: Uint8Array): ProposeResult {
    if (this.role !== Role.Leader) return { ok: false, reason: 'not-leader', leaderHint: this.lead };
    this.wake('request');
    if (this.leadTransferee !== NO_NODE) return { ok: false, reason: 'transferring', leaderHint: this.leadTransferee };
    if (data.byteLength > this.config.proposalBytesMax) return { ok: false, reason: 'too-large' };
    return this.appendAndBroadcast(EntryType.Normal, data);
  }

  proposeConfChange(change: ConfChange): ProposeResult {
    if (this.role !== Role.Leader) return { ok: false, reason: 'not-leader', leaderHint: this.lead };
    this.wake('request');
    if (this.leadTransferee !== NO_NODE) return { ok: false, reason: 'transferring', leaderHint: this.leadTransferee };
    // One change at a time, and only once this leader's term has a committed entry (see conf.ts).
    if (this.log.committed < this.leaderStartIndex || this.log.lastConfIndex() > this.log.committed) {
      return { ok: false, reason: 'conf-change-pending' };
    }
    const outcome = applyConfChange(this.log.conf(), change);
    if (!outcome.ok) return { ok: false, reason: 'invalid-conf-change', detail: outcome.detail };
    return this.appendAndBroadcast(EntryType.ConfChange, encodeConfState(outcome.conf));
  }

  transferLeadership(to: NodeId): TransferResult {
    if (this.role !== Role.Leader) return { ok: false, reason: 'not-leader' };
    this.wake('request');
    if (to === this.id) return { ok: false, reason: 'already-leader' };
    const pr = this.progress.get(to);
    if (pr === undefined) return { ok: false, reason: 'unknown-node' };
    if (!isVoter(this.log.conf(), to)) return { ok: false, reason: 'not-voter' };
    this.leadTransferee = to;
    this.electionElapsed = 0;
    if (pr.match === this.log.lastIndex()) this.send({ type: MessageType.TimeoutNow, to });
    else this.sendAppend(to, false);
    this.invariants();
    return { ok: true };
  }

  /** The caller could not deliver to `id`; stop streaming to it until it answers again. */
  reportUnreachable(id: NodeId): void {
    const pr = this.progress.get(id);
    if (this.role === Role.Leader && pr?.state === ProgressState.Replicate) pr.becomeProbe();
  }

  /** The caller delivered (or failed to deliver) the snapshot it was given for `id`. */
  reportSnapshot(id: NodeId, ok: boolean): void {
    const pr = this.progress.get(id);
    if (this.role !== Role.Leader || pr?.state !== ProgressState.Snapshot) return;
    if (!ok) pr.pendingSnapshot = 0 as LogIndex;
    pr.becomeProbe();
    // Wait for the follower's answer (or a heartbeat's) before probing again.
    pr.probeSent = true;
  }

  step(m: Message): void {
    if (m.to !== this.id) return;
    if (this.quiesced && !this.keepsQuiet(m)) this.wake('message');
    if (this.stepTerm(m)) this.stepByType(m);
    this.invariants();
  }

  // ---- Quiescence ----

  isQuiesced(): boolean {
    return this.quiesced;
  }

  /**
   * A leader goes quiet if nothing is left to do: every member holds its whole log and knows it
   * is committed, or is on a node `isLive` says is dead (the host wakes this leader when that
   * node comes back). It tells the followers that match, in one last heartbeat that names its
   * last entry; each stops ticking once it sees its own log ends there, committed. Returns
   * whether it went quiet.
   */
  maybeQuiesce(isLive: (node: NodeId) => boolean): boolean {
    if (this.quiesced || this.role !== Role.Leader || this.leadTransferee !== NO_NODE) return false;
    const last = this.log.lastIndex();
    if (this.log.committed !== last) return false;
    for (const [id, pr] of this.progress) {
      if (pr.match !== last && (id === this.id || isLive(id))) return false;
    }
    const lastTerm = this.log.lastTerm();
    for (const [id, pr] of this.progress) {
      if (id === this.id || pr.match !== last) continue;
      this.send({ type: MessageType.Heartbeat, to: id, index: last, logTerm: lastTerm, commit: last, quiesce: true });
    }
    this.quiesced = true;
    return true;
  }

  /**
   * Messages a quiet group takes without waking: for a leader, a heartbeat answer from a member
   * that holds its whole log, in the run (boot) it learned that from (a restarted member may
   * hold less, and must be probed); for a follower, its leader's quiesce heartbeat.
   */
  private keepsQuiet(m: Message): boolean {
    if (m.term !== this.term) return false;
    if (this.role === Role.Leader) {
      const pr = this.progress.get(m.from);
      return m.type === MessageType.HeartbeatResp && pr !== undefined && pr.boot === m.boot && pr.match >= this.log.lastIndex();
    }
    return m.type === MessageType.Heartbeat && m.quiesce && m.from === this.lead;
  }

  /**
   * Ends quiescence. A leader resumes heartbeats at its next tick and counts check-quorum from
   * now: answers from before it went quiet prove nothing about the members today. A follower
   * keeps its lease on the leader (the host's liveness vouched for the leader's node while it
   * was quiet), unless the host says that node is dead (leaderNodeDead()).
   */
  protected wake(cause: WakeCause): void {
    if (!this.quiesced) return;
    this.quiesced = false;
    if (this.role === Role.Leader) {
      this.electionElapsed = 0;
      this.heartbeatElapsed = this.config.heartbeatTicks;
      for (const [id, pr] of this.progress) pr.recentActive = id === this.id;
    } else if (cause === 'leader-dead') {
      this.leaderNodeDead();
    }
  }

  /** The host's wake-up call: node liveness changed for a member of this group. */
  unquiesce(cause: 'leader-dead' | 'peer-change'): void {
    this.wake(cause);
    this.invariants();
  }

  /**
   * The leader's node is dead: its lease here is over, so this follower grants pre-votes at once
   * and campaigns (with a pre-vote, like any election) within one randomized timeout.
   */
  protected leaderNodeDead(): void {
    this.electionElapsed = this.config.electionTicks;
  }

  /** Reconciles terms (Figure 2, "all servers"); returns whether the message is still to be handled. */
  private stepTerm(m: Message): boolean {
    if (m.term > this.term) {
      if (m.type === MessageType.Vote || m.type === MessageType.PreVote) {
        // The leader lease (thesis §4.2.3): while we hear from a leader, a vote request is disruption,
        // not a need. Pre-vote applies it always (§9.6); real votes only with check-quorum, which
        // guarantees a leader that lost its quorum steps down and frees the lease.
        const heardFromLeader = this.lead !== NO_NODE && this.electionElapsed < this.config.electionTicks;
        const inLease = heardFromLeader && (this.config.checkQuorum || m.type === MessageType.PreVote);
        if (inLease && !m.transfer) return false;
      }
      if (m.type === MessageType.PreVote) return true; // a pre-vote raises no one's term
      if (m.type === MessageType.PreVoteResp && !m.reject) return true; // our own pre-campaign's term
      const fromLeader = m.type === MessageType.App || m.type === MessageType.Heartbeat || m.type === MessageType.Snap;
      this.becomeFollower(m.term, fromLeader ? m.from : NO_NODE);
      return true;
    }
    if (m.term < this.term) {
      if (m.type === MessageType.App || m.type === MessageType.Heartbeat) {
        // A deposed leader learns our term from this, so it steps down (with check-quorum or
        // pre-vote, a node may legitimately never raise its term to reach it otherwise).
        this.send({ type: MessageType.AppResp, to: m.from });
      } else if (m.type === MessageType.PreVote || m.type === MessageType.Vote) {
        // Figure 2: the answer carries our term "for candidate to update itself". Unanswered, a candidate
        // whose voters have all moved past its term may never hear of their term, and so never win.
        this.send({ type: m.type === MessageType.Vote ? MessageType.VoteResp : MessageType.PreVoteResp, to: m.from, reject: true });
      }
      return false;
    }
    return true;
  }

  private stepByType(m: Message): void {
    if (m.type === MessageType.Vote || m.type === MessageType.PreVote) {
      this.handleVoteRequest(m);
      return;
    }
    switch (this.role) {
      case Role.Leader:
        this.stepLeader(m);
        return;
      case Role.Candidate:
      case Role.PreCandidate:
        this.stepCandidate(m);
        return;
      case Role.Follower:
        this.stepFollower(m);
        return;
    }
  }

  private handleVoteRequest(m: Message): void {
    const canVote =
      this.vote === m.from ||
      (this.vote === NO_NODE && this.lead === NO_NODE) ||
      (m.type === MessageType.PreVote && m.term > this.term);
    const responseType = m.type === MessageType.Vote ? MessageType.VoteResp : MessageType.PreVoteResp;
    if (canVote && this.isUpToDate(m.index, m.logTerm)) {
      // Answer at the candidate's term: for a pre-vote ours is lower, and the
      // pre-candidate must be able to tell this answer from a stale one.
      this.send({ type: responseType, to: m.from, term: m.term });
      if (m.type === MessageType.Vote) {
        this.electionElapsed = 0;
        this.vote = m.from;
      }
    } else {
      this.send({ type: responseType, to: m.from, reject: true });
    }
  }

  private stepLeader(m: Message): void {
    const pr = this.progress.get(m.from);
    if (pr === undefined) return;
    if ((m.type === MessageType.AppResp || m.type === MessageType.HeartbeatResp) && pr.observeBoot(m.boot)) {
      // A new run of the follower: what it holds is unknown again, so this answer proves little.
      // Probe at once; the answer to the probe (a rejection's hint, or a success) says where its log ends.
      pr.recentActive = true;
      this.sendAppend(m.from, false);
      return;
    }
    switch (m.type) {
      case MessageType.AppResp:
        pr.recentActive = true;
        if (m.reject) this.handleAppendRejection(m, pr);
        else this.handleAppendSuccess(m, pr);
        return;
      case MessageType.HeartbeatResp:
        pr.recentActive = true;
        pr.probeSent = false;
        if (pr.state === ProgressState.Replicate && pr.inflights.full()) pr.inflights.freeFirstOne();
        if (pr.match < this.log.lastIndex()) this.sendAppend(m.from, false);
        return;
      default:
        return;
    }
  }

  private handleAppendRejection(m: Message, pr: Progress): void {
    // The follower says where our logs may match; skip whole terms it cannot have (fast backtracking).
    const hint = m.logTerm > 0 ? this.log.findConflictByTerm(m.rejectHint, m.logTerm).index : m.rejectHint;
    if (!pr.maybeDecrTo(m.index, hint)) return;
    if (pr.state === ProgressState.Replicate) pr.becomeProbe();
    this.sendAppend(m.from, false);
  }

  private handleAppendSuccess(m: Message, pr: Progress): void {
    const wasPaused = pr.isPaused();
    if (!pr.maybeUpdate(m.index)) return;
    switch (pr.state) {
      case ProgressState.Probe:
        pr.becomeReplicate();
        break;
      case ProgressState.Snapshot:
        if (pr.match + 1 >= this.log.firstIndex()) {
          pr.becomeProbe();
          pr.becomeReplicate();
        }
        break;
      case ProgressState.Replicate:
        pr.inflights.freeLE(m.index);
        break;
    }
    if (this.maybeCommit()) {
      this.bcastCommit();
      if (this.handOverIfRemoved()) return;
    } else if (wasPaused) {
      this.sendAppend(m.from, false);
    }
    // Fill the window now that acknowledgements freed room in it.
    while (this.progress.has(m.from) && this.sendAppend(m.from, true)) {
      /* keep sending */
    }
    if (m.from === this.leadTransferee && pr.match === this.log.lastIndex()) {
      this.send({ type: MessageType.TimeoutNow, to: m.from });
    }
  }

  private stepCandidate(m: Message): void {
    switch (m.type) {
      case MessageType.App:
      case MessageType.Heartbeat:
      case MessageType.Snap:
        // A leader of our term exists (§5.2): give up the campaign.
        this.becomeFollower(m.term, m.from);
        this.stepFollower(m);
        return;
      case MessageType.VoteResp:
      case MessageType.PreVoteResp: {
        const expected = this.role === Role.PreCandidate ? MessageType.PreVoteResp : MessageType.VoteResp;
        if (m.type !== expected) return;
        // A grant answers the term its round asked about (ours + 1). One at our own term is a late
        // answer to the round that got us here; counted, it would win a pre-vote nobody granted.
        if (m.type === MessageType.PreVoteResp && !m.reject && m.term !== this.term + 1) return;
        this.votes.set(m.from, !m.reject);
        const result = this.tally();
        if (result === 'won') {
          if (this.role === Role.PreCandidate) this.campaign('election');
          else this.becomeLeader();
        } else if (result === 'lost') {
          this.becomeFollower(this.term, NO_NODE);
        }
        return;
      }
      default:
        return;
    }
  }

  private stepFollower(m: Message): void {
    switch (m.type) {
      case MessageType.App:
        this.electionElapsed = 0;
        this.lead = m.from;
        this.handleAppend(m);
        return;
      case MessageType.Heartbeat:
        this.electionElapsed = 0;
        this.lead = m.from;
        this.log.commitTo(Math.min(m.commit, this.leaderMatch) as LogIndex);
        this.send({ type: MessageType.HeartbeatResp, to: m.from });
        // Quiet only if nothing is left to learn: our log ends at the leader's last entry, committed.
        if (m.quiesce) this.quiesced = this.log.lastIndex() === m.index && this.log.matchTerm(m.index, m.logTerm) && this.log.committed === m.index;
        return;
      case MessageType.Snap:
        this.electionElapsed = 0;
        this.lead = m.from;
        this.handleSnapshot(m);
        return;
      case MessageType.TimeoutNow:
        this.hup('transfer');
        return;
      default:
        return;
    }
  }

  private handleAppend(m: Message): void {
    if (m.index < this.log.committed) {
      this.send({ type: MessageType.AppResp, to: m.from, index: this.log.committed });
      return;
    }
    const lastNewIndex = this.log.maybeAppend(m.index, m.logTerm, m.commit, m.entries);
    this.syncConf();
    if (lastNewIndex !== undefined) {
      this.leaderMatch = Math.max(this.leaderMatch, lastNewIndex) as LogIndex;
      this.send({ type: MessageType.AppResp, to: m.from, index: lastNewIndex });
      return;
    }
    // Tell the leader the last index where our logs may agree, and its term.
    const hint = this.log.findConflictByTerm(Math.min(m.index, this.log.lastIndex()) as LogIndex, m.logTerm);
    this.send({ type: MessageType.AppResp, to: m.from, index: m.index, reject: true, rejectHint: hint.index, logTerm: hint.term });
  }

  private handleSnapshot(m: Message): void {
    const snapshot = m.snapshot;
    assert(snapshot !== null, 'Snap message without a snapshot');
    const { index, term: snapTerm } = snapshot.metadata;
    if (index <= this.log.committed) {
      this.send({ type: MessageType.AppResp, to: m.from, index: this.log.committed });
      return;
    }
    if (this.log.matchTerm(index, snapTerm)) {
      // We already hold everything the snapshot covers: just learn that it is committed. Entries
      // after it were not checked against the leader, so acknowledge only the snapshot.
      this.log.commitTo(index);
    } else {
      this.log.restore(snapshot);
      this.syncConf();
    }
    this.leaderMatch = Math.max(this.leaderMatch, this.log.committed) as LogIndex;
    this.send({ type: MessageType.AppResp, to: m.from, index: this.log.committed });
  }

  // ---- Roles ----

  private reset(t: Term): void {
    if (t !== this.term) {
      this.term = t;
      this.vote = NO_NODE;
    }
    this.lead = NO_NODE;
    this.quiesced = false;
    this.electionElapsed = 0;
    this.heartbeatElapsed = 0;
    this.randomizedElectionTicks = this.config.electionTicks + this.config.rng.int(this.config.electionTicks);
    this.leadTransferee = NO_NODE;
    this.votes.clear();
    this.progress.clear();
    // Committed entries are in every later leader's log (§5.4.1's leader completeness); nothing else is checked yet.
    this.leaderMatch = this.log.committed;
  }

  becomeFollower(t: Term, lead: NodeId): void {
    this.reset(t);
    this.lead = lead;
    this.role = Role.Follower;
  }

  private becomePreCandidate(): void {
    assert(this.role !== Role.Leader, 'leader cannot become pre-candidate');
    // Neither the term nor the vote changes until the pre-vote succeeds (thesis §9.6).
    this.votes.clear();
    this.lead = NO_NODE;
    this.role = Role.PreCandidate;
  }

  private becomeCandidate(): void {
    assert(this.role !== Role.Leader, 'leader cannot become candidate');
    this.reset((this.term + 1) as Term);
    this.vote = this.id;
    this.role = Role.Candidate;
  }

  private becomeLeader(): void {
    assert(this.role === Role.Candidate, `only a candidate becomes leader, not a ${this.role}`);
    this.reset(this.term);
    this.lead = this.id;
    this.role = Role.Leader;
    this.trackedConf = this.log.conf();
    this.rebuildProgress();
    // A no-op of the new term lets earlier entries commit under the Figure 8 rule (§5.4.2, §8).
    this.appendEntries([{ type: EntryType.Normal, data: new Uint8Array(0) }]);
    this.leaderStartIndex = this.log.lastIndex();
    this.bcastAppend();
  }

  protected campaign(kind: CampaignKind): void {
    let voteTerm: Term;
    let type: MessageType;
    if (kind === 'pre-vote') {
      this.becomePreCandidate();
      voteTerm = (this.term + 1) as Term;
      type = MessageType.PreVote;
    } else {
      this.becomeCandidate();
      voteTerm = this.term;
      type = MessageType.Vote;
    }
    this.votes.set(this.id, true);
    if (this.tally() === 'won') {
      // A single voter wins at once.
      if (kind === 'pre-vote') this.campaign('election');
      else this.becomeLeader();
      return;
    }
    const lastIndex = this.log.lastIndex();
    const lastTerm = this.log.lastTerm();
    for (const voter of this.log.conf().voters) {
      if (voter === this.id) continue;
      this.send({ type, to: voter, term: voteTerm, index: lastIndex, logTerm: lastTerm, transfer: kind === 'transfer' });
    }
  }

  private tally(): 'won' | 'lost' | 'pending' {
    const voters = this.log.conf().voters;
    const quorum = Math.floor(voters.length / 2) + 1;
    let granted = 0;
    let rejected = 0;
    for (const voter of voters) {
      const v = this.votes.get(voter);
      if (v === true) granted++;
      else if (v === false) rejected++;
    }
    if (granted >= quorum) return 'won';
    if (rejected > voters.length - quorum) return 'lost';
    return 'pending';
  }

  // ---- Leader: replication ----

  private appendAndBroadcast(type: EntryType, data: Uint8Array): ProposeResult {
    this.appendEntries([{ type, data }]);
    this.bcastAppend();
    this.invariants();
    return { ok: true, term: this.term, index: this.log.lastIndex() };
  }

  private appendEntries(items: readonly { type: EntryType; data: Uint8Array }[]): void {
    let index = this.log.lastIndex();
    const entries: Entry[] = items.map(({ type, data }) => ({ term: this.term, index: ++index as LogIndex, type, data }));
    this.log.append(entries);
    this.syncConf();
  }

  /**
   * The caller made more of the log durable (RawNode.advance). A leader's own
   * copy counts toward commit only from now on, since it may have sent the
   * entries before writing them (Ready.earlyMessages).
   */
  selfDurable(): void {
    const self = this.progress.get(this.id);
    if (this.role !== Role.Leader || self === undefined || !self.maybeUpdate(this.log.stableIndex())) return;
    if (this.maybeCommit()) {
      this.bcastCommit();
      this.handOverIfRemoved();
    }
  }

  /**
   * Advances commit to the highest index stored on a majority of voters,
   * if the Figure 8 rule allows it. Returns whether commit moved.
   */
  private maybeCommit(): boolean {
    const matches = this.log.conf().voters.map((voter) => this.progress.get(voter)?.match ?? 0).sort((a, b) => b - a);
    const quorumIndex = matches[Math.floor(matches.length / 2)] as LogIndex | undefined;
    if (quorumIndex === undefined || quorumIndex <= this.log.committed || !this.canCommitAt(quorumIndex)) return false;
    this.log.commitTo(quorumIndex);
    return true;
  }

  /**
   * A leader steps down once its own removal is committed (thesis §4.2.2).
   * Rather than leave the group to an election timeout, it first asks an
   * up-to-date voter to campaign at once. Returns whether it stepped down.
   */
  private handOverIfRemoved(): boolean {
    if (this.promotable() || this.log.lastConfIndex() > this.log.committed) return false;
    const lastIndex = this.log.lastIndex();
    const successor = this.log.conf().voters.find((id) => this.progress.get(id)?.match === lastIndex);
    if (successor !== undefined) this.send({ type: MessageType.TimeoutNow, to: successor });
    this.becomeFollower(this.term, NO_NODE);
    return true;
  }

  /** Sends the follower what it needs next; returns whether a message went out. */
  private sendAppend(to: NodeId, onlyIfEntries: boolean): boolean {
    const pr = this.progress.get(to);
    assert(pr !== undefined, `no progress for ${to}`);
    // A quiet leader sends nothing: whatever has it replicate again must wake it first.
    if (pr.isPaused() || this.quiesced) return false;
    const prevIndex = (pr.next - 1) as LogIndex;
    const prevTerm = this.log.term(prevIndex);
    const entries = this.log.entriesFrom(pr.next, this.config.msgBytesMax);
    if (prevTerm === undefined || entries === COMPACTED) return this.sendSnapshot(to, pr);
    if (entries === UNAVAILABLE) return false; // storage is loading them; a later answer or heartbeat retries
    if (entries.length === 0 && onlyIfEntries) return false;
    this.send({ type: MessageType.App, to, index: prevIndex, logTerm: prevTerm, entries, commit: this.log.committed });
    pr.sentEntries(entries[entries.length - 1]?.index, entries.reduce((bytes, e) => bytes + e.data.byteLength, 0));
    return true;
  }

  private sendSnapshot(to: NodeId, pr: Progress): boolean {
    // A follower we have not heard from recently may be down; do not ship it a whole snapshot.
    if (!pr.recentActive) return false;
    const snapshot = this.log.snapshotForFollower();
    if (snapshot === UNAVAILABLE) return false;
    assert(snapshot.metadata.index > 0, 'compacted log without a snapshot');
    this.send({ type: MessageType.Snap, to, snapshot });
    pr.becomeSnapshot(snapshot.metadata.index);
    return true;
  }

  private bcastAppend(onlyIfEntries = false): void {
    for (const id of this.progress.keys()) if (id !== this.id) this.sendAppend(id, onlyIfEntries);
  }

  /** Commit moved: followers hear of it now, or with the next App or heartbeat (config.broadcastCommit). */
  private bcastCommit(): void {
    this.bcastAppend(!this.config.broadcastCommit);
  }

  private bcastHeartbeat(): void {
    for (const [id, pr] of this.progress) {
      if (id === this.id) continue;
      // Never tell a follower to commit beyond what it is known to hold.
      this.send({ type: MessageType.Heartbeat, to: id, commit: Math.min(pr.match, this.log.committed) as LogIndex });
    }
  }

  /** Check-quorum: have a majority of voters (counting ourselves) been heard from this round? */
  private quorumActive(): boolean {
    const voters = this.log.conf().voters;
    let active = 0;
    for (const voter of voters) {
      const pr = this.progress.get(voter);
      if (voter === this.id || pr?.recentActive === true) active++;
    }
    for (const [id, pr] of this.progress) pr.recentActive = id === this.id;
    return active >= Math.floor(voters.length / 2) + 1;
  }

  // ---- Membership ----

  /** Rebuilds leader progress if the configuration changed under us (append, truncate or snapshot). */
  private syncConf(): void {
    const conf = this.log.conf();
    if (conf === this.trackedConf) return;
    this.trackedConf = conf;
    if (this.role === Role.Leader) {
      this.rebuildProgress();
      if (this.leadTransferee !== NO_NODE && !isVoter(conf, this.leadTransferee)) this.leadTransferee = NO_NODE;
    }
  }

  /** One Progress per member; members we already track keep theirs. */
  private rebuildProgress(): void {
    const conf = this.log.conf();
    const members = new Set([...conf.voters, ...conf.learners]);
    for (const id of this.progress.keys()) if (!members.has(id)) this.progress.delete(id);
    for (const id of members) {
      if (this.progress.has(id)) continue;
      const pr = new Progress((this.log.lastIndex() + 1) as LogIndex, this.config.inflightMsgsMax, this.config.inflightBytesMax);
      if (id === this.id) {
        pr.match = this.log.stableIndex();
        pr.recentActive = true;
        pr.becomeReplicate();
      }
      this.progress.set(id, pr);
    }
  }

  // ---- Plumbing ----

  private send(fields: Partial<Message> & Pick<Message, 'type' | 'to'>): void {
    // Answers to a leader name this run (RaftConfig.boot), so the leader notices a restart.
    const answer = fields.type === MessageType.AppResp || fields.type === MessageType.HeartbeatResp;
    this.msgs.push(message({ from: this.id, term: this.term, ...(answer && { boot: this.config.boot }), ...fields }));
  }

  /** Checked after every input; a failure is a bug in the core. */
  private invariants(): void {
    const { committed, applied } = this.log;
    assert(applied <= committed, `applied ${applied} > committed ${committed}`);
    assert(committed <= this.log.lastIndex(), `committed ${committed} > lastIndex ${this.log.lastIndex()}`);
    if (this.role === Role.Leader) {
      assert(this.lead === this.id, 'a leader leads');
      assert(this.vote === this.id, 'a leader voted for itself');
      const self = this.progress.get(this.id);
      assert(self === undefined || self.match <= this.log.stableIndex(), 'leader counts an entry it has not made durable');
    }
    if (this.role === Role.Candidate) assert(this.vote === this.id, 'a candidate voted for itself');
    if (this.role === Role.Follower) {
      const last = this.log.lastIndex();
      assert(committed <= this.leaderMatch && this.leaderMatch <= last, `leaderMatch ${this.leaderMatch} outside [commit ${committed}, lastIndex ${last}]`);
    }
    if (this.quiesced) assert(this.role === Role.Leader || this.role === Role.Follower, `a ${this.role} is quiet`);
  }
}
