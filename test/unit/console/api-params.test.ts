/**
 * The console's endpoints refuse a bad path or query with INVALID_REQUEST
 * before asking the cluster anything: the client here points at a port
 * nothing listens on, so any request that got through would fail otherwise.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { CairnError } from '../../../src/client/index.js';
import { ConsoleApi, MESSAGES_LIMIT_MAX } from '../../../src/console/api.js';

describe('console API request checks', () => {
  const api = new ConsoleApi({ broker: '127.0.0.1:1', tls: undefined, nodeId: 1 });
  afterAll(() => api.close());

  const refusal = async (path: string, query = ''): Promise<CairnError> => {
    const error = await api.answer(path, new URLSearchParams(query)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CairnError);
    return error as CairnError;
  };

  it.each([
    ['an unknown endpoint', 'nodes', '', /no console endpoint \/ui\/api\/nodes/],
    ['a path too deep', 'topics/orders/partitions/0/extra', '', /no console endpoint/],
    ['a partition that is not a number', 'topics/orders/partitions/x', '', /partition: expected an integer/],
    ['a malformed escape', 'topics/%E0%A4%A', '', /malformed escape/],
    ['messages without a topic', 'messages', 'partition=0', /topic: required/],
    ['messages without a partition', 'messages', 'topic=orders', /partition: required/],
    ['a negative offset', 'messages', 'topic=orders&partition=0&offset=-1', /offset: expected an integer/],
    ['an offset past 2^63 - 1', 'messages', 'topic=orders&partition=0&offset=9223372036854775808', /offset: expected an integer/],
    ['both an offset and a timestamp', 'messages', 'topic=orders&partition=0&offset=1&timestamp=2', /give one, not both/],
    ['a limit of 0', 'messages', 'topic=orders&partition=0&limit=0', /limit: expected an integer from 1/],
    ['a limit above the maximum', 'messages', `topic=orders&partition=0&limit=${MESSAGES_LIMIT_MAX + 1}`, /limit: expected an integer/],
  ])('refuses %s with INVALID_REQUEST', async (_what, path, query, message) => {
    const error = await refusal(path, query);
    expect(error.code).toBe('INVALID_REQUEST');
    expect(error.message).toMatch(message);
  });
});
