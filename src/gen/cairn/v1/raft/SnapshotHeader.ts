// Original file: proto/cairn/v1/raft.proto

import type { PeerHello as _cairn_v1_raft_PeerHello, PeerHello__Output as _cairn_v1_raft_PeerHello__Output } from '../../../cairn/v1/raft/PeerHello.js';
import type { SnapshotMetadata as _cairn_v1_raft_SnapshotMetadata, SnapshotMetadata__Output as _cairn_v1_raft_SnapshotMetadata__Output } from '../../../cairn/v1/raft/SnapshotMetadata.js';
import type { Long } from '@grpc/proto-loader';

export interface SnapshotHeader {
  'sender'?: (_cairn_v1_raft_PeerHello | null);
  'group'?: (number);
  'to'?: (number);
  'term'?: (number | string | Long);
  'metadata'?: (_cairn_v1_raft_SnapshotMetadata | null);
  'dataBytes'?: (number | string | Long);
}

export interface SnapshotHeader__Output {
  'sender': (_cairn_v1_raft_PeerHello__Output | null);
  'group': (number);
  'to': (number);
  'term': (string);
  'metadata': (_cairn_v1_raft_SnapshotMetadata__Output | null);
  'dataBytes': (string);
}
