import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { CLIENT_CHANNELS, Cairn, CairnError } from '../../../src/client/index.js';
import type { CairnLogger } from '../../../src/client/index.js';
import { CommitEvents, GroupEvents } from '../../../src/client/consumer/group-events.js';
import { cairnFor, cleanUpAfterEach, rejectionOf, startData } from './harness.js';

cleanUpAfterEach();

type Channel = keyof typeof CLIENT_CHANNELS;
const listeners: [string, (message: unknown) => void][] = [];
afterEach(() => {
  for (const [name, listener] of listeners.splice(0)) unsubscribe(name, listener);
});

/** Collects what is published on `channel` for the rest of the test. */
function collect<T>(channel: Channel): T[] {
  const seen: T[] = [];
  const listener = (message: unknown): void => void seen.push(message as T);
  subscribe(CLIENT_CHANNELS[channel], listener);
  listeners.push([CLIENT_CHANNELS[channel], listener]);
  return seen;
}

/** A logger that records (level, fields, message). */
function recordingLogger(): { logger: CairnLogger; lines: [string, Record<string, unknown>, string | undefined][] } {
  const lines: [string, Record<string, unknown>, string | undefined][] = [];
  const at = (level: string) => (fields: object, message?: string) => void lines.push([level, fields as Record<string, unknown>, message]);
  return { logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }, lines };
}

describe('the logger option', () => {
  it('refuses something that is not a logger, with a typed error naming the option', () => {
    for (const logger of [42, null, { info: () => {} }, console.log]) {
      const error = (() => {
        try {
          new Cairn({ brokers: ['127.0.0.1:1'], logger: logger as unknown as CairnLogger });
        } catch (caught) {
          return caught;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(CairnError);
      expect((error as CairnError).code).toBe('INVALID_CONFIG');
      expect((error as CairnError).message).toMatch(/^Cairn options: logger: expected a logger with debug, info, warn, error methods/);
    }
  });

  it('takes a pino logger, which receives the SDK\'s lines as JSON at its level', async () => {
    const data = await startData(1);
    data.createTopic('t', 1);
    const lines: string[] = [];
    const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) });
    await cairnFor(data, { logger }).admin().describeCluster();
    const parsed = lines.map((line) => JSON.parse(line) as { level: number; msg: string; brokers?: number });
    expect(parsed).toContainEqual(expect.objectContaining({ level: 20, msg: 'metadata refreshed', brokers: 1 }));
  });
});

describe('diagnostics channel events', () => {
  it('publishes each request\'s start and end, paired by id, with its duration and result code', async () => {
    const data = await startData(1);
    const starts = collect<{ requestId: number; method: string; address: string }>('requestStart');
    const ends = collect<{ requestId: number; method: string; durationMs: number; code: string }>('requestEnd');
    await cairnFor(data).admin().describeCluster();

    const metadataStart = starts.find((event) => event.method === 'Metadata');
    expect(metadataStart?.address).toBe(data.cluster.node(1).address);
    const metadataEnd = ends.find((event) => event.requestId === metadataStart?.requestId);
    expect(metadataEnd).toMatchObject({ method: 'Metadata', code: 'OK' });
    expect(metadataEnd!.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('publishes each retry with the failed attempt and its code, and the request end with the error code', async () => {
    const data = await startData(1);
    const cairn = cairnFor(data);
    await cairn.admin().describeCluster();
    data.cluster.stopNode(1);
    const retries = collect<{ method: string; attempt: number; code: string; backoff: boolean }>('retry');
    const ends = collect<{ code: string }>('requestEnd');

    const error = await rejectionOf(cairn.admin().describeCluster());

    expect(error.code).toBe('UNAVAILABLE');
    // retriesMax 3 (harness): attempts 0 to 2 are retried, the fourth gives up.
    expect(retries.map((retry) => retry.attempt)).toEqual([0, 1, 2]);
    expect(retries.every((retry) => retry.code === 'UNAVAILABLE')).toBe(true);
    expect(ends.some((end) => end.code === 'UNAVAILABLE')).toBe(true);
  });

  it('logs retries at debug and a request that gives up at warn', async () => {
    const data = await startData(1);
    const { logger, lines } = recordingLogger();
    const cairn = cairnFor(data, { logger });
    await cairn.admin().describeCluster();
    data.cluster.stopNode(1);
    await rejectionOf(cairn.admin().describeCluster());
    expect(lines.filter(([level, , message]) => level === 'debug' && message === 'retrying a request')).toHaveLength(3);
    expect(lines.filter(([level]) => level === 'warn')).toEqual([['warn', expect.objectContaining({ attempts: 4, code: 'UNAVAILABLE' }), 'a request failed after its retries']]);
  });

  it('publishes metadata refreshes with what they learnt', async () => {
    const data = await startData(2);
    data.createTopic('a', 1);
    data.createTopic('b', 2);
    const refreshes = collect<{ brokers: number; topics: number; controllerId: number }>('metadata');
    await cairnFor(data).admin().describeCluster();
    expect(refreshes[0]).toMatchObject({ brokers: 2, topics: 2 });
  });

  it('publishes each producer batch when sent and when acknowledged, with its records and offset', async () => {
    const data = await startData(1);
    data.createTopic('t', 1);
    const sent = collect<{ topic: string; partition: number; records: number; bytes: number; attempt: number; nodeId: number }>('batchSent');
    const acknowledged = collect<{ topic: string; records: number; baseOffset: bigint; durationMs: number }>('batchAcknowledged');
    const producer = cairnFor(data).producer({ lingerMs: 20 });
    await producer.send({ topic: 't', messages: [{ value: 'a' }, { value: 'b' }, { value: 'c' }] });
    await producer.send({ topic: 't', messages: [{ value: 'd' }] });

    expect(sent.map(({ topic, partition, records, attempt, nodeId }) => ({ topic, partition, records, attempt, nodeId }))).toEqual([
      { topic: 't', partition: 0, records: 3, attempt: 0, nodeId: 1 },
      { topic: 't', partition: 0, records: 1, attempt: 0, nodeId: 1 },
    ]);
    expect(sent.every((event) => event.bytes > 0)).toBe(true);
    expect(acknowledged.map(({ records, baseOffset }) => [records, baseOffset])).toEqual([
      [3, 0n],
      [1, 3n],
    ]);
  });
});

describe('producer logging', () => {
  it('logs a batch the leader refuses for good at warn, with its partition, records and code', async () => {
    const data = await startData(1);
    data.createTopic('t', 1);
    data.onProduce = () => ({ errorCode: 'INVALID_RECORD' });
    const { logger, lines } = recordingLogger();
    const producer = cairnFor(data, { logger }).producer();
    expect((await rejectionOf(producer.send({ topic: 't', messages: [{ value: 'a' }, { value: 'b' }] }))).code).toBe('INVALID_RECORD');
    expect(lines.filter(([level]) => level === 'warn')).toEqual([
      ['warn', expect.objectContaining({ topic: 't', partition: 0, records: 2, code: 'INVALID_RECORD' }), 'a producer batch failed'],
    ]);
  });
});

describe('group events', () => {
  const a = { topic: 't', partition: 0 };
  const b = { topic: 't', partition: 1 };

  it('tells a join, a rebalance and each new assignment once, however many heartbeats repeat them', () => {
    const joins = collect<{ memberEpoch: number }>('groupJoin');
    const rebalances = collect<{ memberEpoch: number; previousEpoch: number }>('groupRebalance');
    const assignments = collect<{ memberEpoch: number; partitions: unknown[] }>('groupAssignment');
    const { logger, lines } = recordingLogger();
    const events = new GroupEvents('g', logger);

    events.answered('m1', 1, [a, b]);
    events.answered('m1', 1, [b, a]);
    events.answered('m1', 2, [a]);
    events.answered('m1', 2, [a]);
    events.left();
    events.answered('m2', 3, [a]);

    expect(joins.map((e) => e.memberEpoch)).toEqual([1, 3]);
    expect(rebalances).toEqual([{ groupId: 'g', memberId: 'm1', memberEpoch: 2, previousEpoch: 1 }]);
    expect(assignments.map((e) => [e.memberEpoch, e.partitions.length])).toEqual([[1, 2], [2, 1], [3, 1]]);
    expect(lines.map(([level, , message]) => `${level}: ${message}`)).toEqual([
      'info: joined the consumer group',
      'info: assigned partitions',
      'info: the consumer group rebalanced',
      'info: assigned partitions',
      'info: joined the consumer group',
      'info: assigned partitions',
    ]);
  });

  it('tells each commit with its outcome, and logs a failed one as a warning', async () => {
    const commits = collect<{ groupId: string; offsets: number; code: string; durationMs: number }>('commit');
    const { logger, lines } = recordingLogger();
    const events = new CommitEvents('g', logger);

    const ok = events.started(2);
    expect(await Promise.resolve('answer').then(ok.succeeded, ok.failed)).toBe('answer');
    const failing = events.started(1);
    const refused = new CairnError('FENCED_MEMBER_EPOCH', 'stale epoch');
    await expect(Promise.reject(refused).then(failing.succeeded, failing.failed)).rejects.toBe(refused);

    expect(commits.map(({ groupId, offsets, code }) => ({ groupId, offsets, code }))).toEqual([
      { groupId: 'g', offsets: 2, code: 'OK' },
      { groupId: 'g', offsets: 1, code: 'FENCED_MEMBER_EPOCH' },
    ]);
    expect(lines).toEqual([['warn', expect.objectContaining({ code: 'FENCED_MEMBER_EPOCH', err: refused }), 'offset commit failed']]);
  });
});
