/** The shape of a subcommand, and the flags and client session the admin commands share. */
import { Cairn } from '../client/index.js';
import type { Admin } from '../client/index.js';
import { positiveIntegerFlag } from './args.js';
import type { FlagSpecs, FlagValues } from './args.js';
import type { CliIo } from './io.js';
import { clientCredentials } from './credentials.js';

export interface CommandContext<S extends FlagSpecs, P extends string = string> {
  readonly io: CliIo;
  readonly flags: FlagValues<S>;
  /** The command's positionals, by the names in `Command.positionals`. */
  readonly args: Readonly<Record<P, string>>;
}

export interface Command<S extends FlagSpecs = FlagSpecs, P extends string = string> {
  /** The words that select it: `topic create`. */
  readonly name: string;
  readonly summary: string;
  /** Required positionals, in order. */
  readonly positionals: readonly P[];
  readonly flags: S;
  run(context: CommandContext<S, P>): Promise<number>;
}

/** Keeps the types of one command's flags and positionals while the registry holds all commands. */
export function defineCommand<S extends FlagSpecs, P extends string = never>(command: Command<S, P>): Command {
  return command as unknown as Command;
}

export const DEFAULT_BROKERS = '127.0.0.1:7070';
/** Shorter than the SDK's default: a person waits at the terminal. */
const CLI_REQUEST_TIMEOUT_MS = 5_000;

/** Flags of every command that talks to a cluster. */
export const CLIENT_FLAGS = {
  brokers: { type: 'string', valueName: 'HOST:PORT,...', help: `nodes to bootstrap from (env CAIRN_BROKERS, default ${DEFAULT_BROKERS})` },
  'timeout-ms': { type: 'string', valueName: 'MS', help: `deadline of each attempt of a request (default ${CLI_REQUEST_TIMEOUT_MS})` },
  user: { type: 'string', valueName: 'NAME', help: 'authenticate as NAME (env CAIRN_USER); the password from env CAIRN_PASSWORD or --password-file; or a token in env CAIRN_TOKEN' },
  'password-file': { type: 'string', valueName: 'FILE', help: "file whose first line is --user's password" },
} as const satisfies FlagSpecs;

export const ADMIN_FLAGS = {
  ...CLIENT_FLAGS,
  json: { type: 'boolean', help: 'print JSON instead of tables' },
} as const satisfies FlagSpecs;

/** A client for the command's run, closed when `use` is done (producers flush first). */
export async function withClient<T>(context: CommandContext<typeof CLIENT_FLAGS>, use: (cairn: Cairn) => Promise<T>): Promise<T> {
  const { flags, io } = context;
  const credentials = await clientCredentials(flags, io);
  const cairn = new Cairn({
    ...(credentials !== undefined && { credentials }),
    brokers: flags.brokers ?? io.env.CAIRN_BROKERS ?? DEFAULT_BROKERS,
    clientId: 'cairn-cli',
    requestTimeoutMs: positiveIntegerFlag('timeout-ms', flags['timeout-ms']) ?? CLI_REQUEST_TIMEOUT_MS,
  });
  try {
    return await use(cairn);
  } finally {
    await cairn.close();
  }
}

export function withAdmin<T>(context: CommandContext<typeof CLIENT_FLAGS>, use: (admin: Admin) => Promise<T>): Promise<T> {
  return withClient(context, (cairn) => use(cairn.admin()));
}
