// Original file: proto/cairn/v1/raft.proto

import type { ConfState as _cairn_v1_raft_ConfState, ConfState__Output as _cairn_v1_raft_ConfState__Output } from '../../../cairn/v1/raft/ConfState.js';
import type { Long } from '@grpc/proto-loader';

export interface SnapshotMetadata {
  'index'?: (number | string | Long);
  'term'?: (number | string | Long);
  'conf'?: (_cairn_v1_raft_ConfState | null);
}

export interface SnapshotMetadata__Output {
  'index': (string);
  'term': (string);
  'conf': (_cairn_v1_raft_ConfState__Output | null);
}
