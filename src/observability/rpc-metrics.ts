/**
 * Times every method of a gRPC service implementation: a histogram by
 * service, method and result code, and a gauge of calls in flight. Unary
 * calls end at their callback; streams when they finish, fail or are
 * cancelled. The code is the Cairn error code the status carries, else the
 * gRPC status name, so codes stay a small fixed set. Unary handlers are
 * told from streaming ones by grpc-js's handler shapes, `(call, callback)`
 * and `(call)`, which wrappers (the call guard's) keep.
 */
import { status, type UntypedHandleCall, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { TRAILER_ERROR_CODE } from '../protocol/errors.js';
import type { BrokerMetrics } from './broker-metrics.js';

interface StatusLike {
  readonly code?: number;
  readonly metadata?: { get(key: string): unknown[] };
}

type UnaryHandler = (call: unknown, callback: (error: unknown, ...rest: unknown[]) => void) => void;
type StreamHandler = (call: NodeJS.EventEmitter) => void;

export function resultCode(error: unknown): string {
  if (error === null || error === undefined) return 'OK';
  const failed = error as StatusLike;
  const cairn = failed.metadata?.get(TRAILER_ERROR_CODE)[0];
  if (typeof cairn === 'string' && cairn !== '') return cairn;
  return typeof failed.code === 'number' && status[failed.code] !== undefined ? status[failed.code]! : 'UNKNOWN';
}

export function instrumentService(service: string, implementation: UntypedServiceImplementation, metrics: BrokerMetrics): UntypedServiceImplementation {
  const instrumented: UntypedServiceImplementation = {};
  for (const [method, handler] of Object.entries(implementation)) {
    instrumented[method] = (handler.length >= 2 ? timeUnary(service, method, handler as UnaryHandler, metrics) : timeStream(service, method, handler as StreamHandler, metrics)) as UntypedHandleCall;
  }
  return instrumented;
}

function timeUnary(service: string, method: string, handler: UnaryHandler, metrics: BrokerMetrics): UnaryHandler {
  return (call, callback) => {
    const end = metrics.rpcStarted(service, method);
    handler(call, (error, ...rest) => {
      end(resultCode(error));
      callback(error, ...rest);
    });
  };
}

function timeStream(service: string, method: string, handler: StreamHandler, metrics: BrokerMetrics): StreamHandler {
  return (call) => {
    const end = metrics.rpcStarted(service, method);
    // grpc-js sends a stream's error status when 'error' is emitted on it; 'finish' follows a clean end().
    call.once('error', (error: unknown) => end(resultCode(error)));
    call.once('finish', () => end('OK'));
    call.once('cancelled', () => end('CANCELLED'));
    call.once('close', () => end('CANCELLED'));
    handler(call);
  };
}
