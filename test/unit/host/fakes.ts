/** In-memory stand-ins for NodeStorage and PeerTransport, to test the host loop alone. */
import type { Envelope, HostStorage, HostTransport } from '../../../src/host/ports.js';
import type { GroupStateMachine } from '../../../src/host/state-machine.js';
import type { ConfState, Entry, LogIndex, Message, NodeId, Snapshot } from '../../../src/raft/index.js';
import { EntryType, MemoryStorage } from '../../../src/raft/index.js';
import type { GroupId, GroupWrite, WriteOptions } from '../../../src/storage/types.js';

export class MemoryHostStorage implements HostStorage {
  readonly logs = new Map<GroupId, MemoryStorage>();
  writes: { groups: number; sync: boolean; flushWithinMs: number | undefined }[] = [];
  /** Writes it returns true for stay in flight (stored, not yet acknowledged) until release(). */
  holdIf: ((writes: readonly GroupWrite[]) => boolean) | undefined;
  readonly #held: (() => void)[] = [];

  openGroup(group: GroupId): Promise<MemoryStorage> {
    let log = this.logs.get(group);
    if (log === undefined) this.logs.set(group, (log = new MemoryStorage()));
    return Promise.resolve(log);
  }

  deleteGroup(group: GroupId): Promise<void> {
    this.logs.delete(group);
    return Promise.resolve();
  }

  write(writes: readonly GroupWrite[], options: WriteOptions): Promise<void> {
    this.writes.push({ groups: writes.length, sync: options.sync ?? true, flushWithinMs: options.flushWithinMs });
    for (const w of writes) {
      const log = this.logs.get(w.group)!;
      if (w.snapshot !== undefined) log.applySnapshot(w.snapshot);
      if (w.entries !== undefined) log.append(w.entries);
      if (w.hardState !== undefined) log.setHardState(w.hardState);
    }
    if (this.holdIf?.(writes) === true) return new Promise((resolve) => this.#held.push(resolve));
    // A real disk takes time; letting the event loop turn exercises pipelining of input during writes.
    return new Promise((resolve) => setImmediate(resolve));
  }

  /** Writes stored but held in flight. */
  get holding(): number {
    return this.#held.length;
  }

  release(): void {
    this.holdIf = undefined;
    for (const resolve of this.#held.splice(0)) resolve();
  }

  compact(group: GroupId, index: LogIndex, conf: ConfState, data: Uint8Array): Promise<void> {
    this.logs.get(group)!.compact(index, conf, data);
    return Promise.resolve();
  }
}

/** Connects hosts in one process; links can be cut. */
export class LoopbackNetwork {
  readonly inboxes = new Map<NodeId, (from: NodeId, envelopes: readonly Envelope[]) => void>();
  readonly down = new Set<NodeId>();
  framesSent = 0;

  transport(self: NodeId): HostTransport {
    const pending = new Map<NodeId, Envelope[]>();
    return {
      send: (to, envelopes) => {
        const queue = pending.get(to) ?? [];
        queue.push(...envelopes);
        pending.set(to, queue);
      },
      flush: () => {
        for (const [to, envelopes] of pending) {
          this.framesSent++;
          if (this.down.has(to) || this.down.has(self)) continue;
          const deliver = this.inboxes.get(to);
          setImmediate(() => deliver?.(self, envelopes));
        }
        pending.clear();
      },
      sendSnapshot: (to: NodeId, group: GroupId, message: Message) => {
        if (this.down.has(to) || this.down.has(self)) return Promise.resolve(false);
        this.inboxes.get(to)?.(self, [{ group, message }]);
        return Promise.resolve(true);
      },
    };
  }
}

/** Records applied payloads; snapshots are the payload list as JSON. */
export class ListStm implements GroupStateMachine {
  values: string[] = [];
  /** A payload this state machine cannot apply: it throws, as a broken state machine would. */
  failOn: string | undefined;

  restore(snapshot: Snapshot): void {
    this.values = JSON.parse(new TextDecoder().decode(snapshot.data)) as string[];
  }

  apply(entries: readonly Entry[]): void {
    for (const e of entries) {
      if (e.type !== EntryType.Normal || e.data.byteLength === 0) continue;
      const value = new TextDecoder().decode(e.data);
      if (value === this.failOn) throw new Error(`cannot apply ${value}`);
      this.values.push(value);
    }
  }

  compaction(): undefined {
    return undefined;
  }
}

/** A log whose entries are cold until a load of `loadMs` finishes, as a disk-backed log after a restart. */
export class ColdLog extends MemoryStorage {
  entriesCalls = 0;
  private warm = false;
  private loading: Promise<void> | undefined;

  constructor(private readonly loadMs: number) {
    super();
  }

  override entries(...args: Parameters<MemoryStorage['entries']>): ReturnType<MemoryStorage['entries']> {
    this.entriesCalls++;
    if (this.warm) return super.entries(...args);
    this.loading ??= new Promise((resolve) => setTimeout(resolve, this.loadMs)).then(() => {
      this.warm = true;
    });
    return 'unavailable';
  }

  settled(): Promise<void> {
    return this.loading ?? Promise.resolve();
  }
}
