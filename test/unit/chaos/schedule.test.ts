/** The nemesis schedule: a function of the seed, covering every kind, never faulting a majority. */
import { describe, expect, it } from 'vitest';
import { NEMESIS_KINDS, planSchedule } from '../../chaos/schedule.js';
import type { PlannedFault, ScheduleOptions } from '../../chaos/schedule.js';

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

  it('holds its first pause beyond the request timeout, aimed at a leader, and changes no other fault', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const plain = planSchedule({ ...options, seed });
      const faults = planSchedule({ ...options, seed, pauseBeyondMs: 5_000 });
      const first = faults.findIndex((fault) => fault.kind === 'pause');
      expect(faults[first]!.holdMs).toBe(5_000 + plain[first]!.holdMs);
      expect(faults[first]!.leaderOf).toBeGreaterThanOrEqual(0);
      // The longer pause may leave room for one fault less at the end; the faults planned are otherwise the same.
      const others = (planned: typeof faults): PlannedFault[] => planned.slice(0, faults.length).filter((_, i) => i !== first);
      expect(others(faults)).toEqual(others(plain));
    }
  });

  it('holds a whole round of every kind, marked required, however short the run, when asked to', () => {
    const short = { ...options, durationMs: 10_000 };
    expect(new Set(planSchedule(short).map((fault) => fault.kind)).size).toBeLessThan(NEMESIS_KINDS.length);
    const faults = planSchedule({ ...short, everyKind: true });
    expect(new Set(faults.map((fault) => fault.kind))).toEqual(new Set(NEMESIS_KINDS));
    expect(faults.every((fault) => fault.required === true)).toBe(true);
    expect(planSchedule({ ...options, everyKind: true }).filter((fault) => fault.required === true)).toHaveLength(NEMESIS_KINDS.length);
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
