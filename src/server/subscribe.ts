/**
 * A push subscription: batches from the start offset as they commit, never
 * more bytes than the client has granted (the first batch of a push goes
 * whole, so a batch larger than the credit still gets through).
 *
 * What one stream may hold is bounded: credit is capped, each push reads at
 * most SUBSCRIBE_PUSH_BYTES_MAX (or one batch), and no push is read while
 * SUBSCRIBE_PUSHES_IN_FLIGHT_MAX earlier ones are still waiting for the
 * connection — a client that grants credit and never reads holds the node's
 * memory for those pushes only. A bad start (unknown topic, offset out of
 * range, not the leader) ends the stream with its status at once; a cancel
 * stops the loop within one wake.
 */
import type { ServerDuplexStream } from '@grpc/grpc-js';
import { toGrpcError } from '../protocol/errors.js';
import type { SubscribeRequest__Output } from '../gen/cairn/v1/SubscribeRequest.js';
import type { SubscribeResponse } from '../gen/cairn/v1/SubscribeResponse.js';
import { changeFeedOf } from './change-feed.js';
import type { FetchedPartition } from './fetch.js';
import { asCairn } from './partition-failure.js';
import {
  checkTopicName,
  SUBSCRIBE_CREDIT_BYTES_MAX,
  SUBSCRIBE_PUSH_BYTES_MAX,
  SUBSCRIBE_PUSHES_IN_FLIGHT_MAX,
} from './request-limits.js';

export interface SubscribePartitions {
  /** Throws a CairnError (NOT_LEADER, UNKNOWN_TOPIC_OR_PARTITION) where this node cannot serve reads. */
  readyLeaderOfPartition(topic: string, partition: number): FetchedPartition;
}

export function serveSubscription(call: ServerDuplexStream<SubscribeRequest__Output, SubscribeResponse>, partitions: SubscribePartitions): void {
  let credit = 0;
  let started = false;
  let pushesInFlight = 0;
  let ended = false;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    const resolve = wake;
    wake = undefined;
    resolve?.();
  };
  const nextWake = (): Promise<void> => new Promise((resolve) => (wake = resolve));
  const closed = (): boolean => ended || call.cancelled || call.destroyed || call.writableEnded;
  const addCredit = (bytes: number): void => {
    credit = Math.min(credit + bytes, SUBSCRIBE_CREDIT_BYTES_MAX);
    notify();
  };
  // grpc-js sends a stream's status when 'error' is emitted on it (destroy() would send none).
  const fail = (error: unknown): void => {
    if (closed()) return;
    ended = true;
    call.emit('error', toGrpcError(asCairn(error)));
  };

  call.on('error', () => {});
  call.on('cancelled', notify);
  call.on('data', (message: SubscribeRequest__Output) => {
    if (message.start !== undefined && message.start !== null && !started) {
      started = true;
      const { topic, partition, offset, creditBytes } = message.start;
      addCredit(creditBytes);
      run(topic, partition, BigInt(offset)).catch(fail);
    } else if (message.creditBytes !== undefined && message.creditBytes !== null) {
      addCredit(message.creditBytes);
    }
  });
  call.on('end', () => {
    if (closed()) return;
    ended = true;
    call.end();
    notify();
  });

  async function run(topic: string, partition: number, from: bigint): Promise<void> {
    checkTopicName(topic);
    // Checked before waiting for credit, so a bad start is answered now.
    let offset = (await partitions.readyLeaderOfPartition(topic, partition).reader.read(from, 0)).nextOffset;
    while (!closed()) {
      if (credit <= 0 || pushesInFlight >= SUBSCRIBE_PUSHES_IN_FLIGHT_MAX) {
        await nextWake();
        continue;
      }
      const hosted = partitions.readyLeaderOfPartition(topic, partition);
      const read = await hosted.reader.read(offset, Math.min(credit, SUBSCRIBE_PUSH_BYTES_MAX));
      if (closed()) return;
      if (read.records.byteLength === 0) {
        // Records committed while the read ran are read at once, not after the next commit.
        if (hosted.stm.highWatermark !== read.highWatermark) continue;
        const woken = nextWake();
        const stopWaiting = changeFeedOf(hosted.stm).next(notify);
        await woken;
        stopWaiting();
        continue;
      }
      credit -= read.records.byteLength;
      offset = read.nextOffset;
      pushesInFlight++;
      // The callback runs once gRPC has handed the push to the connection; it never runs for a cancelled call.
      call.write({ records: read.records, highWatermark: read.highWatermark.toString(), logStartOffset: read.logStartOffset.toString() }, () => {
        pushesInFlight--;
        notify();
      });
    }
  }
}
