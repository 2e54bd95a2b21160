import { describe, expect, it } from 'vitest';
import { MessageType, logIndex, message, nodeId, term } from '../../../src/raft/types.js';
import type { Snapshot } from '../../../src/raft/types.js';
import type { PeerBatch__Output } from '../../../src/gen/cairn/v1/raft/PeerBatch.js';
import { backoffDelayMs } from '../../../src/transport/backoff.js';
import {
  decodeBatch,
  decodeSnapshotHeader,
  encodeBatch,
  encodeSnapshotHeader,
  isCompactHeartbeat,
} from '../../../src/transport/message-codec.js';
import { peerProto } from '../../../src/transport/proto.js';
import type { Envelope } from '../../../src/transport/index.js';
import { deliveryOrder, plain, sampleMessages } from './helpers.js';

const A = nodeId(1);
const B = nodeId(2);

/** Through the real wire format, with the runtime loader options. */
function wire(envelopes: readonly Envelope[]): { frame: Buffer; batch: PeerBatch__Output } {
  const method = peerProto().Peer.service.Stream;
  const frame = method.requestSerialize({ batch: encodeBatch(envelopes) });
  const decoded = method.requestDeserialize(frame);
  if (decoded.batch == null) throw new Error('no batch in the frame');
  return { frame, batch: decoded.batch };
}

describe('message codec', () => {
  it('round-trips every batched message type through the wire format', () => {
    const sent = sampleMessages(A, B);
    const decoded = decodeBatch(wire(sent).batch, A, B);
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(plain(decoded.value)).toEqual(plain(deliveryOrder(sent, isCompactHeartbeat)));
  });

  it('sends plain heartbeats compactly and anything richer as a full message', () => {
    const batch = encodeBatch(sampleMessages(A, B));
    expect(batch.heartbeats).toEqual([{ group: 5, term: 7, commit: 12 }]);
    expect(batch.heartbeatResponses).toEqual([{ group: 6, term: 7, commit: 0 }]);
    expect(batch.messages?.map((m) => m.type)).toContain(MessageType.Heartbeat);
  });

  it('carries the answering run (boot) in full answers and in compact heartbeat answers, and leaves it off heartbeats', () => {
    const sent: Envelope[] = [
      { group: 1, message: message({ type: MessageType.AppResp, from: A, to: B, term: term(3), index: logIndex(9), boot: 4_000_000_000 }) },
      { group: 2, message: message({ type: MessageType.HeartbeatResp, from: A, to: B, term: term(3), boot: 77 }) },
      { group: 3, message: message({ type: MessageType.Heartbeat, from: A, to: B, term: term(3), commit: logIndex(5) }) },
    ];
    const batch = encodeBatch(sent);
    expect(batch.heartbeatResponses).toEqual([{ group: 2, term: 3, commit: 0, boot: 77 }]);
    expect(batch.heartbeats).toEqual([{ group: 3, term: 3, commit: 5 }]);
    const decoded = decodeBatch(wire(sent).batch, A, B);
    if (!decoded.ok) throw new Error(decoded.reason);
    expect(decoded.value.map((e) => [e.group, e.message.type, e.message.boot])).toEqual([
      [1, MessageType.AppResp, 4_000_000_000],
      [3, MessageType.Heartbeat, 0],
      [2, MessageType.HeartbeatResp, 77],
    ]);
  });

  it('hands entry data out as views into the received frame, without copying', () => {
    const { frame, batch } = wire(sampleMessages(A, B));
    const decoded = decodeBatch(batch, A, B);
    if (!decoded.ok) throw new Error(decoded.reason);
    const data = decoded.value[0]!.message.entries[0]!.data;
    expect(Buffer.from(data)).toEqual(Buffer.from([1, 2, 3]));
    expect(data.buffer).toBe(frame.buffer);
  });

  it('rejects frames that do not fit the stream or the number range', () => {
    const { batch } = wire(sampleMessages(A, B));
    expect(decodeBatch(batch, nodeId(3), B)).toMatchObject({ ok: false, reason: expect.stringContaining('stream 3→2') });

    const tooBig = structuredClone(batch);
    tooBig.messages[0]!.commit = '9007199254740993';
    expect(decodeBatch(tooBig, A, B)).toMatchObject({ ok: false, reason: expect.stringContaining('commit') });

    const snapInBatch = structuredClone(batch);
    snapInBatch.messages[0]!.type = MessageType.Snap;
    expect(decodeBatch(snapInBatch, A, B)).toMatchObject({ ok: false, reason: expect.stringContaining('not allowed') });

    const badEntry = structuredClone(batch);
    badEntry.messages[0]!.entries[0]!.type = 7;
    expect(decodeBatch(badEntry, A, B)).toMatchObject({ ok: false, reason: expect.stringContaining('entry type 7') });
  });

  it('round-trips a snapshot header', () => {
    const snapshot: Snapshot = {
      metadata: { index: logIndex(100), term: term(4), conf: { voters: [A, B, nodeId(3)], learners: [nodeId(4)] } },
      data: new Uint8Array(12345),
    };
    const sender = { nodeId: A, clusterId: 'c', incarnation: 'i' };
    const method = peerProto().Peer.service.InstallSnapshot;
    const header = encodeSnapshotHeader(sender, 9, B, term(5), snapshot);
    const chunk = method.requestDeserialize(method.requestSerialize({ header }));
    if (chunk.header == null) throw new Error('no header');
    expect(decodeSnapshotHeader(chunk.header)).toEqual({
      ok: true,
      value: { sender, group: 9, to: B, term: 5, metadata: snapshot.metadata, dataBytes: 12345 },
    });
  });

  it('knows a compact heartbeat when it sees one', () => {
    const beat = message({ type: MessageType.Heartbeat, from: A, to: B, term: term(1), commit: logIndex(5) });
    expect(isCompactHeartbeat(beat)).toBe(true);
    expect(isCompactHeartbeat({ ...beat, reject: true })).toBe(false);
    expect(isCompactHeartbeat({ ...beat, type: MessageType.App })).toBe(false);
  });
});

describe('reconnect backoff', () => {
  it('grows exponentially up to the maximum and keeps at least half of it under jitter', () => {
    const delays = (random: number): number[] =>
      [0, 1, 2, 3, 10].map((attempt) => backoffDelayMs(attempt, 100, 1_000, () => random));
    expect(delays(1)).toEqual([100, 200, 400, 800, 1_000]);
    expect(delays(0)).toEqual([50, 100, 200, 400, 500]);
    expect(backoffDelayMs(1_000, 100, 1_000, () => 0.5)).toBe(750);
  });
});
