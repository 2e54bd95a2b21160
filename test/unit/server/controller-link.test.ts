import { credentials } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import type { HeartbeatReply__Output } from '../../../src/gen/cairn/v1/cluster/HeartbeatReply.js';
import { createLogger } from '../../../src/observability/index.js';
import type { NodeId } from '../../../src/raft/index.js';
import { ControllerLink } from '../../../src/server/controller-link.js';
import { nodeReport } from '../metadata/helpers.js';

const reply = (fields: Partial<HeartbeatReply__Output>): HeartbeatReply__Output => ({
  accepted: true,
  controllerHint: 0,
  error: '',
  transfers: [],
  retireGroups: [],
  leaders: [],
  liveNodes: [],
  ...fields,
});

/** A link answered by this node's own controller (no network): `answer` decides each reply. */
function localLink(answer: () => HeartbeatReply__Output | undefined, clock: { nowMs: number }): ControllerLink {
  return new ControllerLink({
    selfId: 1 as NodeId,
    credentials: credentials.createInsecure(),
    controllerGuess: () => undefined,
    peerAddress: () => undefined,
    seeds: () => [],
    localController: answer,
    onReply: () => {},
    timeoutMs: 1000,
    logger: createLogger({ level: 'silent' }),
    now: () => clock.nowMs,
  });
}

describe('ControllerLink silence', () => {
  it('counts the time since a controller last accepted a report, from the link’s start until one does', async () => {
    const clock = { nowMs: 5_000 };
    let answer: HeartbeatReply__Output | undefined;
    const link = localLink(() => answer, clock);
    clock.nowMs = 8_000;
    await link.report(nodeReport(1, []));
    expect(link.silentForMs()).toBe(3_000);

    answer = reply({});
    await link.report(nodeReport(1, []));
    clock.nowMs = 9_500;
    expect(link.silentForMs()).toBe(1_500);

    // A refusal is no answer: the silence goes on, and the refusal is kept.
    answer = reply({ accepted: false, error: 'not-a-member: node 1 is not a member' });
    clock.nowMs = 30_000;
    await link.report(nodeReport(1, []));
    expect(link.silentForMs()).toBe(22_000);
    expect(link.refusal).toBe('not-a-member: node 1 is not a member');
  });
});
