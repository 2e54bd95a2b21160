/**
 * ProduceStream: pipelined produce requests on one stream, each answered
 * with its correlation id as soon as it completes (answers may come out of
 * order). At most PRODUCE_STREAM_IN_FLIGHT_MAX requests may be unanswered:
 * one more ends the stream with TOO_MANY_REQUESTS, so a client cannot make
 * the node hold an unbounded number of requests.
 */
import type { ServerDuplexStream } from '@grpc/grpc-js';
import { CairnError, toGrpcError } from '../protocol/errors.js';
import type { ProduceRequest__Output } from '../gen/cairn/v1/ProduceRequest.js';
import type { ProduceResponse } from '../gen/cairn/v1/ProduceResponse.js';
import type { ProduceStreamRequest__Output } from '../gen/cairn/v1/ProduceStreamRequest.js';
import type { ProduceStreamResponse } from '../gen/cairn/v1/ProduceStreamResponse.js';
import { asCairn } from './partition-failure.js';
import { PRODUCE_STREAM_IN_FLIGHT_MAX } from './request-limits.js';

export function serveProduceStream(
  call: ServerDuplexStream<ProduceStreamRequest__Output, ProduceStreamResponse>,
  produce: (request: ProduceRequest__Output) => Promise<ProduceResponse>,
): void {
  let open = 0;
  let clientEnded = false;
  let failed = false;
  const closed = (): boolean => failed || call.cancelled || call.destroyed || call.writableEnded;
  // grpc-js sends a stream's status when 'error' is emitted on it (destroy() would send none).
  const fail = (error: CairnError): void => {
    if (closed()) return;
    failed = true;
    call.emit('error', toGrpcError(error));
  };
  const finishIfDone = (): void => {
    if (clientEnded && open === 0 && !closed()) call.end();
  };
  call.on('data', (message: ProduceStreamRequest__Output) => {
    if (closed()) return;
    if (open >= PRODUCE_STREAM_IN_FLIGHT_MAX) {
      fail(new CairnError('TOO_MANY_REQUESTS', `a produce stream may have at most ${PRODUCE_STREAM_IN_FLIGHT_MAX} requests unanswered`));
      return;
    }
    open++;
    produce(message.request ?? { partitions: [] }).then(
      (response) => {
        open--;
        if (!closed()) call.write({ correlationId: message.correlationId, response });
        finishIfDone();
      },
      (error: unknown) => {
        open--;
        fail(asCairn(error));
      },
    );
  });
  call.on('end', () => {
    clientEnded = true;
    finishIfDone();
  });
  call.on('error', () => {});
}
