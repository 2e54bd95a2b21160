/**
 * ListOffsets: a partition's earliest or latest offset, or the offset for a
 * time. Lookups by time read batch headers only, never records: nothing a
 * client sent is decompressed, so a lookup costs a scan of one segment's
 * headers, and a batch whose compressed payload is garbage cannot fail it.
 */
import { CairnError, echo } from '../protocol/errors.js';
import type { ListOffsetsPartitionResult } from '../gen/cairn/v1/ListOffsetsPartitionResult.js';
import type { ListOffsetsRequest__Output } from '../gen/cairn/v1/ListOffsetsRequest.js';
import type { PartitionReader } from '../partition/partition-reader.js';
import type { PartitionStm } from '../partition/partition-stm.js';
import { splitBatches } from '../records/index.js';
import { explainReadFailure, failure } from './partition-failure.js';
import { checkPartitionList, LIST_OFFSETS_PARTITIONS_MAX } from './request-limits.js';

/** Bytes of whole batches read per step of a scan by time. */
const SCAN_BYTES = 1024 * 1024;

export interface OffsetsPartition {
  readonly stm: Pick<PartitionStm, 'logStartOffset' | 'highWatermark' | 'segments'>;
  readonly reader: Pick<PartitionReader, 'read'>;
}

/** What ListOffsets needs of the node's partitions (PartitionRegistry has it). */
export interface OffsetsPartitions {
  /** Throws a CairnError (NOT_LEADER, UNKNOWN_TOPIC_OR_PARTITION) where this node cannot serve reads. */
  readyLeaderOfPartition(topic: string, partition: number): OffsetsPartition;
}

type Requested = ListOffsetsRequest__Output['partitions'][number];

/** Refuses a malformed request (INVALID_REQUEST); per-partition failures are reported in the results. */
export async function listOffsets(partitions: OffsetsPartitions, request: ListOffsetsRequest__Output): Promise<{ results: ListOffsetsPartitionResult[] }> {
  checkPartitionList('list offsets', request.partitions, LIST_OFFSETS_PARTITIONS_MAX);
  return { results: await Promise.all(request.partitions.map((requested) => listOffset(partitions, requested))) };
}

async function listOffset(partitions: OffsetsPartitions, requested: Requested): Promise<ListOffsetsPartitionResult> {
  const base = { topic: requested.topic, partition: requested.partition, errorCode: '' };
  try {
    const hosted = partitions.readyLeaderOfPartition(requested.topic, requested.partition);
    switch (requested.spec) {
      case 'EARLIEST':
        return { ...base, offset: hosted.stm.logStartOffset.toString() };
      case 'LATEST':
        return { ...base, offset: hosted.stm.highWatermark.toString() };
      case 'TIMESTAMP':
        return { ...base, offset: (await offsetForTime(hosted, BigInt(requested.timestampMs))).toString() };
      default:
        throw new CairnError('INVALID_REQUEST', `unknown offset spec "${echo(requested.spec)}": use EARLIEST, LATEST or TIMESTAMP`);
    }
  } catch (error) {
    return { ...base, ...failure(explainReadFailure(error, () => partitions.readyLeaderOfPartition(requested.topic, requested.partition))) };
  }
}

/**
 * The base offset of the first batch whose newest timestamp is at or after
 * `timestampMs`; the high watermark if there is none. That is at or before
 * Kafka's answer (the first record at or after the time), so a consumer
 * starting there re-reads a few older records of that batch but skips none.
 */
async function offsetForTime({ stm, reader }: OffsetsPartition, timestampMs: bigint): Promise<bigint> {
  const segment = stm.segments.firstAtOrAfter(Number(timestampMs));
  if (segment === undefined) return stm.highWatermark;
  let offset = segment.baseOffset > stm.logStartOffset ? segment.baseOffset : stm.logStartOffset;
  while (offset < stm.highWatermark) {
    const read = await reader.read(offset, SCAN_BYTES);
    for (const { header } of splitBatches(read.records)) {
      if (header.maxTimestamp >= timestampMs) return header.baseOffset > offset ? header.baseOffset : offset;
    }
    if (read.nextOffset === offset) break;
    offset = read.nextOffset;
  }
  return stm.highWatermark;
}
