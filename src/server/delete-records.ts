/**
 * DeleteRecords: each named partition's leader moves its log start up to the
 * requested offset through the partition's Raft group (Kafka's
 * DeleteRecords, kafkajs's deleteTopicRecords). Each partition's outcome is
 * reported apart: the new log start, or why not.
 */
import type { DeleteRecordsPartitionResult } from '../gen/cairn/v1/DeleteRecordsPartitionResult.js';
import type { DeleteRecordsRequest__Output } from '../gen/cairn/v1/DeleteRecordsRequest.js';
import { INTERNAL_TOPIC_PREFIX } from '../metadata/index.js';
import type { PartitionFrontend } from '../partition/partition-frontend.js';
import { CairnError } from '../protocol/errors.js';
import { failure } from './partition-failure.js';
import { checkPartitionList, DELETE_RECORDS_PARTITIONS_MAX } from './request-limits.js';

/** What DeleteRecords needs of the node's partitions (PartitionRegistry has it). */
export interface DeletablePartitions {
  untilElectionSettles(topic: string, partition: number, waitMs: number): Promise<void>;
  /** Throws a CairnError (NOT_LEADER, UNKNOWN_TOPIC_OR_PARTITION) where this node does not lead the partition. */
  leaderOfPartition(topic: string, partition: number): { readonly frontend: Pick<PartitionFrontend, 'advanceLogStart'> };
}

/** Refuses a malformed request (INVALID_REQUEST); per-partition failures are reported in the results. */
export async function deleteRecords(partitions: DeletablePartitions, request: DeleteRecordsRequest__Output, electionWaitMs: number): Promise<{ results: DeleteRecordsPartitionResult[] }> {
  checkPartitionList('delete records', request.partitions, DELETE_RECORDS_PARTITIONS_MAX);
  const results = await Promise.all(
    request.partitions.map(async ({ topic, partition, offset }): Promise<DeleteRecordsPartitionResult> => {
      try {
        // The offsets topic holds the groups' commits: only Cairn's own retention removes them.
        if (topic.startsWith(INTERNAL_TOPIC_PREFIX)) throw new CairnError('INVALID_REQUEST', `topic "${topic}" is internal: its records cannot be deleted`);
        await partitions.untilElectionSettles(topic, partition, electionWaitMs);
        const logStartOffset = await partitions.leaderOfPartition(topic, partition).frontend.advanceLogStart(BigInt(offset));
        return { topic, partition, errorCode: '', logStartOffset: logStartOffset.toString() };
      } catch (error) {
        return { topic, partition, ...failure(error) };
      }
    }),
  );
  return { results };
}
