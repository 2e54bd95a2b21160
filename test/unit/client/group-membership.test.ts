import { afterEach, describe, expect, it } from 'vitest';
import type { ClusterClient } from '../../../src/client/cluster-client.js';
import { GroupMembership } from '../../../src/client/consumer/group-membership.js';
import { CairnError } from '../../../src/client/errors.js';
import { waitFor } from '../../integration/support/wait.js';

/** A coordinator that refuses every heartbeat with `code`, counting them. */
function refusingClient(code: 'GROUP_MAX_SIZE_REACHED' | 'UNAVAILABLE'): { client: ClusterClient; calls: () => number } {
  let calls = 0;
  const client = {
    call: () => {
      calls++;
      return Promise.reject(new CairnError(code));
    },
  } as unknown as ClusterClient;
  return { client, calls: () => calls };
}

const memberships: GroupMembership[] = [];
afterEach(() => {
  for (const membership of memberships.splice(0)) membership.close();
});

function start(client: ClusterClient, onError: (error: CairnError) => void): GroupMembership {
  const membership = new GroupMembership(
    client,
    { groupId: 'g', groupInstanceId: undefined, assignor: 'range', sessionTimeoutMs: 45_000, requestTimeoutMs: 1_000, retry: { retriesMax: 5, initialBackoffMs: 5, backoffMaxMs: 10 } },
    { topics: () => ['t'], owned: () => [], onAssignment: () => undefined, onLost: () => undefined, onError },
  );
  memberships.push(membership);
  membership.start();
  return membership;
}

describe('GroupMembership', () => {
  it('reports a heartbeat refused with a non-retriable code at its first refusal, once per run of refusals, and keeps trying', async () => {
    const { client, calls } = refusingClient('GROUP_MAX_SIZE_REACHED');
    const errors: CairnError[] = [];
    start(client, (error) => errors.push(error));

    await waitFor('several refused heartbeats', () => calls() >= 4, { timeoutMs: 10_000, intervalMs: 5 });

    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'GROUP_MAX_SIZE_REACHED', retriable: false, message: expect.stringMatching(/^group "g": .*heartbeat refused/) });
  });

  it('reports an unreachable coordinator only after the retries, not at its first failure', async () => {
    const { client, calls } = refusingClient('UNAVAILABLE');
    const errors: CairnError[] = [];
    start(client, (error) => errors.push(error));

    await waitFor('three failed heartbeats', () => calls() >= 3, { timeoutMs: 10_000, intervalMs: 5 });
    expect(errors).toHaveLength(0);
    await waitFor('the report after six failures', () => errors.length === 1, { timeoutMs: 10_000, intervalMs: 5 });
    expect(calls()).toBeGreaterThanOrEqual(6);
  });
});
