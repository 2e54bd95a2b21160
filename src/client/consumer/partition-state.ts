/**
 * One assigned partition in the consumer: the position the application has
 * reached, the fetch offset ahead of it, a pending seek, pause, and the
 * fetched messages not yet handed out.
 */
import type { CairnError } from '../errors.js';
import type { OffsetSpec } from '../list-offsets.js';
import { partitionName } from '../partition-leaders.js';
import type { Message, MessageBatch } from './messages.js';

/** A seek target: a lookup (earliest, latest, timestamp) or an exact offset. */
export type SeekTarget = OffsetSpec | { readonly offset: bigint };

interface Chunk {
  readonly messages: readonly Message[];
  next: number;
  readonly bytes: number;
  readonly highWatermark: bigint;
}

export class PartitionState {
  readonly topic: string;
  readonly partition: number;
  /** The next offset to hand to the application; undefined until a lookup resolves it. */
  position: bigint | undefined;
  /** The next offset to fetch: the position plus what is buffered. */
  fetchOffset: bigint | undefined;
  /** A lookup still to do before fetching. */
  lookup: OffsetSpec | undefined;
  lookupInFlight = false;
  paused = false;
  /** Being revoked from this group member: neither fetched nor handed out any more. */
  held = false;
  /** The position after the messages the application has finished with (asked for more since). */
  processed: bigint | undefined;
  /** In an outstanding fetch; one at a time, so answers arrive in offset order. */
  fetching = false;
  /** Bumped by every seek: answers to requests sent before it are stale. */
  epoch = 0;
  retryAtMs = 0;
  /** Set when the partition cannot go on without a seek (OFFSET_OUT_OF_RANGE with 'none', corrupt data). */
  stopped: CairnError | undefined;
  readonly #chunks: Chunk[] = [];
  #bufferedBytes = 0;

  /** Without a start, the partition has no position until seek(). */
  constructor(topic: string, partition: number, start: SeekTarget | undefined) {
    this.topic = topic;
    this.partition = partition;
    if (start !== undefined) this.#moveTo(start);
  }

  get name(): string {
    return partitionName(this.topic, this.partition);
  }

  get bufferedBytes(): number {
    return this.#bufferedBytes;
  }

  get hasMessages(): boolean {
    return this.#chunks.length > 0;
  }

  /** Whether a fetch may include this partition now. */
  fetchable(nowMs: number): boolean {
    return (
      !this.paused && !this.held && !this.fetching && this.stopped === undefined && this.fetchOffset !== undefined && this.#chunks.length === 0 && nowMs >= this.retryAtMs
    );
  }

  /** Moves the position; drops what is buffered. Returns the bytes dropped. */
  seek(target: SeekTarget): number {
    const droppedBytes = this.clear();
    this.epoch++;
    this.stopped = undefined;
    this.retryAtMs = 0;
    this.#moveTo(target);
    return droppedBytes;
  }

  /** Drops what is buffered; returns the bytes dropped. */
  clear(): number {
    const droppedBytes = this.#bufferedBytes;
    this.#chunks.length = 0;
    this.#bufferedBytes = 0;
    return droppedBytes;
  }

  resolved(offset: bigint): void {
    this.position = offset;
    this.fetchOffset = offset;
    this.lookup = undefined;
  }

  push(messages: readonly Message[], bytes: number, highWatermark: bigint): void {
    this.#chunks.push({ messages, next: 0, bytes, highWatermark });
    this.#bufferedBytes += bytes;
  }

  /**
   * Up to `max` buffered messages, in offset order, advancing the position
   * past them. Returns the batch and the bytes this frees (a chunk's bytes
   * are freed when its last message is taken).
   */
  take(max: number): { batch: MessageBatch; freedBytes: number } | undefined {
    const chunk = this.#chunks[0];
    if (chunk === undefined) return undefined;
    const messages = chunk.messages.slice(chunk.next, chunk.next + max);
    chunk.next += messages.length;
    this.position = messages[messages.length - 1]!.offset + 1n;
    let freedBytes = 0;
    if (chunk.next === chunk.messages.length) {
      this.#chunks.shift();
      this.#bufferedBytes -= chunk.bytes;
      freedBytes = chunk.bytes;
    }
    return { batch: { topic: this.topic, partition: this.partition, messages, highWatermark: chunk.highWatermark }, freedBytes };
  }

  #moveTo(target: SeekTarget): void {
    if (typeof target === 'object' && 'offset' in target) {
      this.resolved(target.offset);
    } else {
      this.position = undefined;
      this.fetchOffset = undefined;
      this.lookup = target;
    }
  }
}
