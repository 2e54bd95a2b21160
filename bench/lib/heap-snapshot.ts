/**
 * What a V8 heap snapshot (.heapsnapshot JSON) holds, attributed to owners:
 * every reachable object's own size goes to "Class.field", Class the nearest
 * instance of a named class that dominates it (the object it would be freed
 * with) and field the edge from that instance towards it. Comparing two
 * snapshots of one node at two sizes then says what each added partition
 * costs, and where. Dominators by Cooper, Harvey and Kennedy's iterative
 * algorithm over strong edges (weak and shortcut edges do not retain).
 */
import { readFileSync } from 'node:fs';

interface RawSnapshot {
  snapshot: { meta: { node_fields: string[]; edge_fields: string[]; node_types: [string[]]; edge_types: [string[]] } };
  nodes: number[];
  edges: number[];
  strings: string[];
}

export interface HeapAttribution {
  /** Own sizes of every object reachable from the root. */
  readonly reachableBytes: number;
  /** Bytes by owner label ("GroupLog.cache", "Raft (self)", "(shared) Object via Foo.bar", ...). */
  readonly byOwner: ReadonlyMap<string, number>;
}

/** Containers and internals: they belong to whatever holds them, not to themselves. */
const PLAIN = new Set(['Object', 'Array', 'Map', 'Set', 'Promise', 'system / Context', 'Uint8Array', 'ArrayBuffer', 'Buffer', 'system / JSArrayBufferData']);
/** Edges every instance has to something shared; they say nothing about ownership. */
const NOT_OWNING = new Set(['__proto__', 'map', 'prototype']);

export function attributeHeap(file: string): HeapAttribution {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as RawSnapshot;
  const meta = raw.snapshot.meta;
  const nodeFields = meta.node_fields.length;
  const edgeFields = meta.edge_fields.length;
  const [typeAt, nameAt, sizeAt, edgeCountAt] = ['type', 'name', 'self_size', 'edge_count'].map((f) => meta.node_fields.indexOf(f)) as [number, number, number, number];
  const [edgeTypeAt, edgeNameAt, toAt] = ['type', 'name_or_index', 'to_node'].map((f) => meta.edge_fields.indexOf(f)) as [number, number, number];
  const { nodes, edges, strings } = raw;
  const nodeTypes = meta.node_types[0];
  const edgeTypes = meta.edge_types[0];
  const count = nodes.length / nodeFields;

  const type = (i: number): string => nodeTypes[nodes[i * nodeFields + typeAt]!]!;
  const name = (i: number): string => strings[nodes[i * nodeFields + nameAt]!]!;
  const self = (i: number): number => nodes[i * nodeFields + sizeAt]!;
  const kind = (i: number): string => {
    const t = type(i);
    if (t === 'object' || t === 'native') return name(i);
    return t === 'closure' ? `(closure ${name(i) || 'anonymous'})` : `(${t})`;
  };
  const edgeType = (e: number): string => edgeTypes[edges[e + edgeTypeAt]!]!;
  const edgeName = (e: number): string => {
    const t = edgeType(e);
    return t === 'element' || t === 'hidden' ? '[i]' : strings[edges[e + edgeNameAt]!]!;
  };
  const target = (e: number): number => edges[e + toAt]! / nodeFields;
  const strong = (e: number): boolean => edgeType(e) !== 'weak' && edgeType(e) !== 'shortcut';

  const firstEdge = new Uint32Array(count + 1);
  for (let i = 0, e = 0; i < count; i++) {
    firstEdge[i] = e;
    e += nodes[i * nodeFields + edgeCountAt]! * edgeFields;
    firstEdge[i + 1] = e;
  }

  // Post-order numbering of what the root (node 0) reaches.
  const postIndex = new Int32Array(count).fill(-1);
  const postOrder = new Uint32Array(count);
  let reached = 0;
  const next = new Uint32Array(count);
  const seen = new Uint8Array(count);
  const stack = [0];
  seen[0] = 1;
  next[0] = firstEdge[0]!;
  while (stack.length > 0) {
    const v = stack[stack.length - 1]!;
    if (next[v]! < firstEdge[v + 1]!) {
      const e = next[v]!;
      next[v] = e + edgeFields;
      const w = target(e);
      if (strong(e) && seen[w] === 0) {
        seen[w] = 1;
        next[w] = firstEdge[w]!;
        stack.push(w);
      }
    } else {
      stack.pop();
      postIndex[v] = reached;
      postOrder[reached++] = v;
    }
  }

  // Strong predecessors, as a compressed adjacency list.
  const predStart = new Uint32Array(count + 1);
  for (let e = 0; e < edges.length; e += edgeFields) if (strong(e)) predStart[target(e) + 1]!++;
  for (let i = 0; i < count; i++) predStart[i + 1]! += predStart[i]!;
  const preds = new Uint32Array(predStart[count]!);
  const fill = predStart.slice();
  for (let i = 0; i < count; i++) {
    for (let e = firstEdge[i]!; e < firstEdge[i + 1]!; e += edgeFields) if (strong(e)) preds[fill[target(e)]!++] = i;
  }

  const idom = new Int32Array(count).fill(-1);
  idom[0] = 0;
  const intersect = (a: number, b: number): number => {
    while (a !== b) {
      while (postIndex[a]! < postIndex[b]!) a = idom[a]!;
      while (postIndex[b]! < postIndex[a]!) b = idom[b]!;
    }
    return a;
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (let k = reached - 1; k >= 0; k--) {
      const v = postOrder[k]!;
      if (v === 0) continue;
      let dom = -1;
      for (let p = predStart[v]!; p < predStart[v + 1]!; p++) {
        const u = preds[p]!;
        if (postIndex[u]! < 0 || idom[u]! < 0) continue;
        dom = dom < 0 ? u : intersect(u, dom);
      }
      if (dom >= 0 && idom[v] !== dom) {
        idom[v] = dom;
        changed = true;
      }
    }
  }

  const named = (i: number): boolean => type(i) === 'object' && !PLAIN.has(name(i)) && !name(i).startsWith('(');
  const edgeTo = (from: number, to: number): string => {
    for (let e = firstEdge[from]!; e < firstEdge[from + 1]!; e += edgeFields) if (target(e) === to && strong(e)) return edgeName(e);
    return '?';
  };
  const sharedVia = (v: number): string => {
    for (let p = predStart[v]!; p < predStart[v + 1]!; p++) {
      const u = preds[p]!;
      for (let e = firstEdge[u]!; e < firstEdge[u + 1]!; e += edgeFields) {
        if (target(e) === v && strong(e) && !NOT_OWNING.has(edgeName(e))) return `${kind(u)}.${edgeName(e)}`;
      }
    }
    return '?';
  };

  const label: string[] = new Array<string>(count);
  const byOwner = new Map<string, number>();
  let reachableBytes = 0;
  // Reverse post-order: a node's dominator is labelled before it.
  for (let k = reached - 1; k >= 0; k--) {
    const v = postOrder[k]!;
    reachableBytes += self(v);
    if (v === 0) continue;
    const dom = idom[v]!;
    if (named(v)) label[v] = `${name(v)} (self)`;
    else if (dom === 0 || type(dom) === 'synthetic') label[v] = `(shared) ${kind(v)} via ${sharedVia(v)}`;
    else if (named(dom)) label[v] = `${name(dom)}.${edgeTo(dom, v)}`;
    else label[v] = label[dom]!;
    byOwner.set(label[v]!, (byOwner.get(label[v]!) ?? 0) + self(v));
  }
  return { reachableBytes, byOwner };
}

/** Owners by what they grew from `base` to `after`, per `units` (largest first). */
export function ownerGrowth(base: HeapAttribution, after: HeapAttribution, units: number): { owner: string; bytesPerUnit: number }[] {
  const owners = new Set([...base.byOwner.keys(), ...after.byOwner.keys()]);
  return [...owners]
    .map((owner) => ({ owner, bytesPerUnit: ((after.byOwner.get(owner) ?? 0) - (base.byOwner.get(owner) ?? 0)) / units }))
    .sort((a, b) => b.bytesPerUnit - a.bytesPerUnit);
}
