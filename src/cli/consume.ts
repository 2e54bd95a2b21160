/**
 * `cairn consume <topic>`: prints messages as they arrive, from the end of
 * each partition (or its start, an offset or a point in time) until
 * --max-messages, the end of every partition (--exit-at-end) or a stop
 * signal. With --group, it joins that consumer group: it reads the
 * partitions the group assigns it, from the group's committed offsets, and
 * commits as it goes and when it stops.
 */
import type { Cairn, Message, OffsetSpec } from '../client/index.js';
import { nonNegativeIntegerFlag, offsetFlag, positiveIntegerFlag, timestampFlag, UsageError } from './args.js';
import { CLIENT_FLAGS, defineCommand, withClient } from './command.js';
import { EXIT_OK } from './output.js';

const FORMATS = ['text', 'json'] as const;

type Format = (typeof FORMATS)[number];

function formatFlag(text: string | undefined): Format {
  if (text === undefined) return 'text';
  if ((FORMATS as readonly string[]).includes(text)) return text as Format;
  throw new UsageError(`--format: expected text or json, got ${JSON.stringify(text)}`);
}

/** What text lines show before the value, each followed by a tab. */
export interface TextFields {
  readonly key: boolean;
  readonly headers: boolean;
}

/**
 * text: the value as UTF-8, after the key and the headers (`k=v,k2=v2`) when
 * asked, tab-separated; json: one object per line with every field, offsets
 * as strings (JSON has no 64-bit integers).
 */
export function formatMessage(message: Message, format: Format, fields: TextFields = { key: false, headers: false }): string {
  if (format === 'text') {
    const headers = message.headers.map((header) => `${header.key}=${header.value?.toString() ?? ''}`).join(',');
    const prefix = `${fields.key ? `${message.key?.toString() ?? 'null'}\t` : ''}${fields.headers ? `${headers}\t` : ''}`;
    return `${prefix}${message.value?.toString() ?? 'null'}\n`;
  }
  const line = {
    topic: message.topic,
    partition: message.partition,
    offset: String(message.offset),
    timestamp: message.timestamp,
    key: message.key?.toString() ?? null,
    value: message.value?.toString() ?? null,
    headers: message.headers.map((header) => ({ key: header.key, value: header.value?.toString() ?? null })),
  };
  return `${JSON.stringify(line)}\n`;
}

export const consume = defineCommand({
  name: 'consume',
  summary: 'print the messages of a topic as they arrive',
  positionals: ['topic'],
  flags: {
    partition: { type: 'string', valueName: 'N', help: 'read only partition N (default: all)' },
    'from-beginning': { type: 'boolean', help: 'start at the first message (default: only new messages)' },
    offset: { type: 'string', valueName: 'OFFSET', help: 'start at OFFSET (needs --partition)' },
    'max-messages': { type: 'string', valueName: 'N', help: 'exit after N messages' },
    format: { type: 'string', valueName: 'FORMAT', help: 'text (the value, default) or json (one object per line)' },
    'from-timestamp': { type: 'string', valueName: 'TIME', help: 'start at the first message at or after TIME (ms since the epoch, or an ISO 8601 date)' },
    'exit-at-end': { type: 'boolean', help: 'exit once every partition is read up to where it ended when the command started' },
    'print-key': { type: 'boolean', help: 'text format: print each key, then a tab, before the value' },
    'print-headers': { type: 'boolean', help: 'text format: print each message\'s headers (k=v,k2=v2), then a tab, before the value' },
    group: { type: 'string', valueName: 'GROUP', help: 'read as a member of consumer group GROUP (resumes where the group left off)' },
    ...CLIENT_FLAGS,
  },
  run: async (context) => {
    const { flags, args, io } = context;
    const partition = nonNegativeIntegerFlag('partition', flags.partition);
    const offset = offsetFlag('offset', flags.offset);
    const messagesMax = positiveIntegerFlag('max-messages', flags['max-messages']) ?? Infinity;
    const format = formatFlag(flags.format);
    const fromTimestamp = timestampFlag('from-timestamp', flags['from-timestamp']);
    const fields = { key: flags['print-key'], headers: flags['print-headers'] };
    if (offset !== undefined && partition === undefined) throw new UsageError('--offset: needs --partition');
    const starts = [offset !== undefined && '--offset', flags['from-beginning'] && '--from-beginning', fromTimestamp !== undefined && '--from-timestamp'].filter(Boolean);
    if (starts.length > 1) throw new UsageError(`${starts.join(' and ')} exclude each other`);
    const groupId = flags.group;
    if (groupId !== undefined && (partition !== undefined || offset !== undefined || fromTimestamp !== undefined || flags['exit-at-end'])) {
      throw new UsageError('--group: the group assigns partitions and where to start; drop --partition, --offset, --from-timestamp and --exit-at-end');
    }
    return withClient(context, async (cairn) => {
      const autoOffsetReset = flags['from-beginning'] ? 'earliest' : 'latest';
      const partitions =
        groupId !== undefined ? [] : partition === undefined ? (await cairn.admin().describeTopic(args.topic)).partitions.map((info) => info.partition) : [partition];
      // With --exit-at-end, where each partition ends now; reading stops once every one is reached.
      const ends = flags['exit-at-end'] ? await endsOf(cairn, args.topic, partitions) : undefined;
      const consumer = cairn.consumer({ autoOffsetReset, ...(groupId !== undefined && { groupId }) });
      io.onStopSignal(() => void consumer.close());
      if (groupId !== undefined) {
        consumer.subscribe([args.topic]);
      } else {
        consumer.assign(partitions.map((number) => ({ topic: args.topic, partition: number })));
        if (offset !== undefined) consumer.seek({ topic: args.topic, partition: partitions[0]! }, { offset });
        if (fromTimestamp !== undefined) for (const number of partitions) consumer.seek({ topic: args.topic, partition: number }, { timestamp: fromTimestamp });
      }
      const startSpec: OffsetSpec = fromTimestamp !== undefined ? { timestamp: fromTimestamp } : autoOffsetReset;
      const unfinished = ends === undefined ? undefined : await unfinishedPartitions(cairn, args.topic, ends, offset !== undefined ? { offset } : startSpec);
      let count = 0;
      try {
        if (unfinished?.size !== 0) {
          for await (const message of consumer) {
            io.stdout(formatMessage(message, format, fields));
            if (++count >= messagesMax) break;
            if (unfinished !== undefined && message.offset + 1n >= ends!.get(message.partition)!) {
              unfinished.delete(message.partition);
              if (unfinished.size === 0) break;
            }
          }
        }
      } finally {
        await consumer.close();
      }
      io.stderr(`consumed ${count} messages\n`);
      return EXIT_OK;
    });
  },
});

/** The end offset (high watermark) of each partition now. */
async function endsOf(cairn: Cairn, topic: string, partitions: readonly number[]): Promise<Map<number, bigint>> {
  const ends = await cairn.admin().listOffsets(partitions.map((partition) => ({ topic, partition, spec: 'latest' as const })));
  return new Map(ends.map((end) => [end.partition, end.offset]));
}

/** The partitions with messages between where reading starts and their end. */
async function unfinishedPartitions(
  cairn: Cairn,
  topic: string,
  ends: ReadonlyMap<number, bigint>,
  start: OffsetSpec | { readonly offset: bigint },
): Promise<Set<number>> {
  const partitions = [...ends.keys()];
  const starts =
    typeof start === 'object' && 'offset' in start
      ? partitions.map((partition) => ({ partition, offset: start.offset }))
      : await cairn.admin().listOffsets(partitions.map((partition) => ({ topic, partition, spec: start })));
  return new Set(starts.filter((s) => s.offset < ends.get(s.partition)!).map((s) => s.partition));
}
