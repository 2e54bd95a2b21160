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
import { CairnError, toGrpcError } from '../client/errors.js';
import type { FetchRequest__Output } from '../gen/cairn/v1/FetchRequest.js';
import type { FetchPartitionResult } from '../gen/cairn/v1/FetchPartitionResult.js';
import type { InitProducerRequest__Output } from '../gen/cairn/v1/InitProducerRequest.js';
import type { ListOffsetsRequest__Output } from '../gen/cairn/v1/ListOffsetsRequest.js';
import type { ListOffsetsPartitionResult } from '../gen/cairn/v1/ListOffsetsPartitionResult.js';
import type { ProducePartitionResult } from '../gen/cairn/v1/ProducePartitionResult.js';
import type { ProduceRequest__Output } from '../gen/cairn/v1/ProduceRequest.js';
import type { ProduceResponse } from '../gen/cairn/v1/ProduceResponse.js';
import type { ProduceStreamRequest__Output } from '../gen/cairn/v1/ProduceStreamRequest.js';
import type { ProduceStreamResponse } from '../gen/cairn/v1/ProduceStreamResponse.js';
import type { SubscribeRequest__Output } from '../gen/cairn/v1/SubscribeRequest.js';
import type { SubscribeResponse } from '../gen/cairn/v1/SubscribeResponse.js';
import { INTERNAL_TOPIC_PREFIX } from '../metadata/index.js';
import { decodeBatch, splitBatches } from '../records/index.js';
import type { PartitionRegistry } from './partition-registry.js';

/** Bounds on what one request may ask for. */
const FETCH_WAIT_MS_MAX = 30_000;
/** How long a produce or fetch waits for an election on this node to settle; one election, after a handover, takes a few milliseconds. */
const ELECTION_WAIT_MS = 1_000;
const FETCH_BYTES_MAX = 64 * 1024 * 1024;
const SUBSCRIBE_CREDIT_BYTES_MAX = 64 * 1024 * 1024;

export interface DataServiceDeps {
  readonly partitions: PartitionRegistry;
  /** A fresh (producerId, epoch 0); throws CairnError (NOT_CONTROLLER) where ids cannot be allocated. */
  readonly allocateProducerId: () => Promise<bigint>;
}

function asCairn(error: unknown): CairnError {
  return error instanceof CairnError ? error : new CairnError('INTERNAL', String((error as Error)?.message ?? error), { cause: error });
}

/** The error fields of a per-partition result. */
function failure(error: unknown): { errorCode: string; errorMessage: string; leaderHint: number } {
  const cairn = asCairn(error);
  return { errorCode: cairn.code, errorMessage: cairn.message, leaderHint: cairn.leaderHint ?? 0 };
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
          return { topic, partition, errorCode: '', baseOffset: baseOffset.toString(), logStartOffset: stm.logStartOffset.toString() };
        } catch (error) {
          return { topic, partition, ...failure(error) };
        }
      }),
    ),
  });

  const fetch = async (request: FetchRequest__Output) => {
    const deadline = Date.now() + Math.min(request.maxWaitMs, FETCH_WAIT_MS_MAX);
    const bytesMax = Math.min(request.maxBytes || FETCH_BYTES_MAX, FETCH_BYTES_MAX);
    for (;;) {
      let total = 0;
      const waits: Promise<void>[] = [];
      const results: FetchPartitionResult[] = [];
      for (const p of request.partitions) {
        try {
          await deps.partitions.untilElectionSettles(p.topic, p.partition, ELECTION_WAIT_MS);
          const hosted = deps.partitions.readyLeaderOfPartition(p.topic, p.partition);
          const read = await hosted.reader.read(BigInt(p.offset), Math.min(p.maxBytes || bytesMax, Math.max(bytesMax - total, 1)));
          total += read.records.byteLength;
          results.push({
            topic: p.topic,
            partition: p.partition,
            errorCode: '',
            highWatermark: read.highWatermark.toString(),
            logStartOffset: read.logStartOffset.toString(),
            records: read.records,
          });
          waits.push(hosted.stm.waitForChange(Math.max(0, deadline - Date.now())));
        } catch (error) {
          results.push({ topic: p.topic, partition: p.partition, ...failure(error) });
        }
      }
      const errors = results.some((r) => r.errorCode !== '');
      if (errors || total >= Math.max(request.minBytes, 1) || Date.now() >= deadline || waits.length === 0) return { partitions: results };
      await Promise.race(waits);
    }
  };

  return {
    Produce: (call: ServerUnaryCall<ProduceRequest__Output, ProduceResponse>, callback: sendUnaryData<ProduceResponse>) => {
      produce(call.request).then((response) => callback(null, response), (error: unknown) => callback(toGrpcError(asCairn(error))));
    },

    ProduceStream: (call: ServerDuplexStream<ProduceStreamRequest__Output, ProduceStreamResponse>) => {
      let open = 0;
      let ended = false;
      const finishIfDone = (): void => {
        if (ended && open === 0) call.end();
      };
      call.on('data', (message: ProduceStreamRequest__Output) => {
        open++;
        void produce(message.request ?? { partitions: [] }).then(
          (response) => {
            open--;
            if (!call.cancelled && !call.destroyed) call.write({ correlationId: message.correlationId, response });
            finishIfDone();
          },
          (error: unknown) => {
            open--;
            call.destroy(toGrpcError(asCairn(error)));
          },
        );
      });
      call.on('end', () => {
        ended = true;
        finishIfDone();
      });
      call.on('error', () => {});
    },

    InitProducer: (call: ServerUnaryCall<InitProducerRequest__Output, unknown>, callback: sendUnaryData<unknown>) => {
      const { producerId, producerEpoch } = call.request;
      // A producer re-initialising takes the next epoch, which fences its earlier incarnation.
      if (producerId !== '0' && producerEpoch < 0x7fff) {
        callback(null, { producerId, producerEpoch: producerEpoch + 1 });
        return;
      }
      deps.allocateProducerId().then(
        (id) => callback(null, { producerId: id.toString(), producerEpoch: 0 }),
        (error: unknown) => callback(toGrpcError(asCairn(error))),
      );
    },

    Fetch: (call: ServerUnaryCall<FetchRequest__Output, unknown>, callback: sendUnaryData<unknown>) => {
      fetch(call.request).then((response) => callback(null, response), (error: unknown) => callback(toGrpcError(asCairn(error))));
    },

    Subscribe: (call: ServerDuplexStream<SubscribeRequest__Output, SubscribeResponse>) => subscribe(call, deps.partitions),

    ListOffsets: (call: ServerUnaryCall<ListOffsetsRequest__Output, unknown>, callback: sendUnaryData<unknown>) => {
      Promise.all(call.request.partitions.map((p) => listOffset(deps.partitions, p))).then(
        (results) => callback(null, { results }),
        (error: unknown) => callback(toGrpcError(asCairn(error))),
      );
    },
  };
}

/** Pushes batches from the start offset as they commit, never more bytes than the client has granted. */
function subscribe(call: ServerDuplexStream<SubscribeRequest__Output, SubscribeResponse>, partitions: PartitionRegistry): void {
  let credit = 0;
  let started = false;
  let wakeCredit: (() => void) | undefined;
  const closed = (): boolean => call.cancelled || call.destroyed;
  call.on('error', () => {});
  call.on('data', (message: SubscribeRequest__Output) => {
    if (message.start !== undefined && message.start !== null && !started) {
      started = true;
      credit = Math.min(message.start.creditBytes, SUBSCRIBE_CREDIT_BYTES_MAX);
      const { topic, partition, offset } = message.start;
      run(topic, partition, BigInt(offset)).catch((error: unknown) => {
        if (!closed()) call.destroy(toGrpcError(asCairn(error)));
      });
    } else if (message.creditBytes !== undefined && message.creditBytes !== null) {
      credit = Math.min(credit + message.creditBytes, SUBSCRIBE_CREDIT_BYTES_MAX);
      wakeCredit?.();
    }
  });
  call.on('end', () => call.end());

  async function run(topic: string, partition: number, from: bigint): Promise<void> {
    let offset = from;
    while (!closed()) {
      if (credit <= 0) {
        await new Promise<void>((resolve) => (wakeCredit = resolve));
        continue;
      }
      const hosted = partitions.readyLeaderOfPartition(topic, partition);
      const read = await hosted.reader.read(offset, credit);
      if (read.records.byteLength === 0) {
        await hosted.stm.waitForChange(1000);
        continue;
      }
      credit -= read.records.byteLength;
      offset = read.nextOffset;
      call.write({ records: read.records, highWatermark: read.highWatermark.toString(), logStartOffset: read.logStartOffset.toString() });
    }
  }
}

async function listOffset(
  partitions: PartitionRegistry,
  p: ListOffsetsRequest__Output['partitions'][number],
): Promise<ListOffsetsPartitionResult> {
  const base = { topic: p.topic, partition: p.partition, errorCode: '' };
  try {
    const { stm, reader } = partitions.readyLeaderOfPartition(p.topic, p.partition);
    switch (p.spec) {
      case 'EARLIEST':
        return { ...base, offset: stm.logStartOffset.toString() };
      case 'LATEST':
        return { ...base, offset: stm.highWatermark.toString() };
      case 'TIMESTAMP': {
        const timestampMs = BigInt(p.timestampMs);
        const segment = stm.segments.firstAtOrAfter(Number(timestampMs));
        if (segment === undefined) return { ...base, offset: stm.highWatermark.toString() };
        // Scan the segment's batches; decode only the one that holds the answer.
        let offset = segment.baseOffset > stm.logStartOffset ? segment.baseOffset : stm.logStartOffset;
        while (offset < stm.highWatermark) {
          const read = await reader.read(offset, 1024 * 1024);
          for (const view of splitBatches(read.records)) {
            if (view.header.maxTimestamp < timestampMs) continue;
            const record = decodeBatch(view.bytes).records.find((r) => r.timestamp >= timestampMs && r.offset >= offset);
            if (record !== undefined) return { ...base, offset: record.offset.toString() };
          }
          if (read.nextOffset === offset) break;
          offset = read.nextOffset;
        }
        return { ...base, offset: stm.highWatermark.toString() };
      }
      default:
        throw new CairnError('INVALID_REQUEST', `unknown offset spec "${p.spec}": use EARLIEST, LATEST or TIMESTAMP`);
    }
  } catch (error) {
    return { ...base, ...failure(error) };
  }
}
