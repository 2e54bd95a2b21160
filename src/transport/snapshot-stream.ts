/**
 * Snapshots travel on their own InstallSnapshot call: a header (sender, group, metadata, total
 * size), then the data in chunks. The sender writes chunks only as fast as grpc drains them, so a
 * snapshot costs no memory beyond the data it already holds; the receiver assembles into one
 * buffer of the announced size and checks that exactly that many bytes arrived.
 */
import type { ServiceError } from '@grpc/grpc-js';
import type { Snapshot } from '../raft/types.js';
import type { PeerClient } from '../gen/cairn/v1/raft/Peer.js';
import type { SnapshotHeader } from '../gen/cairn/v1/raft/SnapshotHeader.js';
import type { Decoded, SnapshotHeaderFields } from './message-codec.js';

export interface SnapshotTransfer {
  /** Resolves with null once the receiver acknowledged (after its onSnapshot resolved), or with the call's error. */
  readonly done: Promise<ServiceError | null>;
  cancel(): void;
}

export function streamSnapshot(
  client: PeerClient,
  header: SnapshotHeader,
  data: Uint8Array,
  chunkBytes: number,
  timeoutMs: number,
): SnapshotTransfer {
  let settle: (error: ServiceError | null) => void = () => {};
  const done = new Promise<ServiceError | null>((resolve) => {
    settle = resolve;
  });
  const call = client.InstallSnapshot({ deadline: Date.now() + timeoutMs }, (error) => settle(error));
  let offsetBytes = 0;
  const writeData = (): void => {
    while (offsetBytes < data.byteLength) {
      const chunk = data.subarray(offsetBytes, offsetBytes + chunkBytes);
      offsetBytes += chunk.byteLength;
      if (!call.write({ data: chunk })) return; // resumed on 'drain'
    }
    call.end();
  };
  call.on('drain', writeData);
  if (call.write({ header })) writeData();
  return { done, cancel: () => call.cancel() };
}

export class SnapshotAssembly {
  private readonly data: Buffer;
  private receivedBytes = 0;

  constructor(readonly header: SnapshotHeaderFields) {
    // Never exposed before every byte was written: finish() checks the count.
    this.data = Buffer.allocUnsafe(header.dataBytes);
  }

  /** Returns a reason when the chunk does not fit the announced size. */
  append(chunk: Uint8Array): string | null {
    if (this.receivedBytes + chunk.byteLength > this.data.byteLength) {
      return `snapshot data exceeds the announced ${this.data.byteLength} bytes`;
    }
    this.data.set(chunk, this.receivedBytes);
    this.receivedBytes += chunk.byteLength;
    return null;
  }

  finish(): Decoded<Snapshot> {
    if (this.receivedBytes !== this.data.byteLength) {
      return { ok: false, reason: `snapshot truncated: ${this.receivedBytes} of ${this.data.byteLength} bytes` };
    }
    return { ok: true, value: { metadata: this.header.metadata, data: this.data } };
  }
}
