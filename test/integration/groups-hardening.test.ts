/**
 * Consumer groups against hostile and stale input, on one real `cairn serve`
 * process: commits for partitions that do not exist, offsets beyond what can
 * be read back, oversized metadata and ids, a join that borrows a live
 * member's id; and topics deleted under a group: a topic created again
 * under the same name starts the group per autoOffsetReset, not at its
 * predecessor's committed offset, and describeGroup leaves a deleted
 * topic's offsets out.
 */
import { credentials, makeGenericClientConstructor } from '@grpc/grpc-js';
import type { ServiceError } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import type { CairnError } from '../../src/client/errors.js';
import { fromGrpcError } from '../../src/client/errors.js';
import { groupsService } from '../../src/protocol/proto.js';
import { OFFSET_METADATA_BYTES_MAX } from '../../src/groups/limits.js';
import { useCluster } from './support/cluster-fixture.js';
import { waitFor } from './support/wait.js';

interface HeartbeatAnswer {
  memberId: string;
  memberEpoch: number;
}

interface RawGroups {
  heartbeat(request: unknown, callback: (error: ServiceError | null, response: HeartbeatAnswer) => void): void;
  commitOffsets(request: unknown, callback: (error: ServiceError | null, response: unknown) => void): void;
  close(): void;
}

const Groups = makeGenericClientConstructor(groupsService() as never, 'Groups');

/** Calls a raw Groups method; resolves with the answer or the error as the SDK would type it. */
function call<T>(method: (request: unknown, callback: (error: ServiceError | null, response: T) => void) => void, request: unknown): Promise<T | CairnError> {
  return new Promise((resolve) => method(request, (error, response) => resolve(error === null ? response : fromGrpcError(error))));
}

const codeOf = (outcome: unknown): string | undefined => (outcome as CairnError | undefined)?.code;

describe('consumer groups against hostile and stale input', () => {
  const env = useCluster({ nodes: 1, requestTimeoutMs: 5000 });
  const groups = () => env.cairn.admin().groups();
  const refusal = (promise: Promise<unknown>): Promise<string | undefined> => promise.then(() => undefined, (error: unknown) => codeOf(error));

  const produce = async (topic: string, count: number): Promise<void> => {
    const producer = env.cairn.producer({ idempotent: true });
    try {
      await Promise.all(Array.from({ length: count }, (_, i) => producer.send({ topic, messages: [{ key: `k${i}`, value: `v${i}` }] })));
    } finally {
      await producer.close();
    }
  };

  it('refuses commits for topics and partitions that do not exist, offsets over 2^63-1, oversized metadata and ids, each with its typed error, storing none', async () => {
    await env.cairn.admin().createTopic({ name: 'real', partitions: 2, replicationFactor: 1 });
    // The first group request makes the node create the offsets topic; wait for it with one valid commit.
    await waitFor('the offsets topic', () => groups().resetOffsets('g-ok', 'real', { offset: 1 }, [0]).then(() => true));

    expect(await refusal(groups().resetOffsets('g-bad', 'no-such-topic', { offset: 5 }, [7]))).toBe('UNKNOWN_TOPIC_OR_PARTITION');
    expect(await refusal(groups().resetOffsets('g-bad', 'real', { offset: 5 }, [2 ** 32 - 1]))).toBe('UNKNOWN_TOPIC_OR_PARTITION');
    expect(await refusal(groups().resetOffsets('g-bad', 'real\u0000x', { offset: 5 }, [0]))).toBe('UNKNOWN_TOPIC_OR_PARTITION');
    expect(await refusal(groups().resetOffsets('g-bad', 'real', { offset: 2n ** 64n - 1n }, [0]))).toBe('OFFSET_OUT_OF_RANGE');
    expect(await refusal(groups().describeGroup('g-bad'))).toBe('GROUP_ID_NOT_FOUND');

    const startedMs = Date.now();
    expect(await refusal(groups().describeGroup('x'.repeat(100_000)))).toBe('INVALID_REQUEST');
    expect(await refusal(groups().resetOffsets('g\u0000nul', 'real', { offset: 5 }, [0]))).toBe('INVALID_REQUEST');
    expect(Date.now() - startedMs).toBeLessThan(5_000); // refused at once, not retried

    const raw = new Groups(env.cluster.brokers()[0]!, credentials.createInsecure()) as unknown as RawGroups;
    try {
      const metadata = 'm'.repeat(OFFSET_METADATA_BYTES_MAX + 1);
      const commit = { groupId: 'g-ok', memberId: '', memberEpoch: -1, offsets: [{ topic: 'real', partition: 1, offset: '3', metadata }] };
      expect(codeOf(await call(raw.commitOffsets.bind(raw), commit))).toBe('OFFSET_METADATA_TOO_LARGE');
    } finally {
      raw.close();
    }
    expect((await groups().describeGroup('g-ok')).offsets.map((o) => [o.topic, o.partition, o.committed])).toEqual([['real', 0, 1n]]);
  });

  it('does not let a join with a live member\'s id evict that member', async () => {
    const raw = new Groups(env.cluster.brokers()[0]!, credentials.createInsecure()) as unknown as RawGroups;
    try {
      const beat = { groupId: 'g-steal', memberId: '', memberEpoch: 0, groupInstanceId: '', subscribedTopics: ['real'], assignor: '', sessionTimeoutMs: 30_000, ownedPartitions: [] };
      const heartbeat = raw.heartbeat.bind(raw);
      const victim = (await waitFor('a coordinator for g-steal', async () => {
        const answer = await call(heartbeat, beat);
        return 'memberId' in answer ? answer : undefined;
      })) as HeartbeatAnswer;
      const intruder = await call(heartbeat, { ...beat, memberId: victim.memberId });
      expect(intruder).toMatchObject({ memberId: expect.any(String) });
      expect((intruder as HeartbeatAnswer).memberId).not.toBe(victim.memberId);
      // The victim is still a member, at its own epoch.
      expect(await call(heartbeat, { ...beat, memberId: victim.memberId, memberEpoch: victim.memberEpoch })).toMatchObject({ memberId: victim.memberId });
      const members = (await groups().describeGroup('g-steal')).members.map((m) => m.memberId).sort();
      expect(members).toEqual([victim.memberId, (intruder as HeartbeatAnswer).memberId].sort());
      // A heartbeat claiming more partitions than a cluster can have is refused before any work.
      const claimsAll = { ...beat, memberId: victim.memberId, memberEpoch: victim.memberEpoch, ownedPartitions: [{ topic: 'real', partitions: Array<number>(100_001).fill(0) }] };
      expect(codeOf(await call(heartbeat, claimsAll))).toBe('INVALID_REQUEST');
    } finally {
      raw.close();
    }
  });

  it('starts a group on a topic deleted and created again under the same name per autoOffsetReset, not at the old committed offset', async () => {
    const admin = env.cairn.admin();
    await admin.createTopic({ name: 'reborn', partitions: 1, replicationFactor: 1 });
    await produce('reborn', 250);
    await groups().resetOffsets('g-reborn', 'reborn', { offset: 200 }, [0]);
    expect((await groups().describeGroup('g-reborn')).offsets.map((o) => o.committed)).toEqual([200n]);

    await admin.deleteTopic('reborn');
    await waitFor('the topic to be created again', () => admin.createTopic({ name: 'reborn', partitions: 1, replicationFactor: 1 }).then(() => true));
    await produce('reborn', 300);

    const consumer = env.cairn.consumer({ groupId: 'g-reborn', autoOffsetReset: 'earliest', sessionTimeoutMs: 10_000 });
    const offsets: bigint[] = [];
    // The deadline closes the consumer, which ends a nextBatch() still waiting.
    const deadline = setTimeout(() => void consumer.close(), 30_000);
    try {
      consumer.subscribe(['reborn']);
      while (offsets.length < 300) {
        const batch = await consumer.nextBatch();
        if (batch === undefined) break;
        for (const message of batch.messages) offsets.push(message.offset);
      }
    } finally {
      clearTimeout(deadline);
      await consumer.close();
    }
    expect(offsets.length).toBe(300);
    expect(offsets[0]).toBe(0n);
    expect(offsets.at(-1)).toBe(299n);
  });

  it('describes a group that holds offsets of a deleted topic, leaving those offsets out', async () => {
    const admin = env.cairn.admin();
    await admin.createTopic({ name: 'keep', partitions: 1, replicationFactor: 1 });
    await admin.createTopic({ name: 'doomed', partitions: 2, replicationFactor: 1 });
    await groups().resetOffsets('g-desc', 'keep', { offset: 0 });
    await groups().resetOffsets('g-desc', 'doomed', { offset: 0 });
    expect((await groups().describeGroup('g-desc')).offsets.map((o) => o.topic).sort()).toEqual(['doomed', 'doomed', 'keep']);

    await admin.deleteTopic('doomed');
    const described = await groups().describeGroup('g-desc');
    expect(described.offsets.map((o) => [o.topic, o.partition, o.committed])).toEqual([['keep', 0, 0n]]);
  });
});
