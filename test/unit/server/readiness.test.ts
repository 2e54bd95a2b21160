import { describe, expect, it } from 'vitest';
import type { Status } from '../../../src/raft/index.js';
import { Role } from '../../../src/raft/index.js';
import { NOT_READY_REPEAT_MS, ReadinessLog, groupNotReady } from '../../../src/server/readiness.js';

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

  it('a node that stays not ready says why at once and then every repeat interval, and says when it is ready', () => {
    const { lines, logger } = recordingLogger();
    const log = new ReadinessLog(logger);
    log.observe('group 5 has no leader', 1_000);
    log.observe('group 5 has no leader', 1_000 + NOT_READY_REPEAT_MS - 1);
    log.observe('group 6 is catching up', 1_000 + NOT_READY_REPEAT_MS);
    log.observe(undefined, 1_000 + NOT_READY_REPEAT_MS + 500);
    log.observe(undefined, 1_000 + NOT_READY_REPEAT_MS + 1_500);
    expect(lines).toEqual([
      ['warn', { reason: 'group 5 has no leader', notReadyMs: 0 }, 'not ready'],
      ['warn', { reason: 'group 6 is catching up', notReadyMs: NOT_READY_REPEAT_MS }, 'not ready'],
      ['info', { notReadyMs: NOT_READY_REPEAT_MS + 500 }, 'ready'],
    ]);
  });

  it('a ready node that falls behind says so at once, however recently it last did', () => {
    const { lines, logger } = recordingLogger();
    const log = new ReadinessLog(logger);
    log.observe('no metadata leader', 0);
    log.observe(undefined, 100);
    log.observe('group 3 has no leader', 200);
    expect(lines.map(([level, fields]) => [level, fields])).toEqual([
      ['warn', { reason: 'no metadata leader', notReadyMs: 0 }],
      ['info', { notReadyMs: 100 }],
      ['warn', { reason: 'group 3 has no leader', notReadyMs: 0 }],
    ]);
  });
});
