/**
 * What this machine can do for each nemesis kind, tried on a running node
 * once the cluster is up and before the workload starts, so that a kind
 * that cannot run here is known at once rather than midway through a run.
 * Each kind needs one capability; each capability's probe does once, and
 * undoes, what that kind's faults do.
 */
import { waitFor } from '../integration/support/wait.js';
import type { DockerCluster } from './docker-cluster.js';
import { processState } from './host-exec.js';
import { networkProbes } from './net-faults.js';
import type { NemesisKind } from './schedule.js';

export type Capability = 'docker' | 'sigstop' | 'iptables' | 'nft' | 'tc';

export const KIND_NEEDS: Readonly<Record<NemesisKind, Capability>> = {
  kill: 'docker',
  'rolling-restart': 'docker',
  pause: 'sigstop',
  'partition-halves': 'iptables',
  'partition-leader': 'iptables',
  'partition-bridge': 'iptables',
  'partition-one-way': 'iptables',
  loss: 'nft',
  slow: 'tc',
};

const CAPABILITY_NAMES: Readonly<Record<Capability, string>> = {
  docker: 'Docker: kill, stop and start a container',
  sigstop: "SIGSTOP and SIGCONT of a node's processes from the host",
  iptables: "iptables in a node's network namespace",
  nft: "nftables in a node's network namespace",
  tc: "tc tbf on both ends of a node's veth",
};

/** One try of a capability: resolves to what it did, or rejects with why it cannot be done here. */
export type CapabilityProbes = Readonly<Record<Capability, () => Promise<string>>>;

export interface ProbeResult {
  readonly ok: boolean;
  /** What the probe did, or why it failed. */
  readonly detail: string;
}

/** Probes, one after the other, the capabilities the kinds need. */
export async function probeCapabilities(kinds: readonly NemesisKind[], probes: CapabilityProbes): Promise<Map<Capability, ProbeResult>> {
  const results = new Map<Capability, ProbeResult>();
  for (const capability of new Set(kinds.map((kind) => KIND_NEEDS[kind]))) {
    const result = await probes[capability]().then(
      (detail): ProbeResult => ({ ok: true, detail }),
      (error: unknown): ProbeResult => ({ ok: false, detail: error instanceof Error ? error.message : String(error) }),
    );
    results.set(capability, result);
  }
  return results;
}

/** One line per kind: whether it can run here, what it needs, and what the probe did or why it failed. */
export function formatProbes(kinds: readonly NemesisKind[], results: ReadonlyMap<Capability, ProbeResult>): string[] {
  const width = Math.max(...kinds.map((kind) => kind.length));
  return kinds.map((kind) => {
    const capability = KIND_NEEDS[kind];
    const result = results.get(capability);
    const verdict = result === undefined ? 'not probed' : result.ok ? 'yes' : 'NO ';
    return `${kind.padEnd(width)}  ${verdict}  ${CAPABILITY_NAMES[capability]}${result === undefined ? '' : `: ${result.detail}`}`;
  });
}

export interface KindsDecision {
  /** The kinds the schedule may use. */
  readonly kinds: readonly NemesisKind[];
  /** Set when the run must stop before the workload: with everyKind, a kind cannot run here. */
  readonly error?: string;
  /** Set when kinds were dropped from the schedule. */
  readonly warning?: string;
}

/** With everyKind, a kind that cannot run here stops the run; without it, the kind is dropped. */
export function decideKinds(kinds: readonly NemesisKind[], results: ReadonlyMap<Capability, ProbeResult>, everyKind: boolean): KindsDecision {
  const unable = kinds.filter((kind) => results.get(KIND_NEEDS[kind])?.ok !== true);
  if (unable.length === 0) return { kinds };
  const why = [...new Set(unable.map((kind) => KIND_NEEDS[kind]))].map((capability) => `${CAPABILITY_NAMES[capability]}: ${results.get(capability)?.detail ?? 'not probed'}`).join('; ');
  if (everyKind) return { kinds, error: `--every-kind: ${unable.join(', ')} cannot run on this machine (${why})` };
  return { kinds: kinds.filter((kind) => !unable.includes(kind)), warning: `${unable.join(', ')} cannot run on this machine and left the schedule (${why})` };
}

/** How long a signalled process may take to show its new state (one in a system call stops as it returns). */
const SIGNAL_SETTLE_TIMEOUT_MS = 10_000;

/** The probes of each capability on one running node of a Docker cluster. */
export function dockerProbes(cluster: DockerCluster, node: number): CapabilityProbes {
  return {
    docker: async () => {
      const { running } = await cluster.state(node);
      if (!running) throw new Error(`n${node} is not running`);
      return `n${node}'s container runs`;
    },
    sigstop: async () => {
      const how = await cluster.pause(node);
      const pids = [...cluster.pausedPids(node)];
      const states = async (): Promise<(string | undefined)[]> => Promise.all(pids.map(processState));
      try {
        await waitFor(`n${node}'s processes stopped`, async () => (await states()).every((state) => state === undefined || state === 'T'), {
          timeoutMs: SIGNAL_SETTLE_TIMEOUT_MS,
          intervalMs: 20,
        });
      } finally {
        await cluster.resume(node);
      }
      await waitFor(`n${node}'s processes continued`, async () => (await states()).every((state) => state !== 'T'), { timeoutMs: SIGNAL_SETTLE_TIMEOUT_MS, intervalMs: 20 });
      return `n${node}: ${how}, seen stopped in /proc, then SIGCONT`;
    },
    ...networkProbes(cluster, node),
  };
}
