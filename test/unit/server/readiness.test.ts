import { describe, expect, it } from 'vitest';
import type { Status } from '../../../src/raft/index.js';
import { Role } from '../../../src/raft/index.js';
import { CommitMarks, NOT_READY_LOG_AFTER_MS, NOT_READY_REPEAT_MS, ReadinessLog, groupNotReady } from '../../../src/server/readiness.js';

const status = (fields: Partial<Status>): Status => ({
  id: 1 as Status['id'],
  term: 7 as Status['term'],
  vote: 2 as Status['vote'],
  commit: 40 as Status['commit'],
  applied: 40 as Status['applied'],
  lead: 2 as Status['lead'],
  role: Role.Follower,
  conf: { voters: [1, 2, 3] as Status['id'][], learners: [] },
  lastIndex: 42 as Status['lastIndex'],
  progress: new Map(),
  ...fields,
});

function recordingLogger(): { lines: [string, Record<string, unknown>, string][]; logger: ConstructorParameters<typeof ReadinessLog>[0] } {
  const lines: [string, Record<string, unknown>, string][] = [];
  const at =
    (level: string) =>
    (fields: Record<string, unknown>, msg: string): void => {
      lines.push([level, fields, msg]);
    };
  return { lines, logger: { info: at('info'), warn: at('warn') } as unknown as ConstructorParameters<typeof ReadinessLog>[0] };
}

describe('readiness', () => {
  it('a group with a leader that has applied what it committed does not hold the node back', () => {
    expect(groupNotReady(5, status({}))).toBeUndefined();
  });

  it('a group without a leader is named with the state it is stuck in', () => {
    expect(groupNotReady(5, status({ lead: 0 as Status['lead'], role: Role.PreCandidate }))).toBe(
      'group 5 has no leader (term 7, pre-candidate, voted 2, commit 40, last 42)',
    );
  });

  it('a group that has not applied what it committed is named with how far behind it is', () => {
    expect(groupNotReady(5, status({ applied: 31 as Status['applied'] }))).toBe('group 5 is catching up (applied 31 of commit 40, leader 2)');
  });

  it('a group counts as caught up once it has applied what it had committed a round before', () => {
    const marks = new CommitMarks();
    const busy = status({ commit: 41 as Status['commit'], applied: 40 as Status['applied'] });
    // Not yet marked for a round: judged by its commit now.
    expect(groupNotReady(5, busy, marks.appliedFloor(5, busy))).toMatch(/catching up/);
    marks.mark(new Map([[5, 40]]));
    marks.mark(new Map([[5, 41]]));
    // An entry committed since the last round and not applied yet is no lag.
    expect(groupNotReady(5, busy, marks.appliedFloor(5, busy))).toBeUndefined();
    marks.mark(new Map([[5, 41]]));
    expect(groupNotReady(5, busy, marks.appliedFloor(5, busy))).toMatch(/catching up \(applied 40 of commit 41/);
  });

  it('a node says why it is not ready once that has lasted a while, then every repeat interval, and says when it is ready again', () => {
    const { lines, logger } = recordingLogger();
    const log = new ReadinessLog(logger);
    log.observe(undefined, 0);
    log.observe('group 5 has no leader', 1_000); // an election: too short to mention
    log.observe(undefined, 1_400);
    log.observe('group 6 is catching up', 2_000);
    log.observe('group 6 is catching up', 2_000 + NOT_READY_LOG_AFTER_MS);
    log.observe('group 6 is catching up', 2_000 + NOT_READY_LOG_AFTER_MS + NOT_READY_REPEAT_MS - 1);
    log.observe('group 7 is catching up', 2_000 + NOT_READY_LOG_AFTER_MS + NOT_READY_REPEAT_MS);
    log.observe(undefined, 20_000);
    log.observe(undefined, 21_000);
    expect(lines).toEqual([
      ['info', { notReadyMs: 0 }, 'ready'],
      ['warn', { reason: 'group 6 is catching up', notReadyMs: NOT_READY_LOG_AFTER_MS }, 'not ready'],
      ['warn', { reason: 'group 7 is catching up', notReadyMs: NOT_READY_LOG_AFTER_MS + NOT_READY_REPEAT_MS }, 'not ready'],
      ['info', { notReadyMs: 18_000 }, 'ready'],
    ]);
  });
});
