/** The nemesis schedule: a function of the seed, covering every kind, never faulting a majority. */
import { describe, expect, it } from 'vitest';
import { NEMESIS_KINDS, planSchedule } from '../../chaos/schedule.js';
import type { ScheduleOptions } from '../../chaos/schedule.js';

const options: ScheduleOptions = { seed: 42, durationMs: 300_000, nodes: 5, partitions: 6, kinds: NEMESIS_KINDS };

describe('nemesis schedule', () => {
  it('is the same for the same seed and differs for another', () => {
    expect(planSchedule(options)).toEqual(planSchedule(options));
    expect(planSchedule({ ...options, seed: 43 })).not.toEqual(planSchedule(options));
  });

  it('uses every kind in its first round', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const kinds = planSchedule({ ...options, seed }).slice(0, NEMESIS_KINDS.length).map((fault) => fault.kind);
      expect(new Set(kinds)).toEqual(new Set(NEMESIS_KINDS));
    }
  });

  it('fits a 5-minute run with room for more than one round', () => {
    expect(planSchedule(options).length).toBeGreaterThan(NEMESIS_KINDS.length);
  });

  it('takes only the kinds allowed', () => {
    const faults = planSchedule({ ...options, kinds: ['kill', 'partition-leader'] });
    expect(new Set(faults.map((fault) => fault.kind))).toEqual(new Set(['kill', 'partition-leader']));
    expect(planSchedule({ ...options, kinds: [] })).toEqual([]);
  });

  it('kills or pauses only a minority, orders every node, and aims partition-leader at a leader', () => {
    for (const nodes of [3, 5]) {
      for (const fault of planSchedule({ ...options, nodes })) {
        expect([...fault.order].sort()).toEqual(Array.from({ length: nodes }, (_, ordinal) => ordinal));
        if (fault.count !== undefined) expect(fault.count).toBeLessThanOrEqual(Math.floor((nodes - 1) / 2));
        if (fault.kind === 'partition-leader') expect(fault.leaderOf).toBeGreaterThanOrEqual(0);
        if (fault.leaderOf !== undefined) expect(fault.leaderOf).toBeLessThan(options.partitions);
      }
    }
  });
});
