import type { sendUnaryData, ServerUnaryCall } from '@grpc/grpc-js';
import { toGrpcError } from '../protocol/errors.js';
import { asCairn } from './partition-failure.js';

type Handler<Req, Res> = (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>) => void;

/**
 * Wraps an async handler: a CairnError becomes a gRPC status with Cairn trailers, anything else INTERNAL.
 * The status message is the CairnError's, which is capped in length (ERROR_MESSAGE_LENGTH_MAX).
 */
export function unary<Req, Res>(handle: (request: Req) => Promise<Res> | Res): Handler<Req, Res> {
  return (call, callback) => {
    Promise.resolve()
      .then(() => handle(call.request))
      .then(
        (response) => callback(null, response),
        (error: unknown) => callback(toGrpcError(asCairn(error))),
      );
  };
}
