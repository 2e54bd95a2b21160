/**
 * Per-topic configuration. The image stores only the keys a user set, in a
 * canonical spelling, so changing a default later reaches every topic that
 * did not override it; resolveTopicConfig fills in the defaults for the
 * partition state machine.
 */
import { assert } from './assert.js';
import { metadataError, refusal, type MetadataError, type Outcome } from './errors.js';
import { MESSAGE_BYTES_MAX } from './limits.js';

/** Typed values; -1 in the retention bounds means "no limit", as in Kafka. */
export interface TopicConfig {
  readonly retentionMs: number;
  readonly retentionBytes: number;
  /** Acknowledge once a quorum holds the entry in memory; fsync follows within writeCachingFlushMs. */
  readonly writeCaching: boolean;
  readonly writeCachingFlushMs: number;
  readonly maxMessageBytes: number;
  /** Only deletion by retention: compaction is not implemented. */
  readonly cleanupPolicy: 'delete';
  /** How far before the leader's clock a produced record's timestamp may be; -1: any distance. */
  readonly messageTimestampBeforeMaxMs: number;
  /** How far after the leader's clock a produced record's timestamp may be; -1: any distance. */
  readonly messageTimestampAfterMaxMs: number;
  /** How long, by the log's clock, a partition remembers an idempotent producer after its last batch (KIP-854). */
  readonly producerIdExpirationMs: number;
}

export type TopicConfigs = Readonly<Record<string, string>>;

interface ConfigSpec<K extends keyof TopicConfig> {
  readonly field: K;
  /** What a valid value looks like, for error messages. */
  readonly expected: string;
  readonly parse: (text: string) => TopicConfig[K] | undefined;
  readonly defaultValue: TopicConfig[K];
}

const integer = (min: number, max: number) => ({
  expected: `an integer from ${min} to ${max}`,
  parse: (text: string): number | undefined => {
    if (!/^-?\d{1,16}$/.test(text)) return undefined;
    const n = Number(text);
    return Number.isSafeInteger(n) && n >= min && n <= max ? n : undefined;
  },
});

const boolean = {
  expected: 'true or false',
  parse: (text: string): boolean | undefined => {
    const lower = text.toLowerCase();
    return lower === 'true' ? true : lower === 'false' ? false : undefined;
  },
};

const SPECS = {
  'retention.ms': { field: 'retentionMs', ...integer(-1, Number.MAX_SAFE_INTEGER), defaultValue: 7 * 24 * 3_600_000 },
  'retention.bytes': { field: 'retentionBytes', ...integer(-1, Number.MAX_SAFE_INTEGER), defaultValue: -1 },
  'write.caching': { field: 'writeCaching', ...boolean, defaultValue: false },
  'write.caching.flush.ms': { field: 'writeCachingFlushMs', ...integer(1, 60_000), defaultValue: 100 },
  'max.message.bytes': { field: 'maxMessageBytes', ...integer(1, MESSAGE_BYTES_MAX), defaultValue: 1024 * 1024 },
  'cleanup.policy': {
    field: 'cleanupPolicy',
    expected: "'delete' (compaction is not supported)",
    parse: (text: string) => (text === 'delete' ? ('delete' as const) : undefined),
    defaultValue: 'delete',
  },
  // Kafka's semantics and (4.0) defaults: history may be replayed, but a far-future timestamp would stop time-based retention.
  'message.timestamp.before.max.ms': { field: 'messageTimestampBeforeMaxMs', ...integer(-1, Number.MAX_SAFE_INTEGER), defaultValue: -1 },
  'message.timestamp.after.max.ms': { field: 'messageTimestampAfterMaxMs', ...integer(-1, Number.MAX_SAFE_INTEGER), defaultValue: 3_600_000 },
  // Kafka's default (KIP-854): a day outlasts any retry of a batch, and a partition's producer state stays bounded by the producers of a day.
  'producer.id.expiration.ms': { field: 'producerIdExpirationMs', ...integer(1, Number.MAX_SAFE_INTEGER), defaultValue: 86_400_000 },
} as const satisfies { readonly [key: string]: ConfigSpec<keyof TopicConfig> };

export type TopicConfigKey = keyof typeof SPECS;
export const TOPIC_CONFIG_KEYS = Object.keys(SPECS).sort() as readonly TopicConfigKey[];

export function isTopicConfigKey(key: string): key is TopicConfigKey {
  return Object.hasOwn(SPECS, key);
}

function unknownKey(key: string): MetadataError {
  return metadataError('invalid-config', `unknown topic config '${key}' (known: ${TOPIC_CONFIG_KEYS.join(', ')})`);
}

/** The canonical spelling of a value (e.g. "007" → "7"), or the error naming the key. */
function canonicalValue(key: string, text: string): { readonly value: string } | MetadataError {
  if (!isTopicConfigKey(key)) return unknownKey(key);
  const spec: Pick<ConfigSpec<keyof TopicConfig>, 'parse' | 'expected'> = SPECS[key];
  const value = spec.parse(text);
  if (value === undefined) return metadataError('invalid-config', `topic config ${key} must be ${spec.expected}, got '${text}'`);
  return { value: String(value) };
}

/** Validates user-supplied configs and returns them in canonical spelling. */
export function checkTopicConfigs(configs: TopicConfigs): Outcome<{ configs: TopicConfigs }> {
  const canonical: Record<string, string> = {};
  for (const key of Object.keys(configs).sort()) {
    const checked = canonicalValue(key, configs[key] as string);
    if ('kind' in checked) return refusal(checked);
    canonical[key] = checked.value;
  }
  return { ok: true, configs: canonical };
}

/** null when every key can be reset to its default. */
export function checkConfigKeys(keys: readonly string[]): MetadataError | null {
  const unknown = keys.find((key) => !isTopicConfigKey(key));
  return unknown === undefined ? null : unknownKey(unknown);
}

/** The typed configuration of a topic: its stored (already validated) overrides over the defaults. */
export function resolveTopicConfig(configs: TopicConfigs): TopicConfig {
  const resolved: Record<string, unknown> = {};
  for (const key of TOPIC_CONFIG_KEYS) {
    const spec: ConfigSpec<keyof TopicConfig> = SPECS[key];
    const text = configs[key];
    const value = text === undefined ? spec.defaultValue : spec.parse(text);
    assert(value !== undefined, `stored topic config ${key}='${text}' was not validated`);
    resolved[spec.field] = value;
  }
  return resolved as unknown as TopicConfig;
}

/** Where a key's effective value comes from: the topic's override, the node's own setting, or the built-in default. */
export type TopicConfigSource = 'topic' | 'node' | 'default';

export interface TopicConfigEntry {
  readonly key: TopicConfigKey;
  readonly value: string;
  readonly source: TopicConfigSource;
  /** What a valid value is, in the words of the error that refuses one. */
  readonly accepts: string;
}

/** The keys a node's own config sets a value for (its partition leaders apply them to topics without an override). */
export type NodeTopicDefaults = Readonly<Partial<Record<TopicConfigKey, string>>>;

/** Every known key of a topic, in key order: its override, else the node's setting, else the built-in default. */
export function describeTopicConfigs(configs: TopicConfigs, nodeDefaults: NodeTopicDefaults): TopicConfigEntry[] {
  return TOPIC_CONFIG_KEYS.map((key) => {
    const accepts = SPECS[key].expected;
    if (Object.hasOwn(configs, key)) return { key, value: configs[key] as string, source: 'topic', accepts };
    const nodeValue = nodeDefaults[key];
    if (nodeValue !== undefined) return { key, value: nodeValue, source: 'node', accepts };
    return { key, value: String(SPECS[key].defaultValue), source: 'default', accepts };
  });
}
