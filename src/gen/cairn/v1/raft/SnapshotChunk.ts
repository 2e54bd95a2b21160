// Original file: proto/cairn/v1/raft.proto

import type { SnapshotHeader as _cairn_v1_raft_SnapshotHeader, SnapshotHeader__Output as _cairn_v1_raft_SnapshotHeader__Output } from '../../../cairn/v1/raft/SnapshotHeader.js';

export interface SnapshotChunk {
  'header'?: (_cairn_v1_raft_SnapshotHeader | null);
  'data'?: (Buffer | Uint8Array | string);
  'body'?: "header"|"data";
}

export interface SnapshotChunk__Output {
  'header'?: (_cairn_v1_raft_SnapshotHeader__Output | null);
  'data'?: (Buffer);
  'body'?: "header"|"data";
}
