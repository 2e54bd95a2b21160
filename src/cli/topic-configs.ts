/** `cairn topic configs` and `cairn topic alter-config`: a topic's configs with their sources, and changes to them. */
import type { Admin, TopicConfigEntry } from '../client/index.js';
import { CairnError } from '../client/index.js';
import { UsageError } from './args.js';
import { ADMIN_FLAGS, defineCommand, withAdmin } from './command.js';
import { didYouMean } from './did-you-mean.js';
import { EXIT_OK, print, renderTable } from './output.js';
import { parseConfigs } from './topic.js';

function configsTable(entries: readonly TopicConfigEntry[]): string {
  return renderTable(['KEY', 'VALUE', 'SOURCE'], entries.map((entry) => [entry.key, entry.value, entry.source]));
}

/**
 * The first key the server does not know, refused before any change with a
 * guess at what was meant. The server refuses it too, but only the CLI has
 * the typist's alternatives at hand.
 */
export function checkKnownKeys(keys: readonly string[], known: readonly string[]): void {
  const unknown = keys.find((key) => !known.includes(key));
  if (unknown === undefined) return;
  const guess = didYouMean(unknown, known);
  const hint = guess === undefined ? ` (known: ${known.join(', ')})` : `; did you mean ${JSON.stringify(guess)}?`;
  throw new CairnError('INVALID_CONFIG', `unknown topic config ${JSON.stringify(unknown)}${hint}`);
}

export const topicConfigs = defineCommand({
  name: 'topic configs',
  summary: "show every config of a topic: its value and whether the topic, the node or the built-in default sets it",
  positionals: ['name'],
  flags: ADMIN_FLAGS,
  run: (context) =>
    withAdmin(context, async (admin) => {
      const entries = await admin.describeTopicConfigs(context.args.name);
      print(context.io, context.flags.json, entries, () => configsTable(entries));
      return EXIT_OK;
    }),
});

async function alter(admin: Admin, name: string, set: Record<string, string>, reset: readonly string[]): Promise<TopicConfigEntry[]> {
  const known = (await admin.describeTopicConfigs(name)).map((entry) => entry.key);
  checkKnownKeys([...Object.keys(set), ...reset], known);
  return admin.alterTopicConfigs({ name, set, reset });
}

export const topicAlterConfig = defineCommand({
  name: 'topic alter-config',
  summary: "change a topic's configs; the partitions apply them without a restart",
  positionals: ['name'],
  flags: {
    set: { type: 'string', multiple: true, valueName: 'KEY=VALUE', help: 'give a config this value; repeat for more' },
    delete: { type: 'string', multiple: true, valueName: 'KEY', help: 'return a config to its default (the node’s or the built-in); repeat for more' },
    ...ADMIN_FLAGS,
  },
  run: (context) => {
    const { flags, args, io } = context;
    const set = parseConfigs(flags.set, 'set');
    const reset = [...new Set(flags.delete)];
    if (Object.keys(set).length === 0 && reset.length === 0) throw new UsageError('give at least one --set KEY=VALUE or --delete KEY');
    const both = reset.find((key) => Object.hasOwn(set, key));
    if (both !== undefined) throw new UsageError(`${both} is both in --set and in --delete`);
    return withAdmin(context, async (admin) => {
      const entries = await alter(admin, args.name, set, reset);
      print(io, flags.json, entries, () => `altered the configs of topic ${JSON.stringify(args.name)}\n${configsTable(entries)}`);
      return EXIT_OK;
    });
  },
});
