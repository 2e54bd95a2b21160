/**
 * `cairn consume <topic>`: prints messages as they arrive, from the end of
 * each partition (or its start, or an offset) until --max-messages or a
 * stop signal. With --group, it joins that consumer group: it reads the
 * partitions the group assigns it, from the group's committed offsets, and
 * commits as it goes and when it stops.
 */
import type { Message } from '../client/index.js';
import { nonNegativeIntegerFlag, offsetFlag, positiveIntegerFlag, UsageError } from './args.js';
import { CLIENT_FLAGS, defineCommand, withClient } from './command.js';
import { EXIT_OK } from './output.js';

const FORMATS = ['text', 'json'] as const;

type Format = (typeof FORMATS)[number];

function formatFlag(text: string | undefined): Format {
  if (text === undefined) return 'text';
  if ((FORMATS as readonly string[]).includes(text)) return text as Format;
  throw new UsageError(`--format: expected text or json, got ${JSON.stringify(text)}`);
}

/** text: the value as UTF-8; json: one object per line, offsets as strings (JSON has no 64-bit integers). */
export function formatMessage(message: Message, format: Format): string {
  if (format === 'text') return `${message.value?.toString() ?? 'null'}\n`;
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
    group: { type: 'string', valueName: 'GROUP', help: 'read as a member of consumer group GROUP (resumes where the group left off)' },
    ...CLIENT_FLAGS,
  },
  run: async (context) => {
    const { flags, args, io } = context;
    const partition = nonNegativeIntegerFlag('partition', flags.partition);
    const offset = offsetFlag('offset', flags.offset);
    const messagesMax = positiveIntegerFlag('max-messages', flags['max-messages']) ?? Infinity;
    const format = formatFlag(flags.format);
    if (offset !== undefined && partition === undefined) throw new UsageError('--offset: needs --partition');
    if (offset !== undefined && flags['from-beginning']) throw new UsageError('--offset and --from-beginning exclude each other');
    const groupId = flags.group;
    if (groupId !== undefined && (partition !== undefined || offset !== undefined)) throw new UsageError('--group: the group assigns partitions; drop --partition and --offset');
    return withClient(context, async (cairn) => {
      const autoOffsetReset = flags['from-beginning'] ? 'earliest' : 'latest';
      const partitions =
        groupId !== undefined ? [] : partition === undefined ? (await cairn.admin().describeTopic(args.topic)).partitions.map((info) => info.partition) : [partition];
      const consumer = cairn.consumer({ autoOffsetReset, ...(groupId !== undefined && { groupId }) });
      io.onStopSignal(() => void consumer.close());
      if (groupId !== undefined) {
        consumer.subscribe([args.topic]);
      } else {
        consumer.assign(partitions.map((number) => ({ topic: args.topic, partition: number })));
        if (offset !== undefined) consumer.seek({ topic: args.topic, partition: partitions[0]! }, { offset });
      }
      let count = 0;
      try {
        for await (const message of consumer) {
          io.stdout(formatMessage(message, format));
          if (++count >= messagesMax) break;
        }
      } finally {
        await consumer.close();
      }
      io.stderr(`consumed ${count} messages\n`);
      return EXIT_OK;
    });
  },
});
