/**
 * Network faults between nodes, applied in each container's network
 * namespace from the host (the kernel here has no netem):
 *
 * - partitions: iptables drops packets from the peers a node must not hear;
 *   only traffic between nodes is cut, so the test's clients still reach
 *   every node, as Jepsen's do;
 * - loss: an nftables rule drops a share of the packets from peers
 *   (`numgen random mod 100 < P`);
 * - slow link: a token bucket (tc tbf) on both ends of the node's veth pair:
 *   the host's end shapes what the node receives, the node's end what it sends.
 *
 * clear() undoes all of them on a node; it is safe to call at any time.
 * networkFaults() gathers them behind the interface the nemesis uses, and
 * networkProbes() tries each tool once on a node, before any fault.
 */
import { inNetns, run } from './host-exec.js';

/** What the network faults need of a cluster: each node's process on the host (its namespace) and its address. */
export interface NetNodes {
  pid(id: number): Promise<number>;
  node(id: number): { readonly ip: string };
}

/** The network faults as the nemesis uses them. */
export interface NetworkFaults {
  partition(grudge: Grudge): Promise<void>;
  loss(node: number, peers: readonly number[], percent: number): Promise<void>;
  /** Returns the name of the host's end of the node's link. */
  slow(node: number, rateKbit: number): Promise<string>;
  clear(node: number): Promise<void>;
}

export function networkFaults(cluster: NetNodes): NetworkFaults {
  return {
    partition: (grudge) => partition(cluster, grudge),
    loss: (node, peers, percent) => loss(cluster, node, peers, percent),
    slow: (node, rateKbit) => slow(cluster, node, rateKbit),
    clear: (node) => clear(cluster, node),
  };
}

const NFT_TABLE = 'cairn_chaos';
/** Bucket size and queueing bound of a slowed link; packets waiting longer are dropped. */
const TBF_BURST = '32kbit';
const TBF_LATENCY = '500ms';

/** Which peers each node drops: node id → ids it must not hear. */
export type Grudge = ReadonlyMap<number, readonly number[]>;

/** Each node of `from` stops hearing each node of `to`, and the other way round. */
export function cut(from: readonly number[], to: readonly number[]): Map<number, number[]> {
  const grudge = new Map<number, number[]>();
  const add = (node: number, peers: readonly number[]): void => {
    grudge.set(node, [...(grudge.get(node) ?? []), ...peers]);
  };
  for (const node of from) add(node, to);
  for (const node of to) add(node, from);
  return grudge;
}

export function describeGrudge(grudge: Grudge): string {
  return [...grudge].map(([node, peers]) => `n${node} hears none of ${peers.map((peer) => `n${peer}`).join(',')}`).join('; ');
}

export async function partition(cluster: NetNodes, grudge: Grudge): Promise<void> {
  await Promise.all(
    [...grudge].map(async ([node, peers]) => {
      const pid = await cluster.pid(node);
      for (const peer of peers) await inNetns(pid, 'iptables', ['-w', '-A', 'INPUT', '-s', cluster.node(peer).ip, '-j', 'DROP']);
    }),
  );
}

/** Node `node` drops `percent`% of the packets it receives from `peers`. */
export async function loss(cluster: NetNodes, node: number, peers: readonly number[], percent: number): Promise<void> {
  await dropShare(await cluster.pid(node), peers.map((peer) => cluster.node(peer).ip), percent);
}

async function dropShare(pid: number, sources: readonly string[], percent: number): Promise<void> {
  await inNetns(pid, 'nft', ['add', 'table', 'inet', NFT_TABLE]);
  await inNetns(pid, 'nft', ['add', 'chain', 'inet', NFT_TABLE, 'input', '{ type filter hook input priority 0; policy accept; }']);
  await inNetns(pid, 'nft', ['add', 'rule', 'inet', NFT_TABLE, 'input', 'ip', 'saddr', `{ ${sources.join(', ')} }`, 'numgen', 'random', 'mod', '100', '<', String(percent), 'drop']);
}

/** The host's end of the node's veth pair: the interface whose index is the container eth0's iflink. */
async function hostVeth(pid: number): Promise<string> {
  const link = await inNetns(pid, 'ip', ['-o', 'link', 'show', 'dev', 'eth0']);
  const peerIndex = /@if(\d+):/.exec(link)?.[1];
  if (peerIndex === undefined) throw new Error(`cannot find the peer of eth0 in: ${link.trim()}`);
  const hostLinks = await run('ip', ['-o', 'link', 'show']);
  const name = new RegExp(`^${peerIndex}: ([^@:]+)`, 'm').exec(hostLinks)?.[1];
  if (name === undefined) throw new Error(`no host interface with index ${peerIndex}`);
  return name;
}

/** Shapes the node's link to `rateKbit` in each direction. */
export async function slow(cluster: NetNodes, node: number, rateKbit: number): Promise<string> {
  return shape(await cluster.pid(node), rateKbit);
}

async function shape(pid: number, rateKbit: number): Promise<string> {
  const veth = await hostVeth(pid);
  const tbf = ['root', 'tbf', 'rate', `${rateKbit}kbit`, 'burst', TBF_BURST, 'latency', TBF_LATENCY];
  await run('tc', ['qdisc', 'replace', 'dev', veth, ...tbf]);
  await inNetns(pid, 'tc', ['qdisc', 'replace', 'dev', 'eth0', ...tbf]);
  return veth;
}

/** Removes every network fault from a running node. Errors of faults that are not there are ignored. */
export async function clear(cluster: NetNodes, node: number): Promise<void> {
  const pid = await cluster.pid(node);
  const absent = (error: unknown): void => {
    if (!/No such file|does not exist|Cannot delete qdisc with handle of zero|Cannot find device|No such device|Invalid handle/i.test(String(error))) throw error;
  };
  // Docker keeps its own rules (embedded DNS) in the nat table; the filter table is ours alone.
  await inNetns(pid, 'iptables', ['-w', '-F', 'INPUT']);
  await inNetns(pid, 'nft', ['delete', 'table', 'inet', NFT_TABLE]).catch(absent);
  await inNetns(pid, 'tc', ['qdisc', 'del', 'dev', 'eth0', 'root']).catch(absent);
  await run('tc', ['qdisc', 'del', 'dev', await hostVeth(pid), 'root']).catch(absent);
}

/** An address no node has (TEST-NET-1, RFC 5737): a rule for it is a real rule that drops nothing. */
const PROBE_ADDRESS = '192.0.2.1';
/** A link shaped this fast slows nothing the cluster sends. */
const PROBE_RATE_KBIT = 1_000_000;

/**
 * One try of each tool the network faults use, on one running node, each
 * undone at once: an iptables rule, an nftables table with the loss rule, a
 * tbf on both ends of the link. Each returns what it did, or throws why not.
 */
export function networkProbes(cluster: NetNodes, node: number): Record<'iptables' | 'nft' | 'tc', () => Promise<string>> {
  const rule = ['INPUT', '-s', PROBE_ADDRESS, '-j', 'DROP'];
  return {
    iptables: async () => {
      const pid = await cluster.pid(node);
      await inNetns(pid, 'iptables', ['-w', '-A', ...rule]);
      await inNetns(pid, 'iptables', ['-w', '-D', ...rule]);
      return `iptables -A/-D INPUT in n${node}'s namespace`;
    },
    nft: async () => {
      const pid = await cluster.pid(node);
      await dropShare(pid, [PROBE_ADDRESS], 0);
      await inNetns(pid, 'nft', ['delete', 'table', 'inet', NFT_TABLE]);
      return `nft table ${NFT_TABLE} with a numgen rule in n${node}'s namespace`;
    },
    tc: async () => {
      const pid = await cluster.pid(node);
      const veth = await shape(pid, PROBE_RATE_KBIT);
      await inNetns(pid, 'tc', ['qdisc', 'del', 'dev', 'eth0', 'root']);
      await run('tc', ['qdisc', 'del', 'dev', veth, 'root']);
      return `tc tbf on ${veth} and n${node}'s eth0`;
    },
  };
}
