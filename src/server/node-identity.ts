/**
 * Who this data directory belongs to. A node's data directory is stamped on
 * first start with the node id, the cluster id and a random incarnation. Peers
 * and the controller compare the incarnation with the one registered in the
 * metadata image: the same id with another incarnation is a node whose data
 * was lost, and it must not vote or acknowledge as if it still had it.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface NodeIdentity {
  readonly nodeId: number;
  readonly clusterId: string;
  readonly incarnation: string;
  /** True when this start created the data directory: the node has no history. */
  readonly fresh: boolean;
}

export class DataDirError extends Error {
  override name = 'DataDirError';
}

const FILE = 'node.json';

export async function loadOrCreateIdentity(dataDir: string, nodeId: number, clusterId: string): Promise<NodeIdentity> {
  await mkdir(dataDir, { recursive: true });
  const path = join(dataDir, FILE);
  let text: string | undefined;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (text === undefined) {
    const identity = { nodeId, clusterId, incarnation: randomUUID() };
    // Write then rename, so a crash never leaves a half-written identity.
    await writeFile(`${path}.tmp`, `${JSON.stringify(identity, null, 2)}\n`, { flush: true });
    await rename(`${path}.tmp`, path);
    // The rename is durable only once the directory is: losing it would make the node look wiped.
    const dir = await open(dataDir, 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
    return { ...identity, fresh: true };
  }
  const stored = parseIdentity(path, text);
  if (stored.nodeId !== nodeId) {
    throw new DataDirError(`${path}: this data directory belongs to node ${stored.nodeId}, not node ${nodeId}; use the right --data-dir or --node-id`);
  }
  if (stored.clusterId !== clusterId) {
    throw new DataDirError(`${path}: this data directory belongs to cluster "${stored.clusterId}", not "${clusterId}"`);
  }
  return { ...stored, fresh: false };
}

function parseIdentity(path: string, text: string): Omit<NodeIdentity, 'fresh'> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new DataDirError(`${path}: not valid JSON; the data directory is damaged`);
  }
  const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  if (typeof v['nodeId'] !== 'number' || typeof v['clusterId'] !== 'string' || typeof v['incarnation'] !== 'string') {
    throw new DataDirError(`${path}: missing nodeId, clusterId or incarnation; the data directory is damaged`);
  }
  return { nodeId: v['nodeId'], clusterId: v['clusterId'], incarnation: v['incarnation'] };
}
