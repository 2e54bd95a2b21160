/** The shape of a subcommand, and the flags and client session the admin commands share. */
import { Cairn } from '../client/index.js';
import type { Admin, CairnOptions, TlsFiles } from '../client/index.js';
import { UsageError, positiveIntegerFlag } from './args.js';
import type { FlagSpecs, FlagValues } from './args.js';
import type { CliIo } from './io.js';
import { clientCredentials } from './credentials.js';
import { loadProfile } from './profile.js';

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
  'tls-ca-file': { type: 'string', valueName: 'FILE', help: "PEM authority the nodes' certificates are checked against: TLS to the cluster" },
  'tls-cert-file': { type: 'string', valueName: 'FILE', help: 'PEM client certificate, for clusters that require one or map it to a user (with --tls-key-file)' },
  'tls-key-file': { type: 'string', valueName: 'FILE', help: 'PEM private key of --tls-cert-file' },
  profile: { type: 'string', valueName: 'NAME', help: 'connection profile from the config file (env CAIRN_PROFILE; file $CAIRN_CONFIG or ~/.config/cairn/config.json)' },
} as const satisfies FlagSpecs;

export const ADMIN_FLAGS = {
  ...CLIENT_FLAGS,
  json: { type: 'boolean', help: 'print JSON instead of tables' },
} as const satisfies FlagSpecs;

/** The command's client options: flags first, then the environment, then the profile (profile.ts), then defaults. */
export async function clientOptions(flags: FlagValues<typeof CLIENT_FLAGS>, io: CliIo): Promise<CairnOptions> {
  const profile = await loadProfile(flags.profile, io.env);
  // The profile's password file is its user's: it does not apply to a user named by flag or environment.
  const user = flags.user ?? io.env.CAIRN_USER;
  const credentials = await clientCredentials(
    { user: user ?? profile.user, 'password-file': flags['password-file'] ?? (user === undefined ? profile.passwordFile : undefined) },
    io,
  );
  const tlsEntries = Object.entries({
    caFile: flags['tls-ca-file'] ?? profile.tls?.caFile,
    certFile: flags['tls-cert-file'] ?? profile.tls?.certFile,
    keyFile: flags['tls-key-file'] ?? profile.tls?.keyFile,
  }).filter(([, path]) => path !== undefined);
  const tls = Object.fromEntries(tlsEntries) as TlsFiles;
  if ((tls.certFile === undefined) !== (tls.keyFile === undefined)) {
    throw new UsageError('--tls-cert-file and --tls-key-file go together (from flags or the profile)');
  }
  return {
    ...(credentials !== undefined && { credentials }),
    ...(tlsEntries.length > 0 && { tls }),
    brokers: flags.brokers ?? io.env.CAIRN_BROKERS ?? profile.brokers ?? DEFAULT_BROKERS,
    clientId: 'cairn-cli',
    requestTimeoutMs: positiveIntegerFlag('timeout-ms', flags['timeout-ms']) ?? profile.timeoutMs ?? CLI_REQUEST_TIMEOUT_MS,
  };
}

/** A client for the command's run, closed when `use` is done (producers flush first). */
export async function withClient<T>(context: CommandContext<typeof CLIENT_FLAGS>, use: (cairn: Cairn) => Promise<T>): Promise<T> {
  const cairn = new Cairn(await clientOptions(context.flags, context.io));
  try {
    return await use(cairn);
  } finally {
    await cairn.close();
  }
}

export function withAdmin<T>(context: CommandContext<typeof CLIENT_FLAGS>, use: (admin: Admin) => Promise<T>): Promise<T> {
  return withClient(context, (cairn) => use(cairn.admin()));
}
