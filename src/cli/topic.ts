/** `cairn topic create|delete|list|describe|add-partitions`. */
import type { PartitionDescription, TopicDescription } from '../client/index.js';
import { positiveIntegerFlag, UsageError } from './args.js';
import { ADMIN_FLAGS, defineCommand, withAdmin } from './command.js';
import { EXIT_OK, print, renderColumns, renderTable } from './output.js';

const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`;
const nodeList = (ids: readonly number[]): string => (ids.length === 0 ? '-' : ids.join(','));

/** `in sync`, `under-replicated (2/3)`, or `offline` without a leader. */
export function partitionState(partition: PartitionDescription): string {
  if (partition.leader === undefined) return 'offline';
  if (partition.inSync.length < partition.replicas.length) return `under-replicated (${partition.inSync.length}/${partition.replicas.length})`;
  return 'in sync';
}

export function partitionRow(partition: PartitionDescription): string[] {
  return [
    String(partition.partition),
    partition.leader === undefined ? '-' : String(partition.leader),
    nodeList(partition.replicas),
    nodeList(partition.inSync),
    partitionState(partition),
  ];
}

export const PARTITION_HEADER = ['PARTITION', 'LEADER', 'REPLICAS', 'IN-SYNC', 'STATE'];

/** `KEY=VALUE` entries of a repeated flag (`--config`, `--set`), each key once. */
export function parseConfigs(entries: readonly string[], flag = 'config'): Record<string, string> {
  const configs: Record<string, string> = {};
  for (const entry of entries) {
    const split = entry.indexOf('=');
    const key = entry.slice(0, split);
    if (split <= 0) throw new UsageError(`--${flag}: expected key=value, got ${JSON.stringify(entry)}`);
    if (Object.hasOwn(configs, key)) throw new UsageError(`--${flag}: ${key} given twice`);
    configs[key] = entry.slice(split + 1);
  }
  return configs;
}

export const topicCreate = defineCommand({
  name: 'topic create',
  summary: 'create a topic',
  positionals: ['name'],
  flags: {
    partitions: { type: 'string', valueName: 'N', help: "number of partitions (default: the server's)" },
    'replication-factor': { type: 'string', valueName: 'R', help: "replicas per partition (default: the server's)" },
    config: { type: 'string', multiple: true, valueName: 'KEY=VALUE', help: 'a topic config; repeat for more' },
    ...ADMIN_FLAGS,
  },
  run: (context) => {
    const { flags, args, io } = context;
    const options = {
      name: args.name,
      partitions: positiveIntegerFlag('partitions', flags.partitions),
      replicationFactor: positiveIntegerFlag('replication-factor', flags['replication-factor']),
      configs: parseConfigs(flags.config),
    };
    return withAdmin(context, async (admin) => {
      const topic = await admin.createTopic(options);
      print(io, flags.json, topic, () => {
        const size = `${plural(topic.partitions.length, 'partition')}, replication factor ${topic.replicationFactor}`;
        return `created topic ${JSON.stringify(topic.name)} (${size})\n`;
      });
      return EXIT_OK;
    });
  },
});

export const topicDelete = defineCommand({
  name: 'topic delete',
  summary: 'delete a topic and its data',
  positionals: ['name'],
  flags: ADMIN_FLAGS,
  run: (context) =>
    withAdmin(context, async (admin) => {
      const { name } = context.args;
      await admin.deleteTopic(name);
      print(context.io, context.flags.json, { deleted: name }, () => `deleted topic ${JSON.stringify(name)}\n`);
      return EXIT_OK;
    }),
});

export const topicList = defineCommand({
  name: 'topic list',
  summary: 'list topics',
  positionals: [],
  flags: ADMIN_FLAGS,
  run: (context) =>
    withAdmin(context, async (admin) => {
      const topics = await admin.listTopics();
      print(context.io, context.flags.json, topics, () =>
        topics.length === 0
          ? 'no topics\n'
          : renderTable(
              ['NAME', 'PARTITIONS', 'REPLICATION-FACTOR'],
              topics.map((topic) => [topic.name, String(topic.partitions.length), String(topic.replicationFactor)]),
            ),
      );
      return EXIT_OK;
    }),
});

function describeTopicText(topic: TopicDescription): string {
  const configs = Object.entries(topic.configs).map(([key, value]) => `${key}=${value}`);
  const summary = renderColumns([
    ['topic:', topic.name],
    ['id:', topic.topicId],
    ['replication factor:', String(topic.replicationFactor)],
    ['configs:', configs.length === 0 ? '-' : configs.join(', ')],
  ]);
  return `${summary}\n${renderTable(PARTITION_HEADER, topic.partitions.map(partitionRow))}`;
}

export const topicDescribe = defineCommand({
  name: 'topic describe',
  summary: "show a topic's partitions, leaders and replicas",
  positionals: ['name'],
  flags: ADMIN_FLAGS,
  run: (context) =>
    withAdmin(context, async (admin) => {
      const topic = await admin.describeTopic(context.args.name);
      print(context.io, context.flags.json, topic, () => describeTopicText(topic));
      return EXIT_OK;
    }),
});

export const topicAddPartitions = defineCommand({
  name: 'topic add-partitions',
  summary: "grow a topic's partition count (keys may map to other partitions afterwards)",
  positionals: ['name'],
  flags: {
    partitions: { type: 'string', valueName: 'N', help: 'the partition count after the change (required; it can only grow)' },
    ...ADMIN_FLAGS,
  },
  run: (context) => {
    const { flags, args, io } = context;
    const totalPartitions = positiveIntegerFlag('partitions', flags.partitions);
    if (totalPartitions === undefined) throw new UsageError('--partitions is required');
    return withAdmin(context, async (admin) => {
      const topic = await admin.createPartitions({ name: args.name, totalPartitions });
      print(io, flags.json, topic, () => `topic ${JSON.stringify(topic.name)} has ${plural(topic.partitions.length, 'partition')}\n`);
      return EXIT_OK;
    });
  },
});
