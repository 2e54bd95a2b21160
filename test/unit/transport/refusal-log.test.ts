import { describe, expect, it } from 'vitest';
import { RefusalLog } from '../../../src/transport/refusal-log.js';
import type { LogLine } from './helpers.js';
import { recordingLogger } from './helpers.js';

describe('RefusalLog', () => {
  it('logs the first refusal of each reason per window, and how many more there were when the next window opens', () => {
    const lines: LogLine[] = [];
    const clock = { nowMs: 0 };
    const log = new RefusalLog(recordingLogger(lines), 'more peer hellos refused than were logged', () => clock.nowMs, 10_000);
    for (let i = 0; i < 1_000; i++) log.refused('not-a-member', { i }, 'peer stream refused');
    log.refused('wrong-cluster', { i: 'other' }, 'peer stream refused');
    expect(lines.map((l) => l.fields)).toEqual([{ i: 0 }, { i: 'other' }]);

    clock.nowMs = 10_000;
    log.refused('not-a-member', { i: 'next window' }, 'peer stream refused');
    expect(lines.slice(2)).toEqual([
      { level: 'warn', fields: { refused: 999, windowMs: 10_000 }, message: 'more peer hellos refused than were logged' },
      { level: 'warn', fields: { i: 'next window' }, message: 'peer stream refused' },
    ]);
  });
});
