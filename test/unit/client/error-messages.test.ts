import { status } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { CairnError, ECHO_LENGTH_MAX, echo, ERROR_MESSAGE_LENGTH_MAX, fromGrpcError, toGrpcError } from '../../../src/client/errors.js';

describe('error message length', () => {
  it('cuts a message that echoes a 100 KB name to the cap, saying how long the input was', () => {
    const name = 'n'.repeat(100_000);
    const error = new CairnError('UNKNOWN_TOPIC_OR_PARTITION', `topic "${name}" does not exist`);
    expect(error.message).toHaveLength(ERROR_MESSAGE_LENGTH_MAX);
    expect(error.message).toMatch(/^topic "n+… \(100023 bytes\)$/);
    const wire = toGrpcError(error);
    expect(wire.details).toBe(error.message);
    expect(fromGrpcError(wire).message).toBe(error.message);
  });

  it('leaves a message within the cap as it is', () => {
    const message = 'm'.repeat(ERROR_MESSAGE_LENGTH_MAX);
    expect(new CairnError('INVALID_REQUEST', message).message).toBe(message);
  });

  it('echoes at most ECHO_LENGTH_MAX characters of an input, with its size in bytes', () => {
    expect(echo('short')).toBe('short');
    const suffix = '… (2000 bytes)';
    expect(echo('é'.repeat(1000))).toBe(`${'é'.repeat(ECHO_LENGTH_MAX - suffix.length)}${suffix}`);
  });

  it('never cuts a surrogate pair in half', () => {
    const suffix = '… (500 bytes)';
    const kept = ECHO_LENGTH_MAX - suffix.length - 1;
    const value = `${'a'.repeat(kept)}😀${'z'.repeat(500 - kept - 4)}`;
    expect(echo(value)).toBe(`${'a'.repeat(kept)}${suffix}`);
  });

  it('types a status grpc-js raised for a message over its size limit, which carries no Cairn code, as INVALID_REQUEST', () => {
    const raised = Object.assign(new Error('8 RESOURCE_EXHAUSTED: Received message larger than max (20971520 vs. 17825792)'), {
      code: status.RESOURCE_EXHAUSTED,
      details: 'Received message larger than max (20971520 vs. 17825792)',
    });
    const error = fromGrpcError(raised);
    expect([error.code, error.retriable, error.message]).toEqual(['INVALID_REQUEST', false, 'Received message larger than max (20971520 vs. 17825792)']);
  });
});
