import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataDirError, loadOrCreateIdentity } from '../../../src/server/node-identity.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('loadOrCreateIdentity', () => {
  let root = '';
  let dataDir = '';
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'cairn-identity-'));
    dataDir = join(root, 'data', 'node');
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  /** Stamps the data directory with a node.json holding `text`. */
  async function damaged(text: string): Promise<string> {
    await loadOrCreateIdentity(dataDir, 1, 'c1');
    const path = join(dataDir, 'node.json');
    await writeFile(path, text);
    return path;
  }

  async function refusal(nodeId: number, clusterId: string): Promise<string> {
    const error = await loadOrCreateIdentity(dataDir, nodeId, clusterId).then(
      () => expect.fail('the identity was accepted'),
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DataDirError);
    return (error as DataDirError).message;
  }

  it('stamps a new data directory, creating it, with the node id, the cluster id and a random incarnation', async () => {
    const identity = await loadOrCreateIdentity(dataDir, 3, 'c1');
    expect(identity).toEqual({ nodeId: 3, clusterId: 'c1', incarnation: expect.stringMatching(UUID), fresh: true });
    const stored: unknown = JSON.parse(await readFile(join(dataDir, 'node.json'), 'utf8'));
    expect(stored).toEqual({ nodeId: 3, clusterId: 'c1', incarnation: identity.incarnation });
    expect(await readdir(dataDir)).toEqual(['node.json']);
  });

  it('reloads the same identity on a later start, no longer fresh', async () => {
    const created = await loadOrCreateIdentity(dataDir, 3, 'c1');
    expect(await loadOrCreateIdentity(dataDir, 3, 'c1')).toEqual({ ...created, fresh: false });
  });

  it('gives each new data directory its own incarnation', async () => {
    const first = await loadOrCreateIdentity(join(root, 'a'), 1, 'c1');
    const second = await loadOrCreateIdentity(join(root, 'b'), 1, 'c1');
    expect(first.incarnation).not.toBe(second.incarnation);
  });

  it('refuses a data directory that belongs to another node', async () => {
    await loadOrCreateIdentity(dataDir, 1, 'c1');
    expect(await refusal(2, 'c1')).toBe(
      `${join(dataDir, 'node.json')}: this data directory belongs to node 1, not node 2; use the right --data-dir or --node-id`,
    );
  });

  it('refuses a data directory that belongs to another cluster', async () => {
    await loadOrCreateIdentity(dataDir, 1, 'c1');
    expect(await refusal(1, 'c2')).toBe(`${join(dataDir, 'node.json')}: this data directory belongs to cluster "c1", not "c2"`);
  });

  it.each([
    ['truncated JSON', '{"nodeId": 1, "clus', 'not valid JSON; the data directory is damaged'],
    ['an empty file', '', 'not valid JSON; the data directory is damaged'],
    ['a missing incarnation', '{"nodeId": 1, "clusterId": "c1"}', 'missing nodeId, clusterId or incarnation; the data directory is damaged'],
    ['a node id that is not a number', '{"nodeId": "1", "clusterId": "c1", "incarnation": "x"}', 'missing nodeId, clusterId or incarnation; the data directory is damaged'],
  ])('refuses a node.json holding %s, saying the directory is damaged', async (_what, text, reason) => {
    const path = await damaged(text);
    expect(await refusal(1, 'c1')).toBe(`${path}: ${reason}`);
  });

  it('refuses a node.json holding JSON null, saying the directory is damaged', async () => {
    const path = await damaged('null');
    expect(await refusal(1, 'c1')).toBe(`${path}: missing nodeId, clusterId or incarnation; the data directory is damaged`);
  });
});
