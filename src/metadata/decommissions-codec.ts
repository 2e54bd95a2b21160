/** The image's decommissions to and from JSON: `[node, state]` pairs sorted by node, so equal maps give equal bytes. */
import type { NodeId } from '../raft/types.js';
import { MetadataDecodeError } from './errors.js';
import type { DecommissionState } from './image.js';
import { asArray, asNodeId, asString } from './json-codec.js';

const STATES: readonly string[] = ['decommissioning', 'decommissioned'] satisfies DecommissionState[];

export function encodeDecommissions(decommissions: ReadonlyMap<NodeId, DecommissionState>): [NodeId, DecommissionState][] {
  return [...decommissions].sort(([a], [b]) => a - b);
}

export function readDecommissions(value: unknown, path: string): Map<NodeId, DecommissionState> {
  const pairs = asArray(value, path, (pair, at) => {
    if (!Array.isArray(pair) || pair.length !== 2) throw new MetadataDecodeError(at, 'expected a [node, state] pair');
    const state = asString(pair[1], `${at}[1]`);
    if (!STATES.includes(state)) throw new MetadataDecodeError(`${at}[1]`, `unknown node state ${JSON.stringify(state)}`);
    return [asNodeId(pair[0], `${at}[0]`), state as DecommissionState] as const;
  });
  const map = new Map(pairs);
  if (map.size !== pairs.length) throw new MetadataDecodeError(path, 'a node appears twice');
  return map;
}
