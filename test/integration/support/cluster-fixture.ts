/**
 * A process cluster as a vitest fixture. Kept apart from process-cluster.ts,
 * which benchmarks import too and which must not depend on vitest.
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Cairn } from '../../../src/client/index.js';
import type { ClusterOptions } from './process-cluster.js';
import { ProcessCluster } from './process-cluster.js';

/**
 * When a test fails, prints the end of every node's log, so a failure seen
 * once (in CI, under load) can be diagnosed from its output alone.
 */
export function printNodeLogsOnFailure(cluster: () => ProcessCluster | undefined, linesMax = 80): void {
  afterEach(async (context) => {
    const current = cluster();
    if (context.task.result?.state === 'fail' && current !== undefined) await printNodeLogs(current, linesMax);
  });
}

async function printNodeLogs(cluster: ProcessCluster, linesMax: number): Promise<void> {
  for (const id of cluster.ids()) {
    const text = await cluster.log(id).catch((error: unknown) => `(no log: ${String(error)})`);
    console.error(`--- node ${id}: last ${linesMax} log lines ---\n${text.split('\n').slice(-linesMax).join('\n')}`);
  }
}

export interface ClusterEnv {
  cluster: ProcessCluster;
  cairn: Cairn;
}

/**
 * A cluster for one describe block: started and ready before its tests, with
 * a client on `clientNodes` (default all), logs printed on failure, and
 * everything stopped after.
 */
export function useCluster(options: ClusterOptions & { readonly clientNodes?: readonly number[]; readonly requestTimeoutMs?: number }): ClusterEnv {
  const env = {} as ClusterEnv;
  printNodeLogsOnFailure(() => env.cluster);
  beforeAll(async () => {
    env.cluster = await ProcessCluster.start(options);
    try {
      await env.cluster.waitReady();
    } catch (error) {
      await printNodeLogs(env.cluster, 80); // the tests are skipped, so afterEach would print nothing
      throw error;
    }
    env.cairn = env.cluster.client(options.clientNodes, { requestTimeoutMs: options.requestTimeoutMs ?? 3000 });
  }, 90_000);
  afterAll(async () => {
    await env.cairn?.close();
    await env.cluster?.stop();
  });
  return env;
}
