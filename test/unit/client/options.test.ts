import { credentials } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { CairnError } from '../../../src/client/errors.js';
import { DEFAULT_CLIENT_OPTIONS, resolveClientOptions } from '../../../src/client/options.js';
import type { CairnOptions } from '../../../src/client/options.js';

function refusal(options: CairnOptions): CairnError {
  try {
    resolveClientOptions(options);
  } catch (error) {
    expect(error).toBeInstanceOf(CairnError);
    return error as CairnError;
  }
  throw new Error('options were accepted');
}

describe('resolveClientOptions', () => {
  it('fills defaults and freezes the result', () => {
    const options = resolveClientOptions({ brokers: 'a:7070, b:7070,a:7070', retry: { retriesMax: 0 } });
    expect(options).toMatchObject({
      brokers: ['a:7070', 'b:7070'],
      clientId: DEFAULT_CLIENT_OPTIONS.clientId,
      requestTimeoutMs: DEFAULT_CLIENT_OPTIONS.requestTimeoutMs,
      retry: { ...DEFAULT_CLIENT_OPTIONS.retry, retriesMax: 0 },
    });
    expect(Object.isFrozen(options) && Object.isFrozen(options.brokers) && Object.isFrozen(options.retry)).toBe(true);
  });

  it('takes grpc credentials as they are', () => {
    const ssl = credentials.createSsl();
    expect(resolveClientOptions({ brokers: ['[::1]:7070'], tls: ssl }).credentials).toBe(ssl);
  });

  it.each<[CairnOptions, string]>([
    [{ brokers: [] }, 'Cairn options: brokers: expected a non-empty list of host:port, got []'],
    [{ brokers: 'localhost' }, 'Cairn options: brokers: expected a non-empty list of host:port, got "localhost"'],
    [{ brokers: ['a:0'] }, 'Cairn options: brokers: expected a non-empty list of host:port, got ["a:0"]'],
    [{ brokers: ['a:1'], clientId: '' }, 'Cairn options: clientId: expected a non-empty string, got ""'],
    [{ brokers: ['a:1'], requestTimeoutMs: 0 }, 'Cairn options: requestTimeoutMs: expected a positive integer, got 0'],
    [{ brokers: ['a:1'], retry: { retriesMax: -1 } }, 'Cairn options: retry.retriesMax: expected a non-negative integer, got -1'],
    [{ brokers: ['a:1'], retry: { initialBackoffMs: 1.5 } }, 'Cairn options: retry.initialBackoffMs: expected a positive integer, got 1.5'],
    [
      { brokers: ['a:1'], retry: { initialBackoffMs: 500, backoffMaxMs: 100 } },
      'Cairn options: retry.backoffMaxMs: expected at least retry.initialBackoffMs (500), got 100',
    ],
    [{ brokers: ['a:1'], tls: { caFile: '/nonexistent/ca.pem' } }, 'Cairn options: tls.caFile: cannot read "/nonexistent/ca.pem"'],
    [{ brokers: ['a:1'], tls: { keyFile: '/dev/null' } }, 'Cairn options: tls.certFile: required with keyFile (mutual TLS needs both)'],
  ])('refuses %j with INVALID_CONFIG', (options, message) => {
    const error = refusal(options);
    expect(error.code).toBe('INVALID_CONFIG');
    expect(error.message.startsWith(message)).toBe(true);
  });
});
