/** `cairn partition move|moves` and `cairn node decommission|recommission`: where replicas live, changed while the cluster serves. */
import type { PartitionMoveDescription } from '../client/index.js';
import { positiveIntegerFlag, UsageError } from './args.js';
import { ADMIN_FLAGS, defineCommand, withAdmin } from './command.js';
import { EXIT_OK, print, renderTable } from './output.js';

const nodeList = (ids: readonly number[]): string => (ids.length === 0 ? '-' : ids.join(','));

/** `1,2,4` → [1, 2, 4]; order kept (the first is the preferred leader). */
export function parseReplicas(text: string | undefined): number[] {
  if (text === undefined) throw new UsageError('--replicas is required, e.g. --replicas 1,2,4');
  return text.split(',').map((part) => positiveIntegerFlag('replicas', part.trim()) as number);
}

/** A positional holding a count or id: `<what>` names it in the error. */
function integerArgument(what: string, text: string, min: 0 | 1): number {
  const value = Number(text);
  if (/^(0|[1-9][0-9]*)$/.test(text) && Number.isSafeInteger(value) && value >= min) return value;
  throw new UsageError(`<${what}>: expected ${min === 0 ? 'a non-negative' : 'a positive'} integer, got ${JSON.stringify(text)}`);
}

export const partitionMove = defineCommand({
  name: 'partition move',
  summary: 'move a partition to other nodes, one replica at a time (follow it with "cairn partition moves")',
  positionals: ['topic', 'partition'],
  flags: {
    replicas: { type: 'string', valueName: 'N,N,...', help: 'the replica set to move to, the preferred leader first (required)' },
    ...ADMIN_FLAGS,
  },
  run: (context) => {
    const { flags, args, io } = context;
    const partition = integerArgument('partition', args.partition, 0);
    const replicas = parseReplicas(flags.replicas);
    return withAdmin(context, async (admin) => {
      const moving = await admin.movePartition({ topic: args.topic, partition, replicas });
      const where = `partition ${partition} of ${JSON.stringify(args.topic)}`;
      print(io, flags.json, { topic: args.topic, partition, replicas, moving }, () =>
        moving ? `moving ${where} to ${replicas.join(',')}\n` : `${where} is already on ${replicas.join(',')}\n`,
      );
      return EXIT_OK;
    });
  },
});

/** `catching-up 4 (1,234 entries behind)`. */
function progressText(move: PartitionMoveDescription): string {
  const nodes = move.nodes.length === 0 ? '' : ` ${move.nodes.join(',')}`;
  const behind = move.entriesBehind > 0 ? ` (${move.entriesBehind.toLocaleString('en-US')} entries behind)` : '';
  return `${move.phase}${nodes}${behind}`;
}

export const partitionMoves = defineCommand({
  name: 'partition moves',
  summary: 'list partitions whose replicas are changing, with the phase of each',
  positionals: [],
  flags: ADMIN_FLAGS,
  run: (context) =>
    withAdmin(context, async (admin) => {
      const moves = await admin.listPartitionMoves();
      print(context.io, context.flags.json, moves, () =>
        moves.length === 0
          ? 'no partition is moving\n'
          : renderTable(
              ['TOPIC', 'PARTITION', 'REPLICAS', 'TARGET', 'REASON', 'PROGRESS'],
              moves.map((m) => [m.topic, String(m.partition), nodeList(m.replicas), nodeList(m.target), m.reason, progressText(m)]),
            ),
      );
      return EXIT_OK;
    }),
});

export const nodeDecommission = defineCommand({
  name: 'node decommission',
  summary: 'move every leadership and replica off a node, then take it out of the cluster ("cairn cluster status" shows its state)',
  positionals: ['node'],
  flags: ADMIN_FLAGS,
  run: (context) => {
    const node = integerArgument('node', context.args.node, 1);
    return withAdmin(context, async (admin) => {
      await admin.decommissionNode(node);
      print(context.io, context.flags.json, { decommissioning: node }, () => `decommissioning node ${node}: its replicas are moving away\n`);
      return EXIT_OK;
    });
  },
});

export const nodeRecommission = defineCommand({
  name: 'node recommission',
  summary: 'cancel a decommission: the node takes replicas and leaderships again',
  positionals: ['node'],
  flags: ADMIN_FLAGS,
  run: (context) => {
    const node = integerArgument('node', context.args.node, 1);
    return withAdmin(context, async (admin) => {
      await admin.recommissionNode(node);
      print(context.io, context.flags.json, { active: node }, () => `node ${node} is active\n`);
      return EXIT_OK;
    });
  },
});
