import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { Cairn } from '../../../src/client/index.js';
import { plainGrpcDetails } from '../../../src/client/grpc-details.js';

describe('grpc-js status details in SDK errors', () => {
  it.each([
    [
      'No connection established. Last error: Error: connect ECONNREFUSED 127.0.0.1:1 (2026-12-07T18:00:00.000Z). Resolution note: ',
      'no connection: connect ECONNREFUSED 127.0.0.1:1',
    ],
    ['No connection established. Last error: null. Resolution note: ', 'no connection'],
    ['Deadline exceeded after 5.002s,LB pick: 0.001s,remote_addr=127.0.0.1:7070', 'no answer within the request deadline (5.002s)'],
    ['No addresses resolved. Resolution note: DNS failed', 'No addresses resolved'],
    ['topic "x" does not exist', 'topic "x" does not exist'],
  ])('rewords %j', (details, expected) => {
    expect(plainGrpcDetails(details)).toBe(expected);
  });

  it('gives a refused connection a message without grpc-js internals, keeping them in the cause', async () => {
    // A port that was free a moment ago: nothing listens there.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise((resolve) => server.close(resolve));
    const cairn = new Cairn({ brokers: [`127.0.0.1:${port}`], requestTimeoutMs: 1_000, retry: { retriesMax: 0 } });
    try {
      const error = await cairn.admin().listTopics().then(
        () => undefined,
        (caught: unknown) => caught as Error & { code: string },
      );
      expect(error).toMatchObject({ code: 'UNAVAILABLE' });
      expect(error!.message).toMatch(new RegExp(`^127\\.0\\.0\\.1:${port}: no connection`));
      expect(error!.message).not.toMatch(/Resolution note|Last error|\d{4}-\d\d-\d\dT/);
    } finally {
      await cairn.close();
    }
  });
});
