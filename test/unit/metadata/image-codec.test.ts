import { describe, expect, it } from 'vitest';
import {
  decodeImage,
  emptyImage,
  encodeImage,
  MetadataDecodeError,
  MetadataFrontend,
  MetadataStm,
  type MetadataImage,
} from '../../../src/metadata/index.js';
import { CLUSTER_ID, liveSet, Log } from './helpers.js';

function sampleImage(): MetadataImage {
  const log = Log.withNodes(3, ['a', 'b', 'a']);
  for (const [name, partitions] of [['orders', 4], ['audit', 1]] as const) {
    const request = { name, partitions, replicationFactor: 2, configs: { 'retention.ms': '1000' } };
    const made = MetadataFrontend.createTopic(request, log.image, liveSet(1, 2, 3));
    if (!made.ok) throw new Error(made.error.message);
    log.ok(made.command);
  }
  return log.image;
}

/** The snapshot's JSON, edited, re-encoded. */
function tampered(image: MetadataImage, edit: (json: Record<string, unknown>) => void): Uint8Array {
  const bytes = encodeImage(image);
  const json = JSON.parse(new TextDecoder().decode(bytes.subarray(1))) as Record<string, unknown>;
  edit(json);
  return new Uint8Array([bytes[0] as number, ...new TextEncoder().encode(JSON.stringify(json))]);
}

describe('image snapshot codec', () => {
  it('restores an equal image, the empty one included', () => {
    const image = sampleImage();
    expect(MetadataStm.restore(MetadataStm.snapshot(image))).toEqual(image);
    expect(decodeImage(encodeImage(emptyImage(CLUSTER_ID)))).toEqual(emptyImage(CLUSTER_ID));
  });

  it('gives equal bytes for equal images, whatever order their maps were built in', () => {
    const image = sampleImage();
    const reordered: MetadataImage = {
      ...image,
      nodes: new Map([...image.nodes].reverse()),
      topics: new Map([...image.topics].reverse()),
    };
    expect(encodeImage(reordered)).toEqual(encodeImage(image));
  });

  it('reads nodes of a snapshot written before nodes reported their capacity as admitting nothing', () => {
    const image = sampleImage();
    const older = tampered(image, (json) => {
      for (const node of json['nodes'] as Record<string, unknown>[]) {
        delete node['cores'];
        delete node['partitionsPerCore'];
      }
    });
    const restored = decodeImage(older);
    expect([...restored.nodes.values()].map((node) => [node.cores, node.partitionsPerCore])).toEqual([[0, 0], [0, 0], [0, 0]]);
    expect(restored.topics).toEqual(image.topics);
  });

  it('refuses a snapshot that breaks an invariant: a shared group, an unregistered replica, a repeated node, a reused group id, a core count past its bound', () => {
    const image = sampleImage();
    interface PartitionJson { group: number; replicas: number[] }
    const orders = (json: Record<string, unknown>): PartitionJson[] =>
      (json['topics'] as { name: string; partitions: PartitionJson[] }[]).find((t) => t.name === 'orders')?.partitions ?? [];
    const edits: ((json: Record<string, unknown>) => void)[] = [
      (json) => {
        const [first, second] = orders(json);
        if (first && second) second.group = first.group;
      },
      (json) => {
        const [first] = orders(json);
        if (first) first.replicas = [1, 9];
      },
      (json) => {
        const nodes = json['nodes'] as unknown[];
        nodes.push(nodes[0]);
      },
      (json) => {
        json['nextGroup'] = 2;
      },
      (json) => {
        (json['nodes'] as { cores: number }[])[0]!.cores = 5_000;
      },
    ];
    for (const edit of edits) {
      const bytes = tampered(image, edit);
      expect(bytes).not.toEqual(encodeImage(image));
      expect(() => decodeImage(bytes)).toThrow(MetadataDecodeError);
    }
  });
});
