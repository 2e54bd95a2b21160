import { Metadata, status } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { CairnError, ERROR_CODES, fromGrpcError, toGrpcError } from '../../../src/client/errors.js';
import type { ErrorCode } from '../../../src/client/errors.js';

function serviceError(code: status, details: string, trailers: Record<string, string> = {}): Error & { code: status; details: string; metadata: Metadata } {
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(trailers)) metadata.set(key, value);
  return Object.assign(new Error(`${code} ${status[code]}: ${details}`), { code, details, metadata });
}

describe('error table', () => {
  it('round-trips every code through the gRPC status and trailers', () => {
    for (const code of Object.keys(ERROR_CODES) as ErrorCode[]) {
      const sent = new CairnError(code, `about ${code}`);
      const wire = toGrpcError(sent);
      expect(wire.code).toBe(ERROR_CODES[code].grpcStatus);
      const received = fromGrpcError(wire);
      expect(received).toBeInstanceOf(CairnError);
      expect([received.code, received.message, received.retriable]).toEqual([code, `about ${code}`, ERROR_CODES[code].retriable]);
    }
  });

  it('carries the leader hint and address', () => {
    const wire = toGrpcError(new CairnError('NOT_LEADER', undefined, { leaderHint: 3, leaderAddress: 'n3:7070' }));
    expect(wire.metadata?.get('cairn-error-code')).toEqual(['NOT_LEADER']);
    const received = fromGrpcError(wire);
    expect(received).toMatchObject({ code: 'NOT_LEADER', retriable: true, leaderHint: 3, leaderAddress: 'n3:7070', message: ERROR_CODES.NOT_LEADER.message });
  });

  it('defaults the message to the table and keeps the cause', () => {
    const cause = new Error('disk');
    const error = new CairnError('STORAGE_FULL', undefined, { cause });
    expect([error.message, error.cause, error.name]).toEqual(['storage full', cause, 'CairnError']);
  });

  it.each([
    [status.UNAVAILABLE, 'UNAVAILABLE', true],
    [status.DEADLINE_EXCEEDED, 'REQUEST_TIMED_OUT', true],
    [status.UNAUTHENTICATED, 'UNAUTHENTICATED', false],
    [status.PERMISSION_DENIED, 'UNAUTHORIZED', false],
    [status.INVALID_ARGUMENT, 'INVALID_REQUEST', false],
    [status.CANCELLED, 'CLIENT_CLOSED', false],
    [status.UNIMPLEMENTED, 'INTERNAL', false],
  ] as const)('maps status %s without a Cairn code to %s', (grpcStatus, code, retriable) => {
    const received = fromGrpcError(serviceError(grpcStatus, 'from a proxy'));
    expect(received).toMatchObject({ code, retriable, message: 'from a proxy', details: { grpcStatus: status[grpcStatus] } });
  });

  it('maps a code this SDK does not know by status and keeps it in details', () => {
    const received = fromGrpcError(serviceError(status.UNAVAILABLE, 'new', { 'cairn-error-code': 'FUTURE_THING' }));
    expect(received).toMatchObject({ code: 'UNAVAILABLE', retriable: true, details: { serverCode: 'FUTURE_THING' } });
  });

  it('ignores a malformed leader hint', () => {
    const received = fromGrpcError(serviceError(status.UNAVAILABLE, 'x', { 'cairn-error-code': 'NOT_LEADER', 'cairn-leader-hint': 'abc' }));
    expect(received.leaderHint).toBeUndefined();
  });

  it('names the node in messages no Cairn server wrote', () => {
    expect(fromGrpcError(serviceError(status.UNAVAILABLE, 'connect ECONNREFUSED'), 'n1:7070').message).toBe('n1:7070: connect ECONNREFUSED');
    const fromServer = serviceError(status.ALREADY_EXISTS, 'topic "a" already exists', { 'cairn-error-code': 'TOPIC_ALREADY_EXISTS' });
    expect(fromGrpcError(fromServer, 'n1:7070').message).toBe('topic "a" already exists');
  });

  it('maps an error with no status at all to INTERNAL', () => {
    expect(fromGrpcError(new Error('boom'))).toMatchObject({ code: 'INTERNAL', message: 'boom', retriable: false });
  });
});
