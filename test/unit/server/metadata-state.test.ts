import { describe, expect, it } from 'vitest';
import type { MetadataCommand, MetadataImage } from '../../../src/metadata/index.js';
import { encodeCommand } from '../../../src/metadata/index.js';
import type { Entry, LogIndex, NodeId, Term } from '../../../src/raft/index.js';
import { EntryType, encodeConfState } from '../../../src/raft/index.js';
import { MetadataState } from '../../../src/server/metadata-state.js';
import { CLUSTER_ID, registration, topicCommand } from '../metadata/helpers.js';

const ALLOCATE: MetadataCommand = { type: 'allocate-producer-ids' };

function commandEntry(index: number, command: MetadataCommand): Entry {
  return { index: index as LogIndex, term: 1 as Term, type: EntryType.Normal, data: encodeCommand(command) };
}

/** The bootstrap membership entry and a leader's no-op: what a metadata log starts with. */
const PREAMBLE: Entry[] = [
  { index: 1 as LogIndex, term: 1 as Term, type: EntryType.ConfChange, data: encodeConfState({ voters: [1 as NodeId], learners: [] }) },
  { index: 2 as LogIndex, term: 1 as Term, type: EntryType.Normal, data: new Uint8Array(0) },
];

/** A state with `count` allocate-producer-ids commands applied at indexes 1…count, one entry per apply. */
function withAllocations(count: number): MetadataState {
  const state = new MetadataState(CLUSTER_ID);
  for (let index = 1; index <= count; index++) state.apply([commandEntry(index, ALLOCATE)]);
  return state;
}

describe('MetadataState', () => {
  it('applies committed commands to the image and remembers whether each took effect', () => {
    const state = new MetadataState(CLUSTER_ID);
    state.apply([...PREAMBLE, commandEntry(3, registration(1)), commandEntry(4, topicCommand('orders', [[1, 2]]))]);
    const image = state.image();
    expect(image.version).toBe(4);
    expect([...image.nodes.keys()]).toEqual([1]);
    expect(image.topics.size).toBe(0);
    expect(state.resultAt(3 as LogIndex)).toEqual({ ok: true });
    expect(state.resultAt(4 as LogIndex)).toMatchObject({ ok: false, error: { kind: 'not-enough-nodes' } });
    expect(state.resultAt(2 as LogIndex)).toBeUndefined();
  });

  it('tells its listeners once per apply that carried a command, and never after they unsubscribe', () => {
    const state = new MetadataState(CLUSTER_ID);
    const seen: MetadataImage[] = [];
    const unsubscribe = state.onChange((image) => seen.push(image));
    state.apply(PREAMBLE);
    expect(seen).toEqual([]);
    state.apply([commandEntry(3, registration(1)), commandEntry(4, registration(2))]);
    expect(seen).toEqual([state.image()]);
    unsubscribe();
    state.apply([commandEntry(5, ALLOCATE)]);
    expect(seen).toHaveLength(1);
  });

  it('remembers the outcomes of the last 1024 commands only', () => {
    const state = withAllocations(1025);
    expect(state.resultAt(1 as LogIndex)).toBeUndefined();
    expect(state.resultAt(2 as LogIndex)).toEqual({ ok: true });
    expect(state.resultAt(1025 as LogIndex)).toEqual({ ok: true });
  });

  it('asks for compaction once 2048 entries are applied past the log start, at the applied index', () => {
    const state = withAllocations(3);
    expect(state.compaction(1 as LogIndex, 2048 as LogIndex)).toBeUndefined();
    expect(state.compaction(10 as LogIndex, 2057 as LogIndex)).toBeUndefined();
    expect(state.compaction(1 as LogIndex, 2049 as LogIndex)?.index).toBe(2049);
  });

  it('restores the image its compaction snapshot holds, forgetting outcomes and telling listeners', () => {
    const state = new MetadataState(CLUSTER_ID);
    state.apply([commandEntry(1, registration(1)), commandEntry(2, registration(2)), commandEntry(3, topicCommand('orders', [[1, 2]]))]);
    const snapshot = state.compaction(0 as LogIndex, 2048 as LogIndex);
    if (snapshot === undefined) throw new Error('no compaction');

    const restored = withAllocations(1);
    const seen: MetadataImage[] = [];
    restored.onChange((image) => seen.push(image));
    restored.restore({ metadata: { index: snapshot.index, term: 1 as Term, conf: { voters: [1 as NodeId], learners: [] } }, data: snapshot.data });
    expect(restored.image()).toEqual(state.image());
    expect(restored.resultAt(1 as LogIndex)).toBeUndefined();
    expect(seen).toEqual([restored.image()]);
  });
});
