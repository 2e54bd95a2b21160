import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkTopicName } from '../../../src/metadata/index.js';

const kindOf = (name: string, internal = false) => checkTopicName(name, internal)?.kind ?? 'ok';

describe('checkTopicName', () => {
  it("accepts Kafka's legal names: ASCII letters, digits, '.', '_' and '-', up to 249 characters", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-zA-Z0-9][a-zA-Z0-9._-]{0,248}$/), (name) => {
        expect(kindOf(name)).toBe('ok');
      }),
    );
    expect(kindOf('orders.v2_eu-west')).toBe('ok');
  });

  it("refuses empty names, '.', '..', names over 249 characters and any other character", () => {
    for (const name of ['', '.', '..', 'x'.repeat(250), 'a b', 'a/b', 'é', 'a\n']) expect(kindOf(name)).toBe('invalid-name');
    expect(checkTopicName('a b', false)?.message).toContain("'a b'");
  });

  it("reserves names starting with '__' for internal topics, and internal topics must use them", () => {
    expect(kindOf('__offsets')).toBe('invalid-name');
    expect(kindOf('__offsets', true)).toBe('ok');
    expect(kindOf('offsets', true)).toBe('invalid-name');
    expect(kindOf('_single')).toBe('ok');
  });
});
