/**
 * Hands out idempotent-producer ids from blocks reserved through the
 * metadata group: a block is [index × PRODUCER_ID_BLOCK, (index + 1) ×
 * PRODUCER_ID_BLOCK) for the log index its allocate command committed at.
 */
import { PRODUCER_ID_BLOCK } from '../metadata/index.js';
import type { LogIndex } from '../raft/index.js';

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
