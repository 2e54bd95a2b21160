import type { sendUnaryData, ServerUnaryCall } from '@grpc/grpc-js';
import { CairnError, toGrpcError } from '../client/errors.js';

type Handler<Req, Res> = (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>) => void;

/** Wraps an async handler: a CairnError becomes a gRPC status with Cairn trailers, anything else INTERNAL. */
export function unary<Req, Res>(handle: (request: Req) => Promise<Res> | Res): Handler<Req, Res> {
  return (call, callback) => {
    Promise.resolve()
      .then(() => handle(call.request))
      .then(
        (response) => callback(null, response),
        (error: unknown) => {
          const cairn = error instanceof CairnError ? error : new CairnError('INTERNAL', String((error as Error)?.message ?? error), { cause: error });
          callback(toGrpcError(cairn));
        },
      );
  };
}
