/**
 * Hands out idempotent-producer ids from blocks reserved through the
 * metadata group: a block is [index × PRODUCER_ID_BLOCK, (index + 1) ×
 * PRODUCER_ID_BLOCK) for the log index its allocate command committed at.
 */
import { PRODUCER_ID_BLOCK } from '../metadata/index.js';
import type { LogIndex } from '../raft/index.js';

/**
 * Whether `producerId` lies in a block the metadata log could have
 * allocated by the time it reached `metadataVersion` (the index of the last
 * command applied): a block's index is an index of that log, so an id whose
 * block is beyond it, or in block 0 (no command has index 0), was never
 * handed out. Ids in the block of an index that holds another command pass:
 * the image does not record which indexes allocated, so this bounds
 * forgeries rather than excluding every one. A leader whose image lags the
 * controller's can refuse an id just allocated; the refusal is retriable.
 */
export function mayBeAllocatedProducerId(producerId: bigint, metadataVersion: LogIndex): boolean {
  const block = producerId / BigInt(PRODUCER_ID_BLOCK);
  return producerId >= 0n && block >= 1n && block <= BigInt(metadataVersion);
}

export class ProducerIdAllocator {
  private next_ = 0n;
  private end = 0n;
  private reserving: Promise<void> | undefined;

  constructor(private readonly reserveBlock: () => Promise<LogIndex>) {}

  async next(): Promise<bigint> {
    while (this.next_ >= this.end) {
      this.reserving ??= this.reserveBlock()
        .then((index) => {
          this.next_ = BigInt(index) * BigInt(PRODUCER_ID_BLOCK);
          this.end = this.next_ + BigInt(PRODUCER_ID_BLOCK);
        })
        .finally(() => (this.reserving = undefined));
      await this.reserving;
    }
    return this.next_++;
  }
}
