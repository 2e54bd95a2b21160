/**
 * The public Data service: produce (unary and pipelined stream), producer
 * ids, fetch with long-poll, push subscriptions with credit, and offsets.
 * Multi-partition requests report each partition's outcome separately.
 */
import type {
  sendUnaryData,
  ServerDuplexStream,
  ServerUnaryCall,
  UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { CairnError, toGrpcError } from '../protocol/errors.js';
import type { DeleteRecordsRequest__Output } from '../gen/cairn/v1/DeleteRecordsRequest.js';
import type { FetchRequest__Output } from '../gen/cairn/v1/FetchRequest.js';
import type { InitProducerRequest__Output } from '../gen/cairn/v1/InitProducerRequest.js';
import type { ListOffsetsRequest__Output } from '../gen/cairn/v1/ListOffsetsRequest.js';
import type { ProducePartitionResult } from '../gen/cairn/v1/ProducePartitionResult.js';
import type { ProduceRequest__Output } from '../gen/cairn/v1/ProduceRequest.js';
import type { ProduceResponse } from '../gen/cairn/v1/ProduceResponse.js';
import type { ProduceStreamRequest__Output } from '../gen/cairn/v1/ProduceStreamRequest.js';
import type { ProduceStreamResponse } from '../gen/cairn/v1/ProduceStreamResponse.js';
import type { SubscribeRequest__Output } from '../gen/cairn/v1/SubscribeRequest.js';
import type { SubscribeResponse } from '../gen/cairn/v1/SubscribeResponse.js';
import { INTERNAL_TOPIC_PREFIX } from '../metadata/index.js';
import type { BrokerMetrics } from '../observability/broker-metrics.js';
import { deleteRecords } from './delete-records.js';
import { fetchRecords } from './fetch.js';
import { listOffsets } from './list-offsets.js';
import { asCairn, failure } from './partition-failure.js';
import { serveProduceStream } from './produce-stream.js';
import type { PartitionRegistry } from './partition-registry.js';
import { serveSubscription } from './subscribe.js';

/** How long a produce or fetch waits for an election on this node to settle; one election, after a handover, takes a few milliseconds. */
const ELECTION_WAIT_MS = 1_000;

export interface DataServiceDeps {
  readonly partitions: PartitionRegistry;
  /** A fresh (producerId, epoch 0); throws CairnError (NOT_CONTROLLER) where ids cannot be allocated. */
  readonly allocateProducerId: () => Promise<bigint>;
  /** Records and bytes produced and fetched, and refused batches. */
  readonly metrics?: BrokerMetrics;
}

export function dataServiceHandlers(deps: DataServiceDeps): UntypedServiceImplementation {
  const produce = async (request: ProduceRequest__Output): Promise<ProduceResponse> => ({
    results: await Promise.all(
      request.partitions.map(async ({ topic, partition, batch }): Promise<ProducePartitionResult> => {
        try {
          if (topic.startsWith(INTERNAL_TOPIC_PREFIX)) throw new CairnError('INVALID_REQUEST', `topic "${topic}" is internal: only Cairn writes to it`);
          await deps.partitions.untilElectionSettles(topic, partition, ELECTION_WAIT_MS);
          const { frontend, stm } = deps.partitions.leaderOfPartition(topic, partition);
          const { baseOffset } = await frontend.append(batch);
          deps.metrics?.produced(topic, partition, batch);
          return { topic, partition, errorCode: '', baseOffset: baseOffset.toString(), logStartOffset: stm.logStartOffset.toString() };
        } catch (error) {
          const failed = failure(error);
          deps.metrics?.produceRefusedWith(failed.errorCode);
          return { topic, partition, ...failed };
        }
      }),
    ),
  });

  return {
    Produce: (call: ServerUnaryCall<ProduceRequest__Output, ProduceResponse>, callback: sendUnaryData<ProduceResponse>) => {
      produce(call.request).then((response) => callback(null, response), (error: unknown) => callback(toGrpcError(asCairn(error))));
    },

    ProduceStream: (call: ServerDuplexStream<ProduceStreamRequest__Output, ProduceStreamResponse>) => serveProduceStream(call, produce),

    InitProducer: (call: ServerUnaryCall<InitProducerRequest__Output, unknown>, callback: sendUnaryData<unknown>) => {
      // Always a new id at epoch 0, whatever id the request names. No node keeps producers' epochs, so a bump of
      // a named id could not be checked: it let any client fence any producer, or revive an id never allocated.
      // A producer that re-initialises starts afresh under its new id, which is all idempotence needs.
      deps.allocateProducerId().then(
        (id) => callback(null, { producerId: id.toString(), producerEpoch: 0 }),
        (error: unknown) => callback(toGrpcError(asCairn(error))),
      );
    },

    Fetch: (call: ServerUnaryCall<FetchRequest__Output, unknown>, callback: sendUnaryData<unknown>) => {
      const cancelled = new AbortController();
      call.on('cancelled', () => cancelled.abort());
      fetchRecords(deps.partitions, call.request, { electionWaitMs: ELECTION_WAIT_MS, signal: cancelled.signal }).then(
        (response) => {
          for (const { topic, partition, records } of response.partitions) {
            if (topic !== undefined && records instanceof Uint8Array) deps.metrics?.fetched(topic, partition ?? 0, records);
          }
          callback(null, response);
        },
        (error: unknown) => callback(toGrpcError(asCairn(error))),
      );
    },

    Subscribe: (call: ServerDuplexStream<SubscribeRequest__Output, SubscribeResponse>) => serveSubscription(call, deps.partitions),

    ListOffsets: (call: ServerUnaryCall<ListOffsetsRequest__Output, unknown>, callback: sendUnaryData<unknown>) => {
      listOffsets(deps.partitions, call.request).then(
        (response) => callback(null, response),
        (error: unknown) => callback(toGrpcError(asCairn(error))),
      );
    },

    DeleteRecords: (call: ServerUnaryCall<DeleteRecordsRequest__Output, unknown>, callback: sendUnaryData<unknown>) => {
      deleteRecords(deps.partitions, call.request, ELECTION_WAIT_MS).then(
        (response) => callback(null, response),
        (error: unknown) => callback(toGrpcError(asCairn(error))),
      );
    },
  };
}
