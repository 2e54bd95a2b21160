/**
 * Topic configs as the admin reads and changes them: every key the server
 * knows with its effective value and where that value comes from, and
 * incremental changes (Kafka's IncrementalAlterConfigs: keys not named keep
 * their values).
 */
import type { TopicConfigEntry__Output } from '../gen/cairn/v1/TopicConfigEntry.js';
import { CairnError } from './errors.js';

/**
 * Where a config's value comes from: `topic`, set on the topic; `node`, the
 * answering node's own setting (each partition leader applies its own, e.g.
 * `messageTimestamp.afterMaxMs`); `default`, built into the server.
 */
export type TopicConfigSource = 'topic' | 'node' | 'default';

export interface TopicConfigEntry {
  readonly key: string;
  readonly value: string;
  readonly source: TopicConfigSource;
  /** What a valid value is, e.g. "an integer from -1 to 9007199254740991". */
  readonly accepts: string;
}

export interface AlterTopicConfigsOptions {
  readonly name: string;
  /** Keys to give these values. */
  readonly set?: Readonly<Record<string, string>>;
  /** Keys to return to their defaults (Kafka's DELETE operation). */
  readonly reset?: readonly string[];
}

export function toTopicConfigEntry(entry: TopicConfigEntry__Output): TopicConfigEntry {
  return { key: entry.key, value: entry.value, source: entry.source as TopicConfigSource, accepts: entry.accepts };
}

/**
 * The wire request, refusing what the server could only misread: a value
 * that is not a string would arrive as something else, and a change naming
 * no key would still cost a metadata write.
 */
export function alterTopicConfigsRequest(options: AlterTopicConfigsOptions): { name: string; set: Record<string, string>; reset: string[] } {
  const set = { ...options.set };
  const reset = [...(options.reset ?? [])];
  for (const [key, value] of Object.entries(set)) {
    if (typeof value !== 'string') throw new CairnError('INVALID_CONFIG', `topic config ${key}: values are strings, got ${typeof value}`);
  }
  const notString = reset.find((key) => typeof key !== 'string');
  if (notString !== undefined) throw new CairnError('INVALID_CONFIG', `reset: config keys are strings, got ${typeof notString}`);
  if (Object.keys(set).length === 0 && reset.length === 0) {
    throw new CairnError('INVALID_CONFIG', `alterTopicConfigs on "${options.name}": nothing to set or reset`);
  }
  return { name: options.name, set, reset };
}
