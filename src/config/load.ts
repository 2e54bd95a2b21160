/**
 * Reads a node's configuration from its sources, later ones winning:
 * defaults < config file (JSON; `--config` or CAIRN_CONFIG) < CAIRN_*
 * environment variables (and the Kubernetes derivations) < flags. Every
 * value is checked where it is read, so an error names its source.
 */
import { readFileSync } from 'node:fs';
import { hostname as osHostname } from 'node:os';
import { COMPONENTS, parseTrace } from '../observability/trace.js';
import { ConfigError, didYouMean } from './errors.js';
import { envName, FIELD_GROUPS, FIELD_PATHS, FIELDS, flagName, isPlainObject } from './fields.js';
import type { FieldPath } from './fields.js';
import { KUBERNETES_ENV, nodeIdFromHostname, peersFromDnsTemplate } from './kubernetes.js';
import { buildNodeConfig } from './node-config.js';
import type { NodeConfig, Setting } from './node-config.js';

type Values = Readonly<Record<string, string | undefined>>;

export interface ConfigSources {
  /** `cairn serve` flag values by flag name without dashes (`node-id`), as the CLI parsed them; `config` names the file. */
  readonly flags?: Values;
  readonly env?: Values;
  /** For CAIRN_NODE_ID_FROM_HOSTNAME. Default: the host's name. */
  readonly hostname?: () => string;
  /** Default: the file's UTF-8 text from disk. */
  readonly readFile?: (path: string) => string;
}

export const CONFIG_FILE_FLAG = 'config';
export const CONFIG_FILE_ENV = 'CAIRN_CONFIG';

/** CAIRN_ variables that are not fields; any other CAIRN_ name is taken for a typo and refused. */
// CAIRN_USER, CAIRN_PASSWORD and CAIRN_TOKEN are the CLI's credentials (src/cli/credentials.ts).
const OTHER_ENV: ReadonlySet<string> = new Set([CONFIG_FILE_ENV, 'CAIRN_TRACE', 'CAIRN_BROKERS', 'CAIRN_USER', 'CAIRN_PASSWORD', 'CAIRN_TOKEN', ...KUBERNETES_ENV]);
const PATH_BY_ENV = new Map(FIELD_PATHS.map((path) => [envName(path), path]));
const PATH_BY_FLAG = new Map(FIELD_PATHS.map((path) => [flagName(path), path]));

type Entry = readonly [FieldPath, Setting];

function invalid(source: string, path: FieldPath, expected: string, got: unknown): ConfigError {
  return new ConfigError(`${source}: expected ${expected}, got ${JSON.stringify(got)}`, path, source);
}

function fromText(path: FieldPath, text: string, source: string): Entry {
  const { kind } = FIELDS[path];
  const value = kind.fromText(text);
  if (value === undefined) throw invalid(source, path, kind.expected, text);
  return [path, { value, source }];
}

const isFieldPath = (path: string): path is FieldPath => Object.hasOwn(FIELDS, path);

function readConfigFile(file: string, readFile: (path: string) => string): Entry[] {
  const source = `config file ${file}`;
  let json: unknown;
  try {
    json = JSON.parse(readFile(file));
  } catch (error) {
    const problem = error instanceof SyntaxError ? 'invalid JSON' : 'cannot read';
    throw new ConfigError(`${source}: ${problem}: ${(error as Error).message}`, undefined, source);
  }
  if (!isPlainObject(json)) throw new ConfigError(`${source}: expected a JSON object, got ${JSON.stringify(json)}`, undefined, source);

  const entries: Entry[] = [];
  const visit = (object: Record<string, unknown>, prefix: string): void => {
    for (const [key, value] of Object.entries(object)) {
      const path = `${prefix}${key}`;
      if (isFieldPath(path)) {
        const { kind } = FIELDS[path];
        const parsed = kind.fromJson(value);
        if (parsed === undefined) throw invalid(`${source}: ${path}`, path, kind.expectedJson ?? kind.expected, value);
        entries.push([path, { value: parsed, source: `${source}: ${path}` }]);
      } else if (FIELD_GROUPS.has(path)) {
        if (!isPlainObject(value)) throw new ConfigError(`${source}: ${path}: expected an object, got ${JSON.stringify(value)}`, path, source);
        visit(value, `${path}.`);
      } else {
        throw new ConfigError(`${source}: unknown field ${JSON.stringify(path)}${didYouMean(path, [...FIELD_PATHS, ...FIELD_GROUPS])}`, undefined, source);
      }
    }
  };
  visit(json, '');
  return entries;
}

function readEnv(env: Values, hostname: () => string): Entry[] {
  const entries: Entry[] = [];
  for (const [name, text] of Object.entries(env)) {
    if (!name.startsWith('CAIRN_') || text === undefined || OTHER_ENV.has(name)) continue;
    const path = PATH_BY_ENV.get(name);
    if (path === undefined) throw new ConfigError(`${name}: unknown variable${didYouMean(name, [...PATH_BY_ENV.keys(), ...OTHER_ENV])}`, undefined, name);
    entries.push(fromText(path, text, name));
  }
  for (const derived of [nodeIdFromHostname(env, hostname), peersFromDnsTemplate(env)]) {
    if (derived !== undefined) entries.push([derived.path, { value: derived.value, source: derived.source }]);
  }
  // Read here only to refuse typos at start-up; src/observability/trace.ts reads the variable itself.
  const [unknownComponent] = parseTrace(env.CAIRN_TRACE).unknown;
  if (unknownComponent !== undefined) {
    const message = `CAIRN_TRACE: unknown component ${JSON.stringify(unknownComponent)}; expected all or some of ${COMPONENTS.join(', ')}`;
    throw new ConfigError(message, undefined, 'CAIRN_TRACE');
  }
  return entries;
}

function readFlags(flags: Values): Entry[] {
  const entries: Entry[] = [];
  for (const [name, text] of Object.entries(flags)) {
    if (text === undefined || name === CONFIG_FILE_FLAG) continue;
    const path = PATH_BY_FLAG.get(name);
    if (path === undefined) throw new ConfigError(`--${name}: unknown flag${didYouMean(name, PATH_BY_FLAG.keys())}`, undefined, `--${name}`);
    entries.push(fromText(path, text, `--${name}`));
  }
  return entries;
}

/** Throws ConfigError for any unknown or invalid value; the result is frozen. */
export function loadNodeConfig(sources: ConfigSources = {}): NodeConfig {
  const env = sources.env ?? {};
  const flags = sources.flags ?? {};
  const settings = new Map<FieldPath, Setting>();
  for (const path of FIELD_PATHS) {
    const value = FIELDS[path].default;
    if (value !== undefined) settings.set(path, { value, source: 'default' });
  }
  const file = flags[CONFIG_FILE_FLAG] ?? env[CONFIG_FILE_ENV];
  const layers = [
    file === undefined ? [] : readConfigFile(file, sources.readFile ?? ((path) => readFileSync(path, 'utf8'))),
    readEnv(env, sources.hostname ?? osHostname),
    readFlags(flags),
  ];
  for (const layer of layers) for (const [path, setting] of layer) settings.set(path, setting);
  return buildNodeConfig(settings);
}

/** Every field's flag, variable and help, for `cairn serve --help`. */
export function describeFields(): { flag: string; env: string; placeholder: string; help: string; defaultValue: string | undefined }[] {
  return FIELD_PATHS.map((path) => {
    const { kind, help, default: value } = FIELDS[path];
    const defaultValue = Array.isArray(value) ? (value.length === 0 ? undefined : value.join(',')) : value?.toString();
    return { flag: flagName(path), env: envName(path), placeholder: kind.placeholder, help, defaultValue };
  });
}
