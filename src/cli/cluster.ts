/** `cairn cluster status`. */
import type { ClusterDescription, NodeDescription } from '../client/index.js';
import { ADMIN_FLAGS, defineCommand, withAdmin } from './command.js';
import { EXIT_OK, print, renderTable } from './output.js';
import { PARTITION_HEADER, partitionRow } from './topic.js';

export function formatAge(ms: number): string {
  return ms < 1_000 ? `${ms}ms` : ms < 60_000 ? `${(ms / 1_000).toFixed(1)}s` : `${Math.round(ms / 60_000)}m`;
}

function metadataRole(node: NodeDescription, controllerId: number | undefined): string {
  if (node.nodeId === controllerId) return 'leader';
  return node.metadataVoter ? 'voter' : '-';
}

function statusText(cluster: ClusterDescription): string {
  const controller = cluster.controllerId === undefined ? 'none (election in progress)' : `node ${cluster.controllerId}`;
  const nodes = renderTable(
    ['NODE', 'ADDRESS', 'RACK', 'LIVE', 'LAST-SEEN', 'METADATA', 'STATE'],
    cluster.nodes.map((node) => [
      String(node.nodeId),
      node.address,
      node.rack ?? '-',
      node.live ? 'yes' : 'no',
      `${formatAge(node.lastSeenMsAgo)} ago`,
      metadataRole(node, cluster.controllerId),
      node.state,
    ]),
  );
  const partitions = cluster.topics.flatMap((topic) => topic.partitions.map((partition) => [topic.name, ...partitionRow(partition)]));
  const partitionsText = partitions.length === 0 ? 'no topics\n' : renderTable(['TOPIC', ...PARTITION_HEADER], partitions);
  return `cluster ${cluster.clusterId}, metadata leader: ${controller}\n\n${nodes}\n${partitionsText}`;
}

export const clusterStatus = defineCommand({
  name: 'cluster status',
  summary: 'show nodes, the metadata leader, and every partition with its leader and replicas',
  positionals: [],
  flags: ADMIN_FLAGS,
  run: (context) =>
    withAdmin(context, async (admin) => {
      const cluster = await admin.describeCluster();
      print(context.io, context.flags.json, cluster, () => statusText(cluster));
      return EXIT_OK;
    }),
});
