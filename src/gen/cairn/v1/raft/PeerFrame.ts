// Original file: proto/cairn/v1/raft.proto

import type { PeerHello as _cairn_v1_raft_PeerHello, PeerHello__Output as _cairn_v1_raft_PeerHello__Output } from '../../../cairn/v1/raft/PeerHello.js';
import type { PeerBatch as _cairn_v1_raft_PeerBatch, PeerBatch__Output as _cairn_v1_raft_PeerBatch__Output } from '../../../cairn/v1/raft/PeerBatch.js';

export interface PeerFrame {
  'hello'?: (_cairn_v1_raft_PeerHello | null);
  'batch'?: (_cairn_v1_raft_PeerBatch | null);
  'body'?: "hello"|"batch";
}

export interface PeerFrame__Output {
  'hello'?: (_cairn_v1_raft_PeerHello__Output | null);
  'batch'?: (_cairn_v1_raft_PeerBatch__Output | null);
  'body'?: "hello"|"batch";
}
