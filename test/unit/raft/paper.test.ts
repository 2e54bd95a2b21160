/**
 * Tests tied to sentences of the Raft paper (Ongaro & Ousterhout, 2014):
 * leader election (§5.2), log replication (§5.3) and safety (§5.4), in the
 * manner of etcd/raft's raft_paper_test.go. Pre-vote and check-quorum,
 * membership, compaction, leadership transfer and the Ready contract have
 * files of their own beside this one.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NodeId } from '../../../src/raft/index.js';
import { EntryType, MessageType, RawNode, Role, SeededRng } from '../../../src/raft/index.js';
import { TestCluster, bytes } from './harness.js';
import type { LogSpec } from './helpers.js';
import {
  clusterWithLogs,
  entry,
  loneNode,
  msg,
  runTicks,
  sent,
  statusOf,
  storageWithLog,
  termsOf,
  tickNodeUntil,
  tickUntil,
} from './helpers.js';

const E = 5;

/** Node 1 of three voters, campaigned into a candidate of term 2 (pre-vote off, so the term rises at once). */
function candidate(options: { checkQuorum?: boolean } = {}): TestCluster {
  const c = loneNode({ terms: [1] }, { preVote: false, electionTicks: E, ...options });
  c.node(1).raw.campaign();
  sent(c, 1);
  return c;
}

/** Node 1 of three voters, elected leader of term 2 with node 2's vote. */
function leader(options: { checkQuorum?: boolean } = {}): TestCluster {
  const c = candidate(options);
  c.node(1).raw.step(msg(MessageType.VoteResp, 2, 1, 2));
  sent(c, 1);
  expect(statusOf(c, 1).role).toBe(Role.Leader);
  return c;
}

describe('§5.2 leader election', () => {
  // Reference: §5.2 "Raft uses randomized election timeouts ... chosen randomly from a fixed interval".
  it('a follower that hears from no leader campaigns after a timeout drawn from [electionTicks, 2·electionTicks)', () => {
    const timeouts = new Set<number>();
    for (let seed = 1; seed <= 200; seed++) {
      const raw = new RawNode({
        id: 1 as NodeId,
        storage: storageWithLog([1, 2, 3], { terms: [1] }),
        rng: new SeededRng(seed),
        electionTicks: E,
        heartbeatTicks: 1,
      });
      timeouts.add(tickNodeUntil(raw, () => raw.status().role !== Role.Follower));
    }
    expect([...timeouts].sort((a, b) => a - b)).toEqual([5, 6, 7, 8, 9]);
  });

  // Reference: §5.2 "a follower increments its current term and transitions to candidate state. It then votes
  // for itself and issues RequestVote RPCs"; Figure 2: RequestVote carries lastLogIndex and lastLogTerm.
  // Thesis §9.6: with pre-vote it first asks at term+1, changing neither its term nor its vote.
  it.each([
    { preVote: false, role: Role.Candidate, hardState: { term: 3, vote: 1, commit: 1 }, type: MessageType.Vote },
    { preVote: true, role: Role.PreCandidate, hardState: null, type: MessageType.PreVote },
  ])(
    'on timeout a follower (pre-vote $preVote) becomes $role with hard state $hardState and asks for votes at term 3 with its last index and term',
    ({ preVote, role, hardState, type }) => {
      const c = loneNode({ terms: [1, 1, 2] }, { preVote, electionTicks: E });
      const raw = c.node(1).raw;
      tickNodeUntil(raw, () => raw.status().role !== Role.Follower);
      const rd = raw.ready();
      expect(rd.softState).toEqual({ role, lead: 0 });
      expect(rd.hardState).toEqual(hardState);
      expect(rd.messages.map(({ type: t, to, term, index, logTerm }) => ({ type: t, to, term, index, logTerm }))).toEqual([
        { type, to: 2, term: 3, index: 3, logTerm: 2 },
        { type, to: 3, term: 3, index: 3, logTerm: 2 },
      ]);
    },
  );

  /** Campaigns node 1 of `votersCount` (term 2) and returns its role after each answer from nodes 2, 3, .... */
  function rolesAfterAnswers(votersCount: number, reject: boolean): { roles: string[]; raw: RawNode } {
    const c = loneNode({ terms: [1] }, { preVote: false }, votersCount);
    const raw = c.node(1).raw;
    raw.campaign();
    const roles: string[] = [];
    for (let from = 2; from <= votersCount; from++) {
      raw.step(msg(MessageType.VoteResp, from, 1, 2, { reject }));
      roles.push(raw.status().role);
    }
    return { roles, raw };
  }

  // Reference: §5.2 "A candidate wins an election if it receives votes from a majority of the servers in the
  // full cluster for the same term."
  it.each([
    { votersCount: 3, grantsNeeded: 1 },
    { votersCount: 4, grantsNeeded: 2 },
    { votersCount: 5, grantsNeeded: 2 },
  ])('a candidate of $votersCount voters becomes leader with its own vote and $grantsNeeded more, not before', ({ votersCount, grantsNeeded }) => {
    const { roles, raw } = rolesAfterAnswers(votersCount, false);
    expect(roles.indexOf(Role.Leader)).toBe(grantsNeeded - 1);
    expect(raw.status()).toMatchObject({ role: Role.Leader, term: 2, lead: 1 });
  });

  // Reference: §5.2 (the losing outcome): once a majority has refused, the candidate cannot win; it returns to
  // follower, keeping its term and its vote, and waits for the next timeout.
  it.each([
    { votersCount: 3, rejectionsNeeded: 2 },
    { votersCount: 4, rejectionsNeeded: 2 },
    { votersCount: 5, rejectionsNeeded: 3 },
  ])('a candidate of $votersCount voters returns to follower on its rejection number $rejectionsNeeded', ({ votersCount, rejectionsNeeded }) => {
    const { roles, raw } = rolesAfterAnswers(votersCount, true);
    expect(roles.indexOf(Role.Follower)).toBe(rejectionsNeeded - 1);
    expect(raw.status()).toMatchObject({ role: Role.Follower, term: 2, vote: 1, lead: 0 });
  });

  // Reference: §5.2 "If the leader's term ... is at least as large as the candidate's current term, then the
  // candidate recognizes the leader as legitimate and returns to follower state."
  it.each([
    { role: Role.Candidate, preVote: false },
    { role: Role.PreCandidate, preVote: true },
  ])('a $role steps down on AppendEntries from a leader of its own term', ({ role, preVote }) => {
    const c = loneNode({ terms: [1] }, { preVote });
    const raw = c.node(1).raw;
    raw.campaign();
    sent(c, 1);
    const { term, role: campaigning } = raw.status();
    expect(campaigning).toBe(role);
    raw.step(msg(MessageType.App, 2, 1, term, { index: 1, logTerm: 1, commit: 1 }));
    expect(raw.status()).toMatchObject({ role: Role.Follower, term, lead: 2 });
    expect(sent(c, 1).map(({ type, to, index, reject }) => ({ type, to, index, reject }))).toEqual([
      { type: MessageType.AppResp, to: 2, index: 1, reject: false },
    ]);
  });

  // Reference: §5.2 "When this happens, each candidate will time out and start a new election by incrementing
  // its term and initiating another round of RequestVote RPCs."
  it('a split vote elects no one, and the next timeout elects a leader at the next term', () => {
    const c = TestCluster.bootstrap(3, { preVote: false, electionTicks: E });
    c.isolate(3);
    c.node(1).raw.campaign();
    c.node(2).raw.campaign();
    c.stabilize();
    expect([statusOf(c, 1), statusOf(c, 2)].map(({ role, term, vote }) => ({ role, term, vote }))).toEqual([
      { role: Role.Candidate, term: 2, vote: 1 },
      { role: Role.Candidate, term: 2, vote: 2 },
    ]);
    c.heal();
    tickUntil(c, () => c.leaders().length > 0);
    expect(c.leaders().map((id) => statusOf(c, id).term)).toEqual([3]);
  });

  // Reference: §5.2 "Each server will vote for at most one candidate in a given term, on a first-come-first-served basis."
  it('a voter grants one vote per term: first come, first served, and the same candidate again', () => {
    const c = loneNode();
    const raw = c.node(1).raw;
    const answer = (from: number): boolean => {
      raw.step(msg(MessageType.Vote, from, 1, 2, { index: 1, logTerm: 1 }));
      const [resp, ...rest] = sent(c, 1);
      expect(rest).toEqual([]);
      expect(resp).toMatchObject({ type: MessageType.VoteResp, to: from, term: 2 });
      return !resp!.reject;
    };
    expect([answer(2), answer(3), answer(2)]).toEqual([true, false, true]);
    expect(c.node(1).storage.hard()).toEqual({ term: 2, vote: 2, commit: 1 });
  });

  // Reference: Figure 2, RequestVote results: "term: currentTerm, for candidate to update itself".
  it.each([false, true])('a candidate of an older term is refused with the voter\'s term and takes it up (checkQuorum %s)', (checkQuorum) => {
    const c = loneNode({ terms: [1], term: 5 }, { preVote: false, checkQuorum });
    c.node(1).raw.step(msg(MessageType.Vote, 2, 1, 3, { index: 1, logTerm: 1 }));
    const [resp, ...rest] = sent(c, 1);
    expect(rest).toEqual([]);
    expect(resp).toMatchObject({ type: MessageType.VoteResp, to: 2, term: 5, reject: true });

    const behind = loneNode({ terms: [1], term: 3 }, { preVote: false, checkQuorum });
    behind.node(1).raw.campaign();
    sent(behind, 1);
    behind.node(1).raw.step({ ...resp!, from: 2 as NodeId, to: 1 as NodeId });
    expect(behind.node(1).raw.status()).toMatchObject({ term: 5, role: Role.Follower });
  });

  // Reference: §5.2 "Leaders send periodic heartbeats ... to all followers in order to maintain their authority."
  it('a leader sends a heartbeat to every follower each heartbeatTicks', () => {
    const c = TestCluster.bootstrap(3, { electionTicks: 10, heartbeatTicks: 2 });
    c.elect(1);
    const heartbeats: number[] = [];
    for (let t = 0; t < 6; t++) {
      c.node(1).raw.tick();
      heartbeats.push(sent(c, 1).filter((m) => m.type === MessageType.Heartbeat).length);
    }
    expect(heartbeats).toEqual([0, 2, 0, 2, 0, 2]);
  });

  // Reference: §5.1 "If a candidate or leader discovers that its term is out of date, it immediately reverts to
  // follower state." (Figure 2, all servers: "If RPC request or response contains term T > currentTerm".)
  describe.each([
    { name: 'leader', make: leader },
    { name: 'candidate', make: candidate },
  ])('a $name seeing a higher term', ({ make }) => {
    it.each([
      { name: 'App', type: MessageType.App, lead: 3 },
      { name: 'Heartbeat', type: MessageType.Heartbeat, lead: 3 },
      { name: 'AppResp', type: MessageType.AppResp, lead: 0 },
      { name: 'HeartbeatResp', type: MessageType.HeartbeatResp, lead: 0 },
      { name: 'Vote', type: MessageType.Vote, lead: 0 },
      { name: 'VoteResp', type: MessageType.VoteResp, lead: 0 },
    ])('in $name becomes a follower of that term, following the sender only if it leads', ({ type, lead }) => {
      const c = make({ checkQuorum: false });
      c.node(1).raw.step(msg(type, 3, 1, 3, { index: 9, logTerm: 9, reject: type === MessageType.VoteResp }));
      expect(statusOf(c, 1)).toMatchObject({ role: Role.Follower, term: 3, lead });
    });
  });
});

/** The logs of Figure 7, as terms from index 1, before the leader of term 8 appends its first entry. */
const FIGURE_7_LEADER = [1, 1, 1, 4, 4, 5, 5, 6, 6, 6];
const FIGURE_7_FOLLOWERS = [
  { name: 'a', terms: [1, 1, 1, 4, 4, 5, 5, 6, 6], rejections: 1 },
  { name: 'b', terms: [1, 1, 1, 4], rejections: 1 },
  { name: 'c', terms: [1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 6], rejections: 0 },
  { name: 'd', terms: [1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 7, 7], rejections: 0 },
  { name: 'e', terms: [1, 1, 1, 4, 4, 4, 4], rejections: 1 },
  { name: 'f', terms: [1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3], rejections: 1 },
];

describe('§5.3 log replication', () => {
  // Reference: §5.3 "The leader appends the command to its log as a new entry, then issues AppendEntries RPCs";
  // Figure 2: AppendEntries carries prevLogIndex, prevLogTerm, entries[] and leaderCommit.
  it('the leader appends a proposal and sends it with the index and term of the entry before it', () => {
    const c = TestCluster.bootstrap(3);
    c.elect(1);
    expect(c.node(1).raw.propose(bytes('x'))).toEqual({ ok: true, term: 2, index: 3 });
    const apps = sent(c, 1);
    expect(apps.map(({ type, to, term, index, logTerm, commit }) => ({ type, to, term, index, logTerm, commit }))).toEqual([
      { type: MessageType.App, to: 2, term: 2, index: 2, logTerm: 2, commit: 2 },
      { type: MessageType.App, to: 3, term: 2, index: 2, logTerm: 2, commit: 2 },
    ]);
    for (const m of apps) expect(m.entries).toEqual([{ index: 3, term: 2, type: EntryType.Normal, data: bytes('x') }]);
  });

  // Reference: §5.3 "A log entry is committed once the leader that created the entry has replicated it on a
  // majority of the servers ... Once a follower learns that a log entry is committed, it applies the entry".
  it('the leader commits once a majority stores the entry, and followers that store it learn the commit and apply it', () => {
    const c = TestCluster.bootstrap(5);
    c.elect(1);
    for (const id of [3, 4, 5]) c.cut.add(`1-${id}`);
    c.node(1).raw.propose(bytes('x'));
    c.stabilize();
    expect(statusOf(c, 1).commit).toBe(2); // stored on 1 and 2: two of five
    c.cut.delete('1-3');
    runTicks(c, 1);
    expect([1, 2, 3, 4, 5].map((id) => statusOf(c, id).commit)).toEqual([3, 3, 3, 2, 2]);
    expect([1, 2, 3, 4, 5].map((id) => c.payloads(id))).toEqual([['x'], ['x'], ['x'], [], []]);
  });

  // Reference: §5.3 "If the follower does not find an entry in its log with the same index and term, then it
  // refuses the new entries."
  it.each([
    { case: 'a different term at prevIndex', index: 3, logTerm: 3, reject: true, rejectHint: 3, hintTerm: 2 },
    { case: 'no entry at prevIndex', index: 5, logTerm: 3, reject: true, rejectHint: 3, hintTerm: 2 },
    { case: 'a matching prevIndex', index: 3, logTerm: 2, reject: false, rejectHint: 0, hintTerm: 0 },
  ])('a follower answers AppendEntries with $case: reject=$reject', ({ index, logTerm, reject, rejectHint, hintTerm }) => {
    const c = loneNode({ terms: [1, 1, 2] });
    c.node(1).raw.step(msg(MessageType.App, 2, 1, 3, { index, logTerm, entries: [entry(index + 1, 3)] }));
    const [resp, ...rest] = sent(c, 1);
    expect(rest).toEqual([]);
    expect(resp).toMatchObject({ type: MessageType.AppResp, to: 2, term: 3, reject, rejectHint, logTerm: hintTerm });
    expect(resp!.index).toBe(reject ? index : 4);
    expect(termsOf(c.node(1))).toEqual(reject ? [1, 1, 2] : [1, 1, 2, 3]);
  });

  // Reference: §5.3 Figure 7 "the leader handles inconsistencies by forcing the followers' logs to duplicate its
  // own ... conflicting entries in follower logs will be overwritten", and the optimisation "the follower can
  // include the term of the conflicting entry and the first index it stores for that term".
  it.each(FIGURE_7_FOLLOWERS)(
    'Figure 7 ($name): the leader of term 8 makes the follower log equal to its own within one rejected round trip',
    ({ terms, rejections }) => {
      const leaderLog: LogSpec = { terms: FIGURE_7_LEADER, term: 7 };
      const c = clusterWithLogs([leaderLog, { terms, term: 7 }, leaderLog]);
      c.elect(1);
      const expected = [...FIGURE_7_LEADER, 8];
      expect(statusOf(c, 1)).toMatchObject({ role: Role.Leader, term: 8, commit: 11 });
      expect(termsOf(c.node(2))).toEqual(expected);
      expect(statusOf(c, 2).commit).toBe(11);
      const rejected = c.delivered.filter((m) => m.type === MessageType.AppResp && m.from === 2 && m.reject);
      expect(rejected).toHaveLength(rejections);
    },
  );

  // Reference: thesis §10.2.2 (pipelining): the leader streams AppendEntries without waiting for each answer,
  // within a bounded window of messages and bytes in flight.
  it.each([
    { bound: 'inflightMsgsMax 3', options: { inflightMsgsMax: 3 }, payload: 'abcd', inFlight: 3 },
    { bound: 'inflightBytesMax 10', options: { inflightMsgsMax: 100, inflightBytesMax: 10 }, payload: 'abcdef', inFlight: 2 },
  ])('in replicate state the leader keeps several AppendEntries in flight, bounded by $bound', ({ options, payload, inFlight }) => {
    const c = TestCluster.bootstrap(3, options);
    c.elect(1);
    c.dropIf = (m) => m.type === MessageType.AppResp; // nothing is acknowledged: the window only fills
    for (let i = 0; i < 5; i++) c.node(1).raw.propose(bytes(payload));
    const before = c.delivered.length;
    c.stabilize();
    const apps = c.delivered.slice(before).filter((m) => m.type === MessageType.App && m.to === 2);
    expect(apps.map((m) => m.entries.map((e) => e.index))).toEqual([[3], [4], [5], [6], [7]].slice(0, inFlight));
    c.dropIf = null;
    runTicks(c, 1); // a heartbeat answer frees a slot; the acknowledgements then drain the window
    expect(statusOf(c, 2)).toMatchObject({ lastIndex: 7, commit: 7 });
  });

  // Reference: §5.3 / thesis §10.2.2: until the leader knows where a follower's log matches, it sends one
  // AppendEntries and waits for the answer.
  it('a follower in probe state gets one AppendEntries at a time', () => {
    const c = TestCluster.bootstrap(3);
    c.dropIf = (m) => m.type === MessageType.AppResp;
    c.elect(1);
    for (const data of ['a', 'b', 'c']) c.node(1).raw.propose(bytes(data));
    c.stabilize();
    const apps = c.delivered.filter((m) => m.type === MessageType.App && m.to === 2);
    expect(apps.map((m) => m.entries.map((e) => e.index))).toEqual([[2]]);
    c.dropIf = null;
    runTicks(c, 1);
    expect(statusOf(c, 1).progress.get(2 as NodeId)).toMatchObject({ state: 'replicate', match: 5 });
  });
});

describe('§5.3 / §5.4.2 commitment against a naive twin', () => {
  // Reference: §5.3 "committed once ... replicated it on a majority"; §5.4.2 "Only log entries from the
  // leader's current term are committed by counting replicas". The twin takes, from the top of the log, the
  // first index of the current term that a majority of voters holds.
  it('the leader commits the largest index of its own term held by a majority of voters; learners do not count', () => {
    const scenario = fc.record({
      votersCount: fc.integer({ min: 1, max: 7 }),
      learnersCount: fc.integer({ min: 0, max: 2 }),
      earlierTerms: fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 8 }),
      proposalsCount: fc.integer({ min: 0, max: 4 }),
      matchSeeds: fc.array(fc.nat(), { minLength: 9, maxLength: 9 }),
    });
    fc.assert(
      fc.property(scenario, ({ votersCount, learnersCount, earlierTerms, proposalsCount, matchSeeds }) => {
        const voters = Array.from({ length: votersCount }, (_, i) => i + 1);
        const learners = Array.from({ length: learnersCount }, (_, i) => votersCount + i + 1);
        const terms = [1, ...earlierTerms.sort((a, b) => a - b)];
        const storage = storageWithLog(voters, { terms }, learners);
        const raw = new RawNode({ id: 1 as NodeId, storage, rng: new SeededRng(1), preVote: false });
        raw.campaign();
        const leaderTerm = raw.status().term;
        for (const v of voters.slice(1)) raw.step(msg(MessageType.VoteResp, v, 1, leaderTerm));
        for (let i = 0; i < proposalsCount; i++) raw.propose(bytes(`p${i}`));
        // The leader's own copy counts once it is durable: persist it as a host would.
        const rd = raw.ready();
        storage.append(rd.entries);
        if (rd.hardState !== null) storage.setHardState(rd.hardState);
        raw.advance();
        const { role, lastIndex } = raw.status();
        expect(role).toBe(Role.Leader);
        const termAt = (index: number): number => terms[index - 1] ?? leaderTerm;

        const match = new Map<number, number>([[1, lastIndex]]);
        [...voters.slice(1), ...learners].forEach((id, i) => match.set(id, matchSeeds[i]! % (lastIndex + 1)));
        for (const [id, index] of match) if (id !== 1) raw.step(msg(MessageType.AppResp, id, 1, leaderTerm, { index }));

        let expected = 1;
        for (let index = lastIndex; index > 1; index--) {
          const holders = voters.filter((v) => match.get(v)! >= index).length;
          if (2 * holders > voters.length && termAt(index) === leaderTerm) {
            expected = index;
            break;
          }
        }
        expect(raw.status().commit).toBe(expected);
      }),
    );
  });
});

/**
 * Figure 8: S1 (leader of term 2) wrote index 2 and crashed; S5 led term 3 and wrote its own index 2. Now S1
 * is elected for term 4 (votes of S2 and S3) and copies its term-2 entry to S2 and S3; its own term-4 entry
 * (index 3) is lost on every link that would deliver it. S4 and S5 are partitioned away.
 */
function figure8c(): TestCluster {
  const c = clusterWithLogs(
    [
      { terms: [1, 2], term: 3 },
      { terms: [1], term: 3 },
      { terms: [1], term: 3 },
      { terms: [1], term: 3 },
      { terms: [1, 3], term: 4 },
    ],
    // The paper's scenario has neither pre-vote nor leases; one entry per AppendEntries.
    { checkQuorum: false, preVote: false, msgBytesMax: 1 },
  );
  c.partition([1, 2, 3], [4, 5]);
  c.dropIf = (m) =>
    m.type === MessageType.App && m.entries.some((e) => e.index === 3) && c.node(m.to).storage.lastIndex() >= 2;
  c.elect(1);
  return c;
}

describe('§5.4 safety', () => {
  // Reference: §5.4.1 "If the logs have last entries with different terms, then the log with the later term is
  // more up-to-date. If the logs end with the same term, then whichever log is longer is more up-to-date."
  describe.each([
    { name: 'RequestVote', type: MessageType.Vote },
    { name: 'PreVote', type: MessageType.PreVote },
  ])('a voter whose log ends at index 5, term 3, asked by $name', ({ type }) => {
    it.each([
      { lastTerm: 2, lastIndex: 10, granted: false },
      { lastTerm: 3, lastIndex: 4, granted: false },
      { lastTerm: 3, lastIndex: 5, granted: true },
      { lastTerm: 3, lastIndex: 6, granted: true },
      { lastTerm: 4, lastIndex: 1, granted: true },
    ])('answers a candidate whose log ends at index $lastIndex, term $lastTerm: granted=$granted', ({ lastTerm, lastIndex, granted }) => {
      const c = loneNode({ terms: [1, 1, 3, 3, 3] });
      c.node(1).raw.step(msg(type, 2, 1, 4, { index: lastIndex, logTerm: lastTerm }));
      const [resp, ...rest] = sent(c, 1);
      expect(rest).toEqual([]);
      expect(resp).toMatchObject({ to: 2, reject: !granted });
      expect(resp!.type).toBe(type === MessageType.Vote ? MessageType.VoteResp : MessageType.PreVoteResp);
    });
  });

  // Reference: §5.4.2 Figure 8 (c): "a log entry from term 2 has been replicated on a majority of the servers,
  // but it is not committed"; (e): once S1 replicates an entry from its current term on a majority, it is committed.
  it('Figure 8 (c, e): a previous-term entry on a majority is not committed until an entry of the current term is', () => {
    const c = figure8c();
    expect(statusOf(c, 1)).toMatchObject({ role: Role.Leader, term: 4, lastIndex: 3, commit: 1 });
    expect([1, 2, 3].map((id) => termsOf(c.node(id)))).toEqual([[1, 2, 4], [1, 2], [1, 2]]);
    const progress = statusOf(c, 1).progress;
    expect([2, 3].map((id) => progress.get(id as NodeId)?.match)).toEqual([2, 2]);

    c.dropIf = null;
    runTicks(c, 1);
    expect(statusOf(c, 1).commit).toBe(3);
    expect(c.node(1).applied.map((e) => [e.index, e.term])).toEqual([[1, 1], [2, 2], [3, 4]]);
  });

  // Reference: §5.4.2 Figure 8 (d): "If S1 crashes as in (d), S5 could be elected leader (with votes from S2, S3,
  // and S4) and overwrite the entry with its own entry from term 3" — which is why S1 did not commit it.
  it('Figure 8 (d): the uncommitted term-2 entry on a majority is overwritten by the leader of term 5', () => {
    const c = figure8c();
    c.dropIf = null;
    c.heal();
    c.isolate(1);
    c.elect(5);
    expect(statusOf(c, 5)).toMatchObject({ role: Role.Leader, term: 5 });
    expect([2, 3, 4].map((id) => termsOf(c.node(id)))).toEqual([[1, 3, 5], [1, 3, 5], [1, 3, 5]]);
    expect(c.node(1).applied.map((e) => e.index)).toEqual([1]); // S1 never applied index 2
  });

  // Reference: §5.4.1 "a candidate must contact a majority of the cluster in order to be elected, which means
  // that every committed entry must be present in at least one of those servers" (Figure 8 (e)).
  it('Figure 8 (e): once the term-4 entry is committed, S5, which lacks it, cannot be elected', () => {
    const c = figure8c();
    c.dropIf = null;
    runTicks(c, 1);
    c.heal();
    c.isolate(1);
    c.node(5).raw.campaign();
    c.stabilize();
    expect(statusOf(c, 5)).toMatchObject({ role: Role.Candidate, term: 5 }); // two grants of five: not elected
    const answers = c.delivered.filter((m) => m.type === MessageType.VoteResp && m.to === 5);
    expect(answers.map(({ from, reject }) => ({ from, reject }))).toEqual([
      { from: 2, reject: true },
      { from: 3, reject: true },
      { from: 4, reject: false },
    ]);
    expect([2, 3].map((id) => termsOf(c.node(id)))).toEqual([[1, 2, 4], [1, 2, 4]]);
  });

  // Reference: §5.4.1 "The RequestVote RPC implements this restriction ... the voter denies its vote if its own
  // log is more up-to-date than that of the candidate."
  it('a node lacking a committed entry is refused by the majority that holds it, and a node holding it wins', () => {
    const c = TestCluster.bootstrap(3, { preVote: false, checkQuorum: false });
    c.elect(1);
    c.isolate(3);
    c.node(1).raw.propose(bytes('x'));
    c.stabilize();
    c.heal();
    c.isolate(1);
    c.node(3).raw.campaign();
    c.stabilize();
    expect(statusOf(c, 3)).toMatchObject({ role: Role.Candidate, term: 3 });
    const answer = c.delivered.filter((m) => m.type === MessageType.VoteResp && m.to === 3);
    expect(answer.map(({ from, reject }) => ({ from, reject }))).toEqual([{ from: 2, reject: true }]);
    c.elect(2);
    expect(statusOf(c, 2)).toMatchObject({ role: Role.Leader, term: 4 });
    expect(c.payloads(3)).toEqual(['x']);
  });
});
