/**
 * The web console's read-only JSON endpoints (/ui/api/...). They are an SDK
 * program connected to the node's own client port, so they see exactly what
 * a client sees: topics from the controller, offsets from each partition's
 * leader, groups from their coordinators, records by fetch. Any node can
 * serve any page, whichever node holds the data. With authentication on,
 * each signed-in browser has its own ConsoleApi carrying its session token
 * (src/console/sessions.ts), so the node authorizes every call as that user.
 */
import { Cairn, CairnError } from '../client/index.js';
import type { ClientCredentials, OffsetSpec, PartitionDescription, TlsFiles, TopicDescription } from '../client/index.js';
import type { Authenticated } from '../client/session.js';
import type {
  ConsoleGroup,
  ConsoleGroupSummary,
  ConsoleMessage,
  ConsoleMessages,
  ConsoleOverview,
  ConsolePartition,
  ConsoleTopic,
  ConsoleTopicSummary,
  Json,
} from './types.js';

/** Records one message-browser request returns unless told, and at most. */
export const MESSAGES_LIMIT_DEFAULT = 20;
export const MESSAGES_LIMIT_MAX = 200;
/** How long the message browser waits for the records it knows are there (they are below the high watermark). */
const MESSAGES_WAIT_MS = 5_000;
/** Bytes of keys, values and headers one message-browser answer carries at most (as base64, a third more): records are up to 1 MiB each. */
const MESSAGES_BYTES_MAX = 4 * 1024 * 1024;

export interface ConsoleApiOptions {
  /** The node's own client address (as it advertises it). */
  readonly broker: string;
  /** The cluster's CA when the client port uses TLS (no client certificate: see src/cli/serve.ts). */
  readonly tls: TlsFiles | undefined;
  readonly nodeId: number;
}

/** Internal topics (the group offsets) hold no application records: the totals and topic list leave them out unless asked. */
const isInternal = (topic: string): boolean => topic.startsWith('__');

const underReplicated = (p: PartitionDescription): boolean => p.inSync.length < p.replicas.length;
const offline = (p: PartitionDescription): boolean => p.leader === undefined;
/** A topic's size on disk: one copy of each partition, its leader's (the replicas hold as much again each). */
const topicBytes = (t: TopicDescription): number => t.partitions.reduce((sum, p) => sum + p.logBytes, 0);

function invalid(message: string): CairnError {
  return new CairnError('INVALID_REQUEST', message);
}

function parseInteger(text: string, name: string, max: bigint): bigint {
  if (!/^[0-9]{1,19}$/.test(text) || BigInt(text) > max) throw invalid(`${name}: expected an integer from 0 to ${max}, got ${JSON.stringify(text)}`);
  return BigInt(text);
}

/** A non-negative decimal integer parameter, or undefined when absent. */
function integerParam(params: URLSearchParams, name: string, max: bigint): bigint | undefined {
  const text = params.get(name);
  return text === null || text === '' ? undefined : parseInteger(text, name, max);
}

const PARTITION_MAX = 0xffff_ffffn;

function pathPart(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw invalid(`malformed escape in the path: ${JSON.stringify(text)}`);
  }
}

const base64 = (bytes: Buffer | null): string | null => (bytes === null ? null : bytes.toString('base64'));

/** `value` as the browser receives it: what JSON.stringify makes of it, with 64-bit integers as decimal strings. */
function toJson<T>(value: T): Json<T> {
  return JSON.parse(JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))) as Json<T>;
}

export class ConsoleApi {
  readonly #cairn: Cairn;
  readonly #options: ConsoleApiOptions;

  /** `credentials`: a signed-in browser's session token; none for the console's own client (sign-in, or authentication off). */
  constructor(options: ConsoleApiOptions, credentials?: ClientCredentials) {
    this.#options = options;
    this.#cairn = new Cairn({
      brokers: [options.broker],
      clientId: `cairn-console-${options.nodeId}`,
      ...(options.tls !== undefined && { tls: options.tls }),
      ...(credentials !== undefined && { credentials }),
      requestTimeoutMs: 3_000,
      retry: { retriesMax: 2 },
    });
  }

  /** A session token from the node's Authenticate, for a browser signing in. */
  authenticate(user: string, password: string): Promise<Authenticated> {
    return this.#cairn.admin().security().authenticate(user, password);
  }

  /**
   * Answers GET /ui/api/<path>. Rejects with a CairnError: INVALID_REQUEST
   * for a bad path or parameter, the SDK's own codes otherwise
   * (UNKNOWN_TOPIC_OR_PARTITION, GROUP_ID_NOT_FOUND, UNAVAILABLE...).
   */
  async answer(path: string, params: URLSearchParams): Promise<unknown> {
    const parts = path.split('/').filter((part) => part !== '').map(pathPart);
    const [first, second, third, fourth] = parts;
    if (first === 'overview' && parts.length === 1) return this.overview();
    if (first === 'topics' && parts.length === 1) return this.topics(params.get('internal') === 'true');
    if (first === 'topics' && second !== undefined && parts.length === 2) return this.topic(second);
    if (first === 'topics' && second !== undefined && third === 'partitions' && fourth !== undefined && parts.length === 4) {
      return this.partition(second, Number(parseInteger(fourth, 'partition', PARTITION_MAX)));
    }
    if (first === 'groups' && parts.length === 1) return this.groups();
    if (first === 'groups' && second !== undefined && parts.length === 2) return this.group(second);
    if (first === 'messages' && parts.length === 1) return this.messages(params);
    throw invalid(`no console endpoint /ui/api/${parts.join('/')}`);
  }

  async overview(): Promise<ConsoleOverview> {
    const cluster = await this.#cairn.admin().describeCluster();
    const partitions = cluster.topics.flatMap((t) => t.partitions);
    const user = cluster.topics.filter((t) => !isInternal(t.name));
    const sampledAtMs = Date.now();
    const ends = await this.#offsets(user, 'latest');
    return {
      clusterId: cluster.clusterId,
      servedBy: this.#options.nodeId,
      controllerId: cluster.controllerId,
      nodes: cluster.nodes,
      topics: user.length,
      partitions: partitions.length,
      underReplicated: partitions.filter(underReplicated).length,
      offline: partitions.filter(offline).length,
      recordsTotal: [...ends.values()].reduce((sum, end) => sum + end, 0n).toString(),
      sampledAtMs,
    };
  }

  async topics(withInternal: boolean): Promise<ConsoleTopicSummary[]> {
    const topics = await this.#cairn.admin().listTopics();
    return topics
      .filter((t) => withInternal || !isInternal(t.name))
      .map((t) => ({
        name: t.name,
        partitions: t.partitions.length,
        replicationFactor: t.replicationFactor,
        underReplicated: t.partitions.filter(underReplicated).length,
        offline: t.partitions.filter(offline).length,
        internal: isInternal(t.name),
        bytes: topicBytes(t),
      }));
  }

  async topic(name: string): Promise<ConsoleTopic> {
    const topic = await this.#cairn.admin().describeTopic(name);
    const [starts, ends] = await Promise.all([this.#offsets([topic], 'earliest'), this.#offsets([topic], 'latest')]);
    const partitions = topic.partitions.map((p): ConsolePartition => {
      const earliest = starts.get(`${name}/${p.partition}`);
      const latest = ends.get(`${name}/${p.partition}`);
      const records = earliest === undefined || latest === undefined ? undefined : (latest - earliest).toString();
      return { ...p, earliest: earliest?.toString(), latest: latest?.toString(), records };
    });
    return {
      name: topic.name,
      topicId: topic.topicId,
      replicationFactor: topic.replicationFactor,
      configs: topic.configs,
      partitions,
      records: partitions.reduce((sum, p) => sum + BigInt(p.records ?? 0), 0n).toString(),
      bytes: topicBytes(topic),
    };
  }

  async partition(topicName: string, partition: number): Promise<ConsolePartition> {
    const found = (await this.topic(topicName)).partitions.find((p) => p.partition === partition);
    if (found === undefined) throw new CairnError('UNKNOWN_TOPIC_OR_PARTITION', `topic "${topicName}" has no partition ${partition}`);
    return found;
  }

  async groups(): Promise<ConsoleGroupSummary[]> {
    return this.#cairn.admin().groups().listGroups();
  }

  async group(groupId: string): Promise<ConsoleGroup> {
    const group = await this.#cairn.admin().groups().describeGroup(groupId);
    return { ...toJson(group), lag: group.offsets.reduce((sum, o) => sum + o.lag, 0n).toString() };
  }

  /**
   * `?topic=T&partition=P` and one of `offset=N` (from there), `timestamp=MS`
   * (from the first record at or after it) or neither (the newest `limit`
   * records); `limit` records at most.
   */
  async messages(params: URLSearchParams): Promise<ConsoleMessages> {
    const topic = params.get('topic');
    if (topic === null || topic === '') throw invalid('topic: required');
    const partition = integerParam(params, 'partition', PARTITION_MAX);
    if (partition === undefined) throw invalid('partition: required');
    const offset = integerParam(params, 'offset', 2n ** 63n - 1n);
    const timestamp = integerParam(params, 'timestamp', BigInt(Number.MAX_SAFE_INTEGER));
    if (offset !== undefined && timestamp !== undefined) throw invalid('offset and timestamp: give one, not both');
    const limit = Number(integerParam(params, 'limit', BigInt(MESSAGES_LIMIT_MAX)) ?? BigInt(MESSAGES_LIMIT_DEFAULT));
    if (limit === 0) throw invalid(`limit: expected an integer from 1 to ${MESSAGES_LIMIT_MAX}, got 0`);
    const tp = { topic, partition: Number(partition) };
    const admin = this.#cairn.admin();
    // One lookup each: a request may not ask for the same partition twice.
    const offsetOf = async (spec: OffsetSpec): Promise<bigint> => (await admin.listOffsets([{ ...tp, spec }]))[0]!.offset;
    const [earliest, latest, at] = await Promise.all([
      offsetOf('earliest'),
      offsetOf('latest'),
      timestamp === undefined ? undefined : offsetOf({ timestamp: Number(timestamp) }),
    ]);
    const wanted = offset ?? at ?? latest - BigInt(limit);
    const from = wanted < earliest ? earliest : wanted > latest ? latest : wanted;
    const until = from + BigInt(limit) < latest ? from + BigInt(limit) : latest;
    const messages = from < until ? await this.#read(tp, from, until) : [];
    return { topic, partition: tp.partition, from: from.toString(), earliest: earliest.toString(), latest: latest.toString(), messages };
  }

  close(): Promise<void> {
    return this.#cairn.close();
  }

  /**
   * Reads [from, until) of one partition with a consumer of no group, up to
   * MESSAGES_BYTES_MAX of keys, values and headers (at least one record).
   * Every offset there is committed, so the wait is bounded by fetch latency;
   * a range holding fewer records than offsets (compacted, aborted) ends at
   * the deadline with what came.
   */
  async #read(tp: { topic: string; partition: number }, from: bigint, until: bigint): Promise<ConsoleMessage[]> {
    const consumer = this.#cairn.consumer({ autoOffsetReset: 'none', maxWaitMs: 200 });
    const out: ConsoleMessage[] = [];
    let bytes = 0;
    let next = from;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), MESSAGES_WAIT_MS)));
    try {
      consumer.assign([tp]);
      consumer.seek(tp, { offset: from });
      while (next < until && bytes < MESSAGES_BYTES_MAX) {
        const batch = await Promise.race([consumer.nextBatch(), timedOut]);
        if (batch === 'timeout') {
          if (out.length > 0) break;
          throw new CairnError('REQUEST_TIMED_OUT', `no record of ${tp.topic}/${tp.partition} from offset ${from} arrived within ${MESSAGES_WAIT_MS} ms`);
        }
        if (batch === undefined) break; // closed
        for (const m of batch.messages) {
          if (m.offset >= until || bytes >= MESSAGES_BYTES_MAX) break;
          bytes += (m.key?.length ?? 0) + (m.value?.length ?? 0) + m.headers.reduce((sum, h) => sum + h.key.length + (h.value?.length ?? 0), 0);
          out.push({
            offset: m.offset.toString(),
            timestamp: m.timestamp,
            key: base64(m.key),
            value: base64(m.value),
            headers: m.headers.map((h) => ({ key: h.key, value: base64(h.value) })),
          });
        }
        next = (batch.messages.at(-1)?.offset ?? next - 1n) + 1n;
      }
      return out;
    } finally {
      clearTimeout(timer);
      await consumer.close();
    }
  }

  /**
   * Log starts or high watermarks of the partitions of these topics that have
   * a leader, keyed "topic/partition". A partition whose leader cannot answer
   * now is left out rather than failing the page: a cluster in trouble is
   * when the console is needed most.
   */
  async #offsets(topics: readonly TopicDescription[], spec: 'earliest' | 'latest'): Promise<Map<string, bigint>> {
    const queries = topics.flatMap((t) => t.partitions.filter((p) => !offline(p)).map((p) => ({ topic: t.name, partition: p.partition, spec })));
    if (queries.length === 0) return new Map();
    const admin = this.#cairn.admin();
    const answered = await admin.listOffsets(queries).catch(async () => {
      // One partition failing fails the whole lookup: ask again one by one, keeping what answers.
      const each = await Promise.allSettled(queries.map(async (query) => (await admin.listOffsets([query]))[0]!));
      return each.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    });
    return new Map(answered.map((o) => [`${o.topic}/${o.partition}`, o.offset]));
  }
}
