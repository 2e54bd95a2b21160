import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NodeId } from '../../../src/raft/types.js';
import { decodeCommand, encodeCommand, MetadataDecodeError, type MetadataCommand, type TopicId } from '../../../src/metadata/index.js';
import { registration } from './helpers.js';

const nodeId = fc.integer({ min: 1, max: 0xffff_ffff }).map((n) => n as NodeId);
const u32 = fc.integer({ min: 0, max: 0xffff_ffff });
const text = fc.string({ maxLength: 12 });
const topicId = text.map((s) => s as TopicId);
const configs = fc.dictionary(fc.constantFrom('retention.ms', 'write.caching', 'x'), text);
const assignments = fc.array(fc.array(nodeId, { maxLength: 4 }), { maxLength: 4 });

const command: fc.Arbitrary<MetadataCommand> = fc.oneof(
  fc.record({
    type: fc.constant('register-node' as const),
    node: nodeId,
    incarnation: text,
    clientAddress: text,
    peerAddress: text,
    rack: text,
    cores: u32,
    partitionsPerCore: u32,
    registeredAtMs: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
  }),
  fc.record({
    type: fc.constant('create-topic' as const),
    name: text,
    internal: fc.boolean(),
    partitions: u32,
    replicationFactor: u32,
    configs,
    assignments,
  }),
  fc.record({ type: fc.constant('delete-topic' as const), name: text, topicId }),
  fc.record({ type: fc.constant('create-partitions' as const), name: text, topicId, totalPartitions: u32, assignments }),
  fc.record({
    type: fc.constant('reassign-partition' as const),
    name: text,
    topicId,
    partition: u32,
    replicas: fc.array(nodeId, { maxLength: 5 }),
    expectedEpoch: u32,
  }),
  fc.record({ type: fc.constant('set-topic-config' as const), name: text, topicId, set: configs, reset: fc.array(text, { maxLength: 3 }) }),
);

const json = (value: unknown): Uint8Array => new Uint8Array([1, ...new TextEncoder().encode(JSON.stringify(value))]);

function decodeErrorOf(bytes: Uint8Array): MetadataDecodeError {
  try {
    decodeCommand(bytes);
  } catch (error) {
    if (error instanceof MetadataDecodeError) return error;
    throw error;
  }
  throw new Error('decoded');
}

describe('command codec', () => {
  it('decodes every encoded command to an equal command', () => {
    fc.assert(
      fc.property(command, (c) => {
        expect(decodeCommand(encodeCommand(c))).toEqual(c);
      }),
    );
  });

  it('refuses an unknown command type, naming it', () => {
    expect(decodeErrorOf(json({ type: 'drop-cluster' })).message).toMatch(/command\.type.*unknown command type 'drop-cluster'/);
  });

  it('refuses missing fields, fields of the wrong type and unknown fields, naming the path', () => {
    const { registeredAtMs: _omitted, ...missing } = registration(1);
    expect(decodeErrorOf(json(missing)).path).toBe('command.registeredAtMs');
    expect(decodeErrorOf(json({ ...registration(1), node: 0 })).path).toBe('command.node');
    expect(decodeErrorOf(json({ ...registration(1), node: '1' })).path).toBe('command.node');
    expect(decodeErrorOf(json({ ...registration(1), extra: true })).path).toBe('command.extra');
    const create = { type: 'create-topic', name: 't', internal: false, partitions: 1, replicationFactor: 1, configs: {}, assignments: [[1, 2.5]] };
    expect(decodeErrorOf(json(create)).path).toBe('command.assignments[0][1]');
    expect(decodeErrorOf(json({ ...create, assignments: [], configs: { 'retention.ms': 5 } })).path).toBe('command.configs.retention.ms');
  });

  it('reads a registration written before nodes reported their capacity as one that admits nothing', () => {
    const { cores: _cores, partitionsPerCore: _perCore, ...older } = registration(1);
    expect(decodeCommand(json(older))).toEqual({ ...registration(1), cores: 0, partitionsPerCore: 0 });
  });

  it('refuses another format byte, bytes that are not UTF-8 JSON, and values that are not objects', () => {
    const good = encodeCommand(registration(1));
    expect(decodeErrorOf(new Uint8Array([2, ...good.subarray(1)])).message).toMatch(/format 2/);
    expect(decodeErrorOf(new Uint8Array()).message).toMatch(/no bytes/);
    expect(decodeErrorOf(new Uint8Array([1, 0xff, 0xfe])).message).toMatch(/not UTF-8 JSON/);
    expect(decodeErrorOf(good.subarray(0, good.length - 1)).message).toMatch(/not UTF-8 JSON/);
    expect(decodeErrorOf(json([1, 2])).message).toMatch(/expected an object/);
  });

  it('never throws anything but MetadataDecodeError on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        try {
          decodeCommand(bytes);
        } catch (error) {
          expect(error).toBeInstanceOf(MetadataDecodeError);
        }
      }),
    );
  });
});
