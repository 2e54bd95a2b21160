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
 */
import type { DockerCluster } from './docker-cluster.js';
import { inNetns, run } from './host-exec.js';

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

export async function partition(cluster: DockerCluster, grudge: Grudge): Promise<void> {
  await Promise.all(
    [...grudge].map(async ([node, peers]) => {
      const pid = await cluster.pid(node);
      for (const peer of peers) await inNetns(pid, 'iptables', ['-w', '-A', 'INPUT', '-s', cluster.node(peer).ip, '-j', 'DROP']);
    }),
  );
}

/** Node `node` drops `percent`% of the packets it receives from `peers`. */
export async function loss(cluster: DockerCluster, node: number, peers: readonly number[], percent: number): Promise<void> {
  const pid = await cluster.pid(node);
  const sources = peers.map((peer) => cluster.node(peer).ip).join(', ');
  await inNetns(pid, 'nft', ['add', 'table', 'inet', NFT_TABLE]);
  await inNetns(pid, 'nft', ['add', 'chain', 'inet', NFT_TABLE, 'input', '{ type filter hook input priority 0; policy accept; }']);
  await inNetns(pid, 'nft', ['add', 'rule', 'inet', NFT_TABLE, 'input', 'ip', 'saddr', `{ ${sources} }`, 'numgen', 'random', 'mod', '100', '<', String(percent), 'drop']);
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
export async function slow(cluster: DockerCluster, node: number, rateKbit: number): Promise<string> {
  const pid = await cluster.pid(node);
  const veth = await hostVeth(pid);
  const tbf = ['root', 'tbf', 'rate', `${rateKbit}kbit`, 'burst', TBF_BURST, 'latency', TBF_LATENCY];
  await run('tc', ['qdisc', 'replace', 'dev', veth, ...tbf]);
  await inNetns(pid, 'tc', ['qdisc', 'replace', 'dev', 'eth0', ...tbf]);
  return veth;
}

/** Removes every network fault from a running node. Errors of faults that are not there are ignored. */
export async function clear(cluster: DockerCluster, node: number): Promise<void> {
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
