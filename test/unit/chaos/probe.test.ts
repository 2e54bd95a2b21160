/** The capability probe: each capability the kinds need is tried once; a kind that cannot run here stops an every-kind run or leaves the schedule. */
import { describe, expect, it } from 'vitest';
import { decideKinds, formatProbes, probeCapabilities } from '../../chaos/probe.js';
import type { Capability, CapabilityProbes } from '../../chaos/probe.js';
import { NEMESIS_KINDS } from '../../chaos/schedule.js';

/** Probes that succeed, except those named, which fail as a missing tool would. */
function probes(failing: readonly Capability[], tried: Capability[]): CapabilityProbes {
  const probe = (capability: Capability) => async (): Promise<string> => {
    tried.push(capability);
    if (failing.includes(capability)) throw new Error(`${capability}: not found`);
    return `${capability} done`;
  };
  return { docker: probe('docker'), sigstop: probe('sigstop'), iptables: probe('iptables'), nft: probe('nft'), tc: probe('tc') };
}

describe('capability probe', () => {
  it('tries each capability the kinds need once, and only those', async () => {
    const tried: Capability[] = [];
    await probeCapabilities(['partition-halves', 'partition-leader', 'pause'], probes([], tried));
    expect(tried).toEqual(['iptables', 'sigstop']);
  });

  it('prints one line per kind, with why a kind cannot run', async () => {
    const results = await probeCapabilities(NEMESIS_KINDS, probes(['tc'], []));
    const lines = formatProbes(NEMESIS_KINDS, results);
    expect(lines).toHaveLength(NEMESIS_KINDS.length);
    expect(lines.find((line) => line.startsWith('slow'))).toMatch(/NO .*tc: not found$/);
    expect(lines.find((line) => line.startsWith('pause'))).toMatch(/yes .*sigstop done$/);
  });

  it('keeps every kind when every capability is there', async () => {
    const results = await probeCapabilities(NEMESIS_KINDS, probes([], []));
    expect(decideKinds(NEMESIS_KINDS, results, true)).toEqual({ kinds: NEMESIS_KINDS });
  });

  it('stops an every-kind run before the workload when a kind cannot run here', async () => {
    const results = await probeCapabilities(NEMESIS_KINDS, probes(['nft'], []));
    const decision = decideKinds(NEMESIS_KINDS, results, true);
    expect(decision.error).toBe("--every-kind: loss cannot run on this machine (nftables in a node's network namespace: nft: not found)");
  });

  it('drops the kinds that cannot run here from any other run, with a warning', async () => {
    const results = await probeCapabilities(NEMESIS_KINDS, probes(['sigstop', 'iptables'], []));
    const decision = decideKinds(NEMESIS_KINDS, results, false);
    expect(decision.kinds).toEqual(['kill', 'loss', 'slow', 'rolling-restart']);
    expect(decision.error).toBeUndefined();
    expect(decision.warning).toMatch(/^pause, partition-halves, partition-leader, partition-bridge, partition-one-way cannot run on this machine and left the schedule/);
  });
});
