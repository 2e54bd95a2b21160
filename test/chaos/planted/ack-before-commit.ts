/**
 * A deliberately broken node, for proving that the chaos checker catches
 * lost writes: the partition leader acknowledges a produce as soon as its
 * entry is proposed, before it is committed. A leader killed or cut off
 * right after then loses writes it has acknowledged.
 *
 * This file is the entrypoint of a test-only image variant
 * (test/chaos/planted/Dockerfile, built by the chaos command from cairn:local);
 * it patches PartitionFrontend before the ordinary `cairn` entrypoint runs.
 * Nothing under src/ can reach it: no flag or environment variable turns it on.
 */
import { PartitionFrontend } from '../../../src/partition/partition-frontend.js';

interface QueuedBatch {
  readonly baseOffset: bigint;
  readonly resolve: (appended: { baseOffset: bigint }) => void;
}
interface LeaderTermState {
  readonly broken: boolean;
}
type Propose = (this: PartitionFrontend, leader: LeaderTermState, batches: readonly QueuedBatch[], bytes: number) => void;

const prototype = PartitionFrontend.prototype as unknown as { propose: Propose };
const propose = prototype.propose;
prototype.propose = function (this: PartitionFrontend, leader, batches, bytes) {
  propose.call(this, leader, batches, bytes);
  // The proposal was accepted by the Raft leader (appended to its own log, not yet on a quorum): answer now.
  if (!leader.broken) for (const batch of batches) batch.resolve({ baseOffset: batch.baseOffset });
};
process.stderr.write('cairn (test image): produces are acknowledged before they commit\n');

await import('../../../src/cli/main.js');
