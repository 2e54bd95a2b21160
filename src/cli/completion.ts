/**
 * `cairn completion bash|zsh`: a shell completion script for the commands,
 * subcommands and flags of this build, generated from the command registry
 * so it never lists a verb or flag that does not exist. zsh runs the bash
 * function through its bashcompinit layer.
 */
import { UsageError } from './args.js';
import type { Command } from './command.js';
import { defineCommand } from './command.js';
import { EXIT_OK } from './output.js';

const SHELLS = ['bash', 'zsh'] as const;
const TOP_LEVEL_FLAGS = ['--help', '--version'];

/** A case pattern matching exactly these words, or these words followed by more. */
const exactly = (words: string): string => `"${words}"`;
const startingWith = (words: string): string => `"${words} "*`;

/** The bash completion function for `commands`. */
export function bashCompletion(commands: readonly Command[]): string {
  const groups = new Map<string, string[]>();
  for (const command of commands) {
    const [first, ...rest] = command.name.split(' ');
    if (rest.length > 0) groups.set(first!, [...(groups.get(first!) ?? []), rest.join(' ')]);
  }
  const topLevel = [...new Set(commands.map((command) => command.name.split(' ')[0]!)), ...TOP_LEVEL_FLAGS];
  const cases = [
    `    "") candidates="${topLevel.join(' ')}" ;;`,
    ...[...groups].map(([group, subcommands]) => `    ${exactly(group)}) candidates="${subcommands.join(' ')}" ;;`),
    ...commands.map((command) => {
      const flags = [...Object.keys(command.flags).map((flag) => `--${flag}`), '--help'];
      return `    ${exactly(command.name)}|${startingWith(command.name)}) candidates="${flags.join(' ')}" ;;`;
    }),
  ];
  return [
    '# cairn completion (bash): source <(cairn completion bash)',
    '_cairn() {',
    '  local cur="${COMP_WORDS[COMP_CWORD]}"',
    '  local typed="${COMP_WORDS[*]:1:COMP_CWORD-1}"',
    '  local candidates=""',
    '  case "$typed" in',
    ...cases,
    '  esac',
    '  COMPREPLY=($(compgen -W "$candidates" -- "$cur"))',
    '}',
    'complete -F _cairn cairn',
    '',
  ].join('\n');
}

export function completionScript(shell: string, commands: readonly Command[]): string {
  if (shell === 'bash') return bashCompletion(commands);
  if (shell === 'zsh') return ['# cairn completion (zsh): source <(cairn completion zsh)', 'autoload -U +X bashcompinit && bashcompinit', bashCompletion(commands)].join('\n');
  throw new UsageError(`completion: expected one of ${SHELLS.join(', ')}, got ${JSON.stringify(shell)}`);
}

export const completion = defineCommand({
  name: 'completion',
  summary: 'print a shell completion script (bash or zsh): source <(cairn completion bash)',
  positionals: ['shell'],
  flags: {},
  run: async ({ io, args }) => {
    // Loaded when run: the registry imports this command.
    const { COMMANDS } = await import('./run.js');
    io.stdout(completionScript(args.shell, COMMANDS));
    return EXIT_OK;
  },
});
