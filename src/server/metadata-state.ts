/**
 * The metadata group's state machine on every node: the current image, the
 * outcome of recently applied commands (so a proposer learns whether its
 * command took effect), and listeners for image changes.
 */
import type { GroupStateMachine } from '../host/state-machine.js';
import type { ApplyResult, MetadataImage } from '../metadata/index.js';
import { MetadataStm, emptyImage } from '../metadata/index.js';
import type { Entry, LogIndex, Snapshot } from '../raft/index.js';
import { EntryType } from '../raft/index.js';

/** Outcomes kept for proposers to read; a proposer reads its own within one loop turn of applying. */
const RESULTS_MAX = 1024;
/** Compact the metadata log once this many entries are applied past its start. */
const COMPACT_AFTER_ENTRIES = 2048;

export class MetadataState implements GroupStateMachine {
  private current: MetadataImage;
  private readonly results = new Map<LogIndex, ApplyResult>();
  private readonly listeners = new Set<(image: MetadataImage) => void>();

  constructor(clusterId: string) {
    this.current = emptyImage(clusterId);
  }

  image(): MetadataImage {
    return this.current;
  }

  onChange(listener: (image: MetadataImage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The outcome of the command applied at `index`, if it is still remembered. */
  resultAt(index: LogIndex): ApplyResult | undefined {
    return this.results.get(index);
  }

  restore(snapshot: Snapshot): void {
    this.current = MetadataStm.restore(snapshot.data);
    this.results.clear();
    this.notify();
  }

  apply(entries: readonly Entry[]): void {
    let changed = false;
    for (const entry of entries) {
      // No-ops and membership changes of the metadata group carry no command.
      if (entry.type !== EntryType.Normal || entry.data.byteLength === 0) continue;
      const applied = MetadataStm.applyEntry(this.current, entry.data, entry.index);
      this.current = applied.image;
      this.results.set(entry.index, applied.result);
      if (this.results.size > RESULTS_MAX) this.results.delete(this.results.keys().next().value as LogIndex);
      changed = true;
    }
    if (changed) this.notify();
  }

  compaction(firstIndex: LogIndex, applied: LogIndex): { index: LogIndex; data: Uint8Array } | undefined {
    if (applied - firstIndex < COMPACT_AFTER_ENTRIES) return undefined;
    return { index: applied, data: MetadataStm.snapshot(this.current) };
  }

  private notify(): void {
    for (const listener of this.listeners) listener(this.current);
  }
}
