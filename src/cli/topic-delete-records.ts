/** `cairn topic delete-records`: deletes a partition's records before an offset (Kafka's kafka-delete-records). */
import type { Admin, DeleteRecordsRequest } from '../client/index.js';
import { nonNegativeIntegerFlag, offsetFlag, UsageError } from './args.js';
import { ADMIN_FLAGS, defineCommand, withAdmin } from './command.js';
import { EXIT_OK, print, renderTable } from './output.js';

/** `--before latest`: each partition's high watermark, so every record it holds now is deleted. */
const LATEST = 'latest';

/** The partitions asked for, each with the offset to delete before. */
async function requestsOf(admin: Admin, topic: string, partitions: readonly number[], before: bigint | typeof LATEST): Promise<DeleteRecordsRequest[]> {
  if (before !== LATEST) return partitions.map((partition) => ({ topic, partition, offset: before }));
  const latest = await admin.listOffsets(partitions.map((partition) => ({ topic, partition, spec: 'latest' as const })));
  return latest.map(({ partition, offset }) => ({ topic, partition, offset }));
}

export const topicDeleteRecords = defineCommand({
  name: 'topic delete-records',
  summary: 'delete the records before an offset: the earliest offset moves there on every replica',
  positionals: ['name'],
  flags: {
    partition: { type: 'string', valueName: 'P', help: 'the partition (or --all-partitions)' },
    'all-partitions': { type: 'boolean', help: 'every partition of the topic, each before the same offset' },
    before: { type: 'string', valueName: 'OFFSET', help: "records before this offset are deleted (required); 'latest': all records held now" },
    ...ADMIN_FLAGS,
  },
  run: (context) => {
    const { flags, args, io } = context;
    const partition = nonNegativeIntegerFlag('partition', flags.partition);
    if ((partition === undefined) === (flags['all-partitions'] !== true)) throw new UsageError('give one of --partition P and --all-partitions');
    if (flags.before === undefined) throw new UsageError('--before is required');
    const before = flags.before === LATEST ? LATEST : offsetFlag('before', flags.before)!;
    return withAdmin(context, async (admin) => {
      const partitions = partition !== undefined ? [partition] : (await admin.describeTopic(args.name)).partitions.map((p) => p.partition);
      const deleted = await admin.deleteRecords(await requestsOf(admin, args.name, partitions, before));
      const rows = deleted.map((d) => ({ topic: d.topic, partition: d.partition, lowWatermark: d.lowWatermark.toString() }));
      print(io, flags.json, rows, () => renderTable(['PARTITION', 'LOW-WATERMARK'], rows.map((row) => [String(row.partition), row.lowWatermark])));
      return EXIT_OK;
    });
  },
});
