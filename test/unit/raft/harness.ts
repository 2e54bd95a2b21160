/**
 * A small synchronous cluster for unit and interaction tests: nodes share
 * nothing but the messages this harness moves between them. Every Ready is
 * carried out in full (persist, send, apply, advance) as the host would.
 */
import type { ConfState, Entry, Message, NodeId, RaftOptions, Ready } from '../../../src/raft/index.js';
import { EntryType, MemoryStorage, RawNode, SeededRng, decodeConfState } from '../../../src/raft/index.js';

export interface TestNode {
  readonly id: NodeId;
  raw: RawNode;
  storage: MemoryStorage;
  applied: Entry[];
}

export class TestCluster {
  readonly nodes = new Map<NodeId, TestNode>();
  /** Messages waiting for delivery, in send order. */
  inbox: Message[] = [];
  /** Links that drop every message: "from-to". */
  readonly cut = new Set<string>();
  /** Every message delivered, for assertions about traffic. */
  readonly delivered: Message[] = [];
  /** Drops every message it returns true for, as a cut link would (e.g. one message type, or one entry). */
  dropIf: ((m: Message) => boolean) | null = null;
  /** Runs after a Ready is persisted and before its messages leave: where tests check the Ready contract. */
  afterPersist: ((node: TestNode, rd: Ready) => void) | null = null;

  constructor(private readonly options: Partial<RaftOptions> = {}) {}

  /** Adds initial members sharing one bootstrap configuration. */
  static bootstrap(count: number, options: Partial<RaftOptions> = {}): TestCluster {
    const cluster = new TestCluster(options);
    const voters = Array.from({ length: count }, (_, i) => (i + 1) as NodeId);
    for (const id of voters) {
      const storage = new MemoryStorage();
      storage.bootstrap({ voters, learners: [] });
      cluster.add(id, storage);
    }
    return cluster;
  }

  add(id: NodeId, storage = new MemoryStorage()): TestNode {
    const node: TestNode = { id, storage, applied: [], raw: this.makeRaw(id, storage) };
    this.nodes.set(id, node);
    return node;
  }

  private makeRaw(id: NodeId, storage: MemoryStorage): RawNode {
    return new RawNode({ id, storage, rng: new SeededRng(id), electionTicks: 10, heartbeatTicks: 1, ...this.options });
  }

  node(id: number): TestNode {
    const node = this.nodes.get(id as NodeId);
    if (node === undefined) throw new Error(`no node ${id}`);
    return node;
  }

  /** Crash and restart from what was persisted: the unstable log and the applied state are lost. */
  restart(id: number): void {
    const node = this.node(id);
    node.applied = [];
    node.raw = this.makeRaw(node.id, node.storage);
  }

  isolate(id: number): void {
    for (const other of this.nodes.keys()) {
      if (other === id) continue;
      this.cut.add(`${id}-${other}`);
      this.cut.add(`${other}-${id}`);
    }
  }

  heal(): void {
    this.cut.clear();
  }

  /** Cuts every link between nodes of different groups (both directions). */
  partition(...groups: readonly (readonly number[])[]): void {
    for (const [i, group] of groups.entries()) {
      for (const other of groups.slice(i + 1)) {
        for (const a of group) {
          for (const b of other) {
            this.cut.add(`${a}-${b}`);
            this.cut.add(`${b}-${a}`);
          }
        }
      }
    }
  }

  /** Carries out one node's Ready, if it has one. */
  processReady(node: TestNode): boolean {
    if (!node.raw.hasReady()) return false;
    const rd = node.raw.ready();
    if (rd.snapshot !== null) node.storage.applySnapshot(rd.snapshot);
    node.storage.append(rd.entries);
    if (rd.hardState !== null) node.storage.setHardState(rd.hardState);
    this.afterPersist?.(node, rd);
    for (const m of [...rd.earlyMessages, ...rd.messages]) {
      if (!this.cut.has(`${m.from}-${m.to}`) && this.dropIf?.(m) !== true) this.inbox.push(m);
    }
    node.applied.push(...rd.committedEntries);
    node.raw.advance();
    return true;
  }

  /** Processes Readys and delivers messages until nothing moves; returns the messages delivered. */
  stabilize(roundsMax = 1000): Message[] {
    const start = this.delivered.length;
    for (let round = 0; round < roundsMax; round++) {
      let moved = false;
      for (const node of this.nodes.values()) moved = this.processReady(node) || moved;
      const batch = this.inbox;
      this.inbox = [];
      for (const m of batch) {
        const target = this.nodes.get(m.to);
        if (target === undefined) continue;
        this.delivered.push(m);
        target.raw.step(m);
        moved = true;
      }
      if (!moved) return this.delivered.slice(start);
    }
    throw new Error(`cluster did not stabilize within ${roundsMax} rounds`);
  }

  tickAll(ticks = 1): void {
    for (let t = 0; t < ticks; t++) for (const node of this.nodes.values()) node.raw.tick();
  }

  /** Campaigns on `id` and stabilizes; the node should end up leader. */
  elect(id: number): void {
    this.node(id).raw.campaign();
    this.stabilize();
  }

  leaders(): NodeId[] {
    return [...this.nodes.values()].filter((n) => n.raw.status().role === 'leader').map((n) => n.id);
  }

  /** Application payloads a node applied, as strings (no-ops and conf changes left out). */
  payloads(id: number): string[] {
    return this.node(id)
      .applied.filter((e) => e.type === EntryType.Normal && e.data.byteLength > 0)
      .map((e) => new TextDecoder().decode(e.data));
  }

  confOf(id: number): ConfState {
    return this.node(id).raw.status().conf;
  }
}

export const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

export function lastConfEntry(entries: readonly Entry[]): ConfState | undefined {
  const conf = entries.filter((e) => e.type === EntryType.ConfChange).pop();
  return conf === undefined ? undefined : decodeConfState(conf.data);
}
