/** What the data-path tests share: a fake cluster with the Data service, clients with short timeouts, cleanup. */
import { afterEach } from 'vitest';
import { Cairn } from '../../../src/client/index.js';
import type { CairnOptions } from '../../../src/client/index.js';
import { FakeData } from './fake-data.js';

const cleanups: (() => unknown)[] = [];

/** Registers the afterEach hook of the calling test file. */
export function cleanUpAfterEach(): void {
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
}

export function onCleanup(cleanup: () => unknown): void {
  cleanups.push(cleanup);
}

export async function startData(nodesCount: number): Promise<FakeData> {
  const data = await FakeData.start(nodesCount);
  onCleanup(() => data.close());
  return data;
}

/** Retries and timeouts short enough for tests to see them. */
export function cairnFor(data: FakeData, options: Partial<CairnOptions> = {}): Cairn {
  const cairn = new Cairn({
    brokers: [data.cluster.node(1).address],
    requestTimeoutMs: 1_000,
    retry: { retriesMax: 3, initialBackoffMs: 10, backoffMaxMs: 40 },
    ...options,
  });
  onCleanup(() => cairn.close());
  return cairn;
}

export async function rejectionOf(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error as Error & { code?: string },
  );
}
