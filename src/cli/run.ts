/** The `cairn` command: finds the subcommand, parses its flags, runs it, and turns errors into exit codes. */
import { parseCommandArgs, UsageError } from './args.js';
import type { FlagSpec, FlagSpecs } from './args.js';
import { clusterStatus } from './cluster.js';
import { completion } from './completion.js';
import { consume } from './consume.js';
import { didYouMean } from './did-you-mean.js';
import { groupDelete, groupDescribe, groupList, groupResetOffsets } from './group.js';
import type { Command } from './command.js';
import type { CliIo } from './io.js';
import { nodeDrain } from './node.js';
import { nodeDecommission, nodeRecommission, partitionMove, partitionMoves } from './partition.js';
import { EXIT_OK, EXIT_USAGE, renderColumns, reportError } from './output.js';
import { produce } from './produce.js';
import { serve } from './serve.js';
import { aclCreate, aclDelete, aclList, userCreate, userDelete, userList } from './security.js';
import { topicAddPartitions, topicCreate, topicDelete, topicDescribe, topicList } from './topic.js';
import { topicAlterConfig, topicConfigs } from './topic-configs.js';
import { topicDeleteRecords } from './topic-delete-records.js';
import { cliVersion } from './version.js';

export const COMMANDS: readonly Command[] = [
  serve,
  topicCreate,
  topicDelete,
  topicList,
  topicDescribe,
  topicAddPartitions,
  topicConfigs,
  topicAlterConfig,
  topicDeleteRecords,
  produce,
  consume,
  groupList,
  groupDescribe,
  groupDelete,
  groupResetOffsets,
  clusterStatus,
  nodeDrain,
  nodeDecommission,
  nodeRecommission,
  partitionMove,
  partitionMoves,
  completion,
  userCreate,
  userDelete,
  userList,
  aclCreate,
  aclDelete,
  aclList,
];

const HELP_FLAG = { help: { type: 'boolean', short: 'h', help: 'show this help' } } as const satisfies FlagSpecs;

function commandList(commands: readonly Command[]): string {
  return renderColumns(commands.map((command) => [command.name, command.summary]), '  ');
}

export function mainHelp(): string {
  return (
    'cairn: a Raft-replicated message log\n\n' +
    'usage: cairn <command> [flags]\n\n' +
    `commands:\n${commandList(COMMANDS)}\n` +
    'run "cairn <command> --help" for the flags of a command, "cairn --version" for the version\n'
  );
}

export function commandHelp(command: Command): string {
  const positionals = command.positionals.map((name) => ` <${name}>`).join('');
  const flags = Object.entries({ ...command.flags, ...HELP_FLAG }).map(([name, spec]: [string, FlagSpec]) => {
    const short = spec.short === undefined ? '' : `-${spec.short}, `;
    const value = spec.type === 'string' ? ` ${spec.valueName ?? 'VALUE'}` : '';
    return [`${short}--${name}${value}`, spec.help];
  });
  return `usage: cairn ${command.name}${positionals} [flags]\n\n${command.summary}\n\nflags:\n${renderColumns(flags, '  ')}`;
}

/** The longest run of leading words that names a command, e.g. `topic create` in `topic create orders`. */
function findCommand(argv: readonly string[]): { command: Command | undefined; words: string[] } {
  const words: string[] = [];
  for (const word of argv) {
    if (word.startsWith('-')) break;
    words.push(word);
    const command = COMMANDS.find((candidate) => candidate.name === words.join(' '));
    if (command !== undefined) return { command, words };
  }
  return { command: undefined, words };
}

/** Runs `cairn <argv>`; resolves to the exit code. Never throws. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const { command, words } = findCommand(argv);
  const helpCommand = command === undefined ? 'cairn' : `cairn ${command.name}`;
  try {
    if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
      io.stdout(`cairn ${cliVersion()}\n`);
      return EXIT_OK;
    }
    if (command === undefined) return groupHelp(argv, words, io);
    const parsed = parseCommandArgs(argv.slice(words.length), { ...command.flags, ...HELP_FLAG });
    const { help, ...flags } = parsed.flags;
    if (help === true) {
      io.stdout(commandHelp(command));
      return EXIT_OK;
    }
    const missing = command.positionals[parsed.positionals.length];
    if (missing !== undefined) throw new UsageError(`${command.name}: missing <${missing}>`);
    const extra = parsed.positionals[command.positionals.length];
    if (extra !== undefined) throw new UsageError(`${command.name}: unexpected argument ${JSON.stringify(extra)}`);
    const args = Object.fromEntries(command.positionals.map((name, index) => [name, parsed.positionals[index] ?? '']));
    return await command.run({ io, flags, args });
  } catch (error) {
    return reportError(error, io, helpCommand);
  }
}

/** `cairn`, `cairn --help`, `cairn topic`, or an unknown command. */
function groupHelp(argv: readonly string[], words: readonly string[], io: CliIo): number {
  const helpAsked = argv.includes('--help') || argv.includes('-h');
  const prefix = words.join(' ');
  const group = COMMANDS.filter((command) => prefix !== '' && command.name.startsWith(`${prefix} `));
  if (group.length > 0) {
    io.stdout(`usage: cairn ${prefix} <command> [flags]\n\ncommands:\n${commandList(group)}`);
    return helpAsked ? EXIT_OK : EXIT_USAGE;
  }
  if (prefix === '') {
    io.stdout(mainHelp());
    return helpAsked ? EXIT_OK : EXIT_USAGE;
  }
  throw new UsageError(`unknown command ${JSON.stringify(prefix)}${suggestion(words)}`);
}

/**
 * `; did you mean "topic create"?` for `topic craete orders` or `topc
 * create`: the command nearest to the longest run of leading words that is
 * near one, else the command group nearest to the first word (`topc` →
 * `topic`).
 */
function suggestion(words: readonly string[]): string {
  const names = COMMANDS.map((command) => command.name);
  for (let count = words.length; count > 0; count--) {
    const guess = didYouMean(words.slice(0, count).join(' '), names);
    if (guess !== undefined) return `; did you mean ${JSON.stringify(guess)}?`;
  }
  const first = words[0] ?? '';
  const group = didYouMean(first, [...new Set(names.map((name) => name.split(' ')[0]!))]);
  return group === undefined || group === first ? '' : `; did you mean ${JSON.stringify(group)}?`;
}
