import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveTopicConfig, TOPIC_CONFIG_KEYS } from '../../../src/metadata/index.js';
import { checkTopicConfigs } from '../../../src/metadata/topic-config.js';

const errorOf = (configs: Record<string, string>): string => {
  const checked = checkTopicConfigs(configs);
  return checked.ok ? 'ok' : checked.error.message;
};

describe('topic configs', () => {
  it('knows exactly the supported keys', () => {
    expect(TOPIC_CONFIG_KEYS).toEqual([
      'cleanup.policy',
      'max.message.bytes',
      'message.timestamp.after.max.ms',
      'message.timestamp.before.max.ms',
      'producer.id.expiration.ms',
      'retention.bytes',
      'retention.ms',
      'write.caching',
      'write.caching.flush.ms',
    ]);
  });

  it('refuses an unknown key with a message naming it, __proto__ included', () => {
    expect(errorOf({ 'segment.bytes': '1' })).toMatch(/unknown topic config 'segment.bytes'/);
    expect(errorOf(JSON.parse('{"__proto__":"1"}') as Record<string, string>)).toMatch(/'__proto__'/);
  });

  it.each([
    ['retention.ms', '-2'],
    ['retention.ms', '1.5'],
    ['retention.bytes', 'lots'],
    ['write.caching', 'yes'],
    ['write.caching', 'constructor'],
    ['write.caching.flush.ms', '0'],
    ['max.message.bytes', '999999999'],
    ['cleanup.policy', 'compact'],
    ['message.timestamp.after.max.ms', '-2'],
    ['producer.id.expiration.ms', '0'],
    ['producer.id.expiration.ms', '-1'],
  ])('refuses %s=%s with the expected form', (key, value) => {
    expect(errorOf({ [key]: value })).toMatch(new RegExp(`${key.replaceAll('.', '\\.')} must be`));
  });

  it('stores values in canonical form, and canonical values are fixed points', () => {
    const checked = checkTopicConfigs({ 'retention.ms': '007', 'write.caching': 'TRUE', 'retention.bytes': '-0' });
    expect(checked).toEqual({ ok: true, configs: { 'retention.bytes': '0', 'retention.ms': '7', 'write.caching': 'true' } });
    fc.assert(
      fc.property(fc.integer({ min: -1, max: Number.MAX_SAFE_INTEGER }), (n) => {
        const once = checkTopicConfigs({ 'retention.ms': String(n) });
        expect(once.ok && checkTopicConfigs(once.configs)).toEqual(once);
      }),
    );
  });

  it('resolves stored overrides over the defaults into typed values', () => {
    expect(resolveTopicConfig({})).toEqual({
      retentionMs: 604_800_000,
      retentionBytes: -1,
      writeCaching: false,
      writeCachingFlushMs: 100,
      maxMessageBytes: 1_048_576,
      cleanupPolicy: 'delete',
      messageTimestampBeforeMaxMs: -1,
      messageTimestampAfterMaxMs: 3_600_000,
      producerIdExpirationMs: 86_400_000,
    });
    expect(resolveTopicConfig({ 'write.caching': 'true', 'retention.bytes': '1024' })).toMatchObject({ writeCaching: true, retentionBytes: 1024 });
  });
});
