import { describe, expect, it } from 'vitest';
import { describeTopicConfigs, resolveTopicConfig, TOPIC_CONFIG_KEYS } from '../../../src/metadata/index.js';
import { checkTopicConfigs } from '../../../src/metadata/topic-config.js';

describe('describeTopicConfigs', () => {
  it('lists every known key once, in key order, whatever the topic sets', () => {
    expect(describeTopicConfigs({}, {}).map((entry) => entry.key)).toEqual(TOPIC_CONFIG_KEYS);
    expect(describeTopicConfigs({ 'retention.ms': '5' }, { 'message.timestamp.after.max.ms': '1' }).map((entry) => entry.key)).toEqual(TOPIC_CONFIG_KEYS);
  });

  it('gives each unset key the built-in default the partitions resolve, with source default', () => {
    for (const entry of describeTopicConfigs({}, {})) {
      expect(entry.source, entry.key).toBe('default');
      // Setting the described value explicitly changes nothing the partitions see.
      expect(resolveTopicConfig({ [entry.key]: entry.value }), entry.key).toEqual(resolveTopicConfig({}));
    }
  });

  it("takes the topic's override first, then the node's own setting, then the default", () => {
    const entries = describeTopicConfigs(
      { 'retention.ms': '60000', 'message.timestamp.before.max.ms': '1000' },
      { 'message.timestamp.before.max.ms': '5', 'message.timestamp.after.max.ms': '7' },
    );
    const byKey = new Map(entries.map((entry) => [entry.key, entry]));
    expect(byKey.get('retention.ms')).toMatchObject({ value: '60000', source: 'topic' });
    expect(byKey.get('message.timestamp.before.max.ms')).toMatchObject({ value: '1000', source: 'topic' });
    expect(byKey.get('message.timestamp.after.max.ms')).toMatchObject({ value: '7', source: 'node' });
    expect(byKey.get('retention.bytes')).toMatchObject({ value: '-1', source: 'default' });
  });

  it('says of each key what the error refusing a bad value says it accepts', () => {
    for (const entry of describeTopicConfigs({}, {})) {
      const checked = checkTopicConfigs({ [entry.key]: 'not a value' });
      expect(checked.ok, entry.key).toBe(false);
      if (!checked.ok) expect(checked.error.message).toContain(entry.accepts);
    }
  });
});
