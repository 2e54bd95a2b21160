import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Cairn } from '../../../src/client/index.js';

const clients: Cairn[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((cairn) => cairn.close()));
});

/** A loopback port nothing listens on: connections to it are refused. */
async function refusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('a group consumer that cannot reach any node', () => {
  it('rejects nextBatch() with a typed error after the heartbeat retries, instead of waiting forever', async () => {
    const port = await refusedPort();
    const cairn = new Cairn({ brokers: [`127.0.0.1:${port}`], requestTimeoutMs: 1_000, retry: { retriesMax: 3, initialBackoffMs: 10, backoffMaxMs: 40 } });
    clients.push(cairn);
    const consumer = cairn.consumer({ groupId: 'g' });
    consumer.subscribe(['t']);
    const startedMs = Date.now();

    const error = await consumer.nextBatch().then(
      () => undefined,
      (caught: unknown) => caught as Error & { code: string },
    );

    expect(error).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringMatching(/^group "g": .*heartbeat failing for 4 attempts; still retrying/) });
    expect(Date.now() - startedMs).toBeLessThan(10_000);
  });
});
