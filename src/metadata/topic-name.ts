/** Kafka's topic naming rule, plus the `__` prefix reserved for Cairn's internal topics. */
import { metadataError, type MetadataError } from './errors.js';
import { TOPIC_NAME_LENGTH_MAX } from './limits.js';

export const INTERNAL_TOPIC_PREFIX = '__';

const LEGAL_NAME = /^[a-zA-Z0-9._-]+$/;

/** null when `name` is acceptable for a topic that is (or is not) internal. */
export function checkTopicName(name: string, internal: boolean): MetadataError | null {
  const invalid = (why: string): MetadataError => metadataError('invalid-name', `topic name '${name}' ${why}`);
  if (name.length === 0) return metadataError('invalid-name', 'topic name is empty');
  if (name.length > TOPIC_NAME_LENGTH_MAX) {
    return metadataError('invalid-name', `topic name of ${name.length} characters exceeds ${TOPIC_NAME_LENGTH_MAX}`);
  }
  if (name === '.' || name === '..') return invalid('is not allowed');
  if (!LEGAL_NAME.test(name)) return invalid('may contain only ASCII letters, digits, ".", "_" and "-"');
  const reserved = name.startsWith(INTERNAL_TOPIC_PREFIX);
  if (reserved && !internal) return invalid(`starts with "${INTERNAL_TOPIC_PREFIX}", which is reserved for internal topics`);
  if (!reserved && internal) return invalid(`must start with "${INTERNAL_TOPIC_PREFIX}" to be an internal topic`);
  return null;
}
