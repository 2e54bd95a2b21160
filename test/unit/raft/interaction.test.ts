/**
 * Scripted interaction tests in the style of etcd/raft's datadriven tests:
 * each file in testdata/ is a list of commands, each followed by `----` and
 * the output it must produce. `REWRITE=1 npx vitest run test/unit/raft/interaction`
 * rewrites the expected output after a deliberate change; review the diff.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConfChange, Entry, Message, NodeId } from '../../../src/raft/index.js';
import { EntryType, MessageType, decodeConfState } from '../../../src/raft/index.js';
import { TestCluster, bytes } from './harness.js';

const TESTDATA = join(import.meta.dirname, 'testdata');

interface Block {
  readonly command: string;
  readonly expected: string;
}

function parse(text: string): Block[] {
  const blocks: Block[] = [];
  const lines = text.split('\n');
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!.trim();
    i++;
    if (line === '' || line.startsWith('#')) continue;
    if (lines[i]?.trim() !== '----') throw new Error(`expected ---- after "${line}"`);
    i++;
    const out: string[] = [];
    while (i < lines.length && lines[i]!.trim() !== '') out.push(lines[i++]!);
    blocks.push({ command: line, expected: out.join('\n') });
  }
  return blocks;
}

function render(blocks: readonly Block[], outputs: readonly string[]): string {
  return blocks.map((b, i) => `${b.command}\n----\n${outputs[i]}\n`).join('\n');
}

const TYPE_NAMES: Record<number, string> = {
  [MessageType.App]: 'app',
  [MessageType.AppResp]: 'app-resp',
  [MessageType.Vote]: 'vote',
  [MessageType.VoteResp]: 'vote-resp',
  [MessageType.PreVote]: 'pre-vote',
  [MessageType.PreVoteResp]: 'pre-vote-resp',
  [MessageType.Heartbeat]: 'heartbeat',
  [MessageType.HeartbeatResp]: 'heartbeat-resp',
  [MessageType.Snap]: 'snap',
  [MessageType.TimeoutNow]: 'timeout-now',
};

function formatEntry(e: Entry): string {
  if (e.type === EntryType.ConfChange) {
    const conf = decodeConfState(e.data);
    return `${e.index}/${e.term} conf voters=[${conf.voters}] learners=[${conf.learners}]`;
  }
  return `${e.index}/${e.term} ${e.data.byteLength === 0 ? 'no-op' : JSON.stringify(new TextDecoder().decode(e.data))}`;
}

function formatMessage(m: Message): string {
  const parts = [`${m.from}->${m.to} ${TYPE_NAMES[m.type]} term=${m.term}`];
  switch (m.type) {
    case MessageType.App:
      parts.push(`prev=${m.index}/${m.logTerm} commit=${m.commit} entries=[${m.entries.map(formatEntry).join(', ')}]`);
      break;
    case MessageType.AppResp:
      parts.push(m.reject ? `reject index=${m.index} hint=${m.rejectHint}/${m.logTerm}` : `index=${m.index}`);
      break;
    case MessageType.Vote:
    case MessageType.PreVote:
      parts.push(`last=${m.index}/${m.logTerm}${m.transfer ? ' transfer' : ''}`);
      break;
    case MessageType.VoteResp:
    case MessageType.PreVoteResp:
      parts.push(m.reject ? 'rejected' : 'granted');
      break;
    case MessageType.Heartbeat:
      parts.push(`commit=${m.commit}`);
      break;
    case MessageType.Snap:
      parts.push(`snapshot=${m.snapshot!.metadata.index}/${m.snapshot!.metadata.term}`);
      break;
  }
  return parts.join(' ');
}

function statusLine(c: TestCluster, id: NodeId): string {
  const s = c.node(id).raw.status();
  return `${id}: ${s.role} term=${s.term} lead=${s.lead} commit=${s.commit} applied=${s.applied} last=${s.lastIndex} voters=[${s.conf.voters}] learners=[${s.conf.learners}]`;
}

/** Runs one command against the cluster and returns its output. */
function run(state: { cluster: TestCluster }, command: string): string {
  const [verb, ...args] = command.split(/\s+/);
  const num = (i: number): number => {
    const n = Number(args[i]);
    if (!Number.isInteger(n)) throw new Error(`"${command}": argument ${i + 1} must be an integer`);
    return n;
  };
  const c = state.cluster;
  switch (verb) {
    case 'add-nodes':
      state.cluster = TestCluster.bootstrap(num(0), { preVote: args[1] !== 'pre-vote=false' });
      return [...state.cluster.nodes.keys()].map((id) => statusLine(state.cluster, id)).join('\n');
    case 'add-empty':
      c.add(num(0) as NodeId);
      return statusLine(c, num(0) as NodeId);
    case 'campaign':
      c.node(num(0)).raw.campaign();
      return 'ok';
    case 'propose': {
      const r = c.node(num(0)).raw.propose(bytes(args.slice(1).join(' ')));
      return r.ok ? `ok index=${r.index} term=${r.term}` : `refused: ${r.reason}`;
    }
    case 'conf-change': {
      const change = { type: args[1], node: num(2) } as ConfChange;
      const r = c.node(num(0)).raw.proposeConfChange(change);
      return r.ok ? `ok index=${r.index}` : `refused: ${r.reason}${'detail' in r ? ` (${r.detail})` : ''}`;
    }
    case 'transfer': {
      const r = c.node(num(0)).raw.transferLeadership(num(1) as NodeId);
      return r.ok ? 'ok' : `refused: ${r.reason}`;
    }
    case 'tick': {
      const before = [...c.nodes.keys()].map((id) => statusLine(c, id));
      for (let t = 0; t < num(1); t++) c.node(num(0)).raw.tick();
      const changed = [...c.nodes.keys()].map((id) => statusLine(c, id)).filter((s, i) => s !== before[i]);
      return changed.length === 0 ? 'ok' : changed.join('\n');
    }
    case 'stabilize': {
      const before = new Map([...c.nodes.keys()].map((id) => [id, statusLine(c, id)]));
      const lines = c.stabilize().map(formatMessage);
      for (const id of c.nodes.keys()) {
        const now = statusLine(c, id);
        if (now !== before.get(id)) lines.push(now);
      }
      return lines.length === 0 ? 'ok' : lines.join('\n');
    }
    case 'status':
      return statusLine(c, num(0) as NodeId);
    case 'log': {
      const node = c.node(num(0));
      const first = node.storage.firstIndex();
      const got = node.storage.entries(first, (node.storage.lastIndex() + 1) as typeof first, Infinity);
      const entries = typeof got === 'string' ? [] : got;
      const snap = node.storage.snapshot().metadata;
      return [`snapshot=${snap.index}/${snap.term}`, ...entries.map(formatEntry)].join('\n');
    }
    case 'applied':
      return c.payloads(num(0)).join(' ') || '(none)';
    case 'isolate':
      c.isolate(num(0));
      return 'ok';
    case 'heal':
      c.heal();
      return 'ok';
    case 'restart':
      c.restart(num(0));
      return statusLine(c, num(0) as NodeId);
    case 'compact': {
      const node = c.node(num(0));
      node.storage.compact(num(1) as NodeId & never, node.raw.status().conf, bytes(`snap@${num(1)}`));
      return `first=${node.storage.firstIndex()}`;
    }
    default:
      throw new Error(`unknown command "${command}"`);
  }
}

describe('interaction scripts', () => {
  for (const file of readdirSync(TESTDATA).filter((f) => f.endsWith('.txt'))) {
    it(`${file} produces its recorded output`, () => {
      const path = join(TESTDATA, file);
      const blocks = parse(readFileSync(path, 'utf8'));
      const state = { cluster: new TestCluster() };
      const outputs = blocks.map((b) => run(state, b.command));
      if (process.env['REWRITE'] === '1') {
        writeFileSync(path, render(blocks, outputs));
        return;
      }
      blocks.forEach((b, i) => expect(`${b.command}\n${outputs[i]}`).toBe(`${b.command}\n${b.expected}`));
    });
  }
});
