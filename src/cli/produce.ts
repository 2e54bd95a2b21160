/**
 * `cairn produce <topic>`: each line of stdin, or of --file, becomes one
 * message (with --key-separator, the key, the separator and the value).
 * Lines go out in sends of a few hundred, several sends in flight,
 * so a file streams at the producer's pace with bounded memory; the first
 * failed send stops reading and is reported.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import type { ProducerMessage } from '../client/index.js';
import { nonNegativeIntegerFlag, UsageError } from './args.js';
import { CLIENT_FLAGS, defineCommand, withClient } from './command.js';
import type { CliIo } from './io.js';
import { EXIT_OK } from './output.js';
import { formatRate, ProgressMeter } from './progress.js';

const MESSAGES_PER_SEND = 500;
const SEND_BYTES_MAX = 256 * 1024;
/** Sends awaiting acknowledgement; the producer's buffer bounds the bytes behind them. */
const SENDS_IN_FLIGHT_MAX = 16;
const COMPRESSIONS = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const;

type Compression = (typeof COMPRESSIONS)[number];

function compressionFlag(text: string | undefined): Compression {
  if (text === undefined) return 'none';
  if ((COMPRESSIONS as readonly string[]).includes(text)) return text as Compression;
  throw new UsageError(`--compression: expected one of ${COMPRESSIONS.join(', ')}, got ${JSON.stringify(text)}`);
}

function headerFlag(entry: string): { key: string; value: string } {
  const split = entry.indexOf('=');
  if (split <= 0) throw new UsageError(`--header: expected key=value, got ${JSON.stringify(entry)}`);
  return { key: entry.slice(0, split), value: entry.slice(split + 1) };
}

/** `KEY SEP VALUE` split at the first separator; a line without one stops the command, naming the line. */
function splitLine(line: string, separator: string, lineNumber: number): { key: string; value: string } {
  const at = line.indexOf(separator);
  if (at < 0) throw new UsageError(`line ${lineNumber} has no key separator ${JSON.stringify(separator)}`);
  return { key: line.slice(0, at), value: line.slice(at + separator.length) };
}

/** Where the lines come from, checked before connecting, and the input's size when it is a file (for progress). */
async function inputOf(io: CliIo, file: string | undefined): Promise<{ open: () => Readable; bytes: number | undefined }> {
  if (file === undefined) return { open: () => Readable.from(io.stdin()), bytes: undefined };
  try {
    const { size } = await stat(file);
    return { open: () => createReadStream(file), bytes: size };
  } catch (error) {
    throw new UsageError(`--file: cannot read ${JSON.stringify(file)}: ${(error as Error).message}`);
  }
}

export const produce = defineCommand({
  name: 'produce',
  summary: 'send each line of stdin (or of --file) as a message',
  positionals: ['topic'],
  flags: {
    file: { type: 'string', valueName: 'FILE', help: 'read lines from FILE instead of stdin, showing progress and rate' },
    key: { type: 'string', valueName: 'KEY', help: 'the key of every message (default: none, spread over partitions)' },
    'key-separator': { type: 'string', valueName: 'SEP', help: 'each line is KEY SEP VALUE, split at the first SEP; a line without it is an error' },
    header: { type: 'string', multiple: true, valueName: 'KEY=VALUE', help: 'a header on every message; repeat for more' },
    partition: { type: 'string', valueName: 'N', help: 'send every message to partition N (default: by key)' },
    compression: { type: 'string', valueName: 'CODEC', help: `${COMPRESSIONS.join(', ')} (default none)` },
    ...CLIENT_FLAGS,
  },
  run: async (context) => {
    const { flags, args, io } = context;
    const partition = nonNegativeIntegerFlag('partition', flags.partition);
    const compression = compressionFlag(flags.compression);
    const separator = flags['key-separator'];
    if (separator === '') throw new UsageError('--key-separator: expected a non-empty string');
    if (separator !== undefined && flags.key !== undefined) throw new UsageError('--key and --key-separator exclude each other');
    const headers = flags.header.map(headerFlag);
    const input = await inputOf(io, flags.file);
    return withClient(context, async (cairn) => {
      // A mistyped topic fails now, not after the producer has waited maxBlockMs for it to appear.
      await cairn.admin().describeTopic(args.topic);
      // Only now: readline drops the lines it reads before iteration starts.
      const lines = createInterface({ input: input.open(), crlfDelay: Infinity });
      io.onStopSignal(() => lines.close());
      const producer = cairn.producer({ compression });
      const meter = new ProgressMeter(io, input.bytes);
      let failure: unknown;
      const inFlight: Promise<void>[] = [];
      let batch: ProducerMessage[] = [];
      let batchBytes = 0;
      const sendBatch = async (): Promise<void> => {
        const messages = batch;
        batch = [];
        batchBytes = 0;
        if (messages.length === 0) return;
        const sent = producer.send({ topic: args.topic, messages });
        inFlight.push(sent.then(() => meter.acknowledged(messages.length), (error: unknown) => void (failure ??= error)));
        if (inFlight.length >= SENDS_IN_FLIGHT_MAX) await inFlight.shift();
      };
      let lineNumber = 0;
      try {
        for await (const line of lines) {
          if (failure !== undefined) break;
          lineNumber++;
          meter.read(Buffer.byteLength(line) + 1);
          const { key, value } = separator === undefined ? { key: flags.key ?? null, value: line } : splitLine(line, separator, lineNumber);
          batch.push({ key, value, partition, headers });
          batchBytes += line.length;
          if (batch.length >= MESSAGES_PER_SEND || batchBytes >= SEND_BYTES_MAX) await sendBatch();
        }
        await sendBatch();
        await Promise.all(inFlight);
      } finally {
        lines.close();
        meter.stop();
      }
      if (failure !== undefined) throw failure;
      const elapsedMs = meter.elapsedMs();
      io.stderr(`produced ${meter.messages} messages to ${JSON.stringify(args.topic)} in ${(elapsedMs / 1000).toFixed(1)} s (${formatRate(meter.messages, elapsedMs)})\n`);
      return EXIT_OK;
    });
  },
});
