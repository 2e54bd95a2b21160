// Original file: proto/cairn/v1/client.proto

import type { PartitionMove as _cairn_v1_PartitionMove, PartitionMove__Output as _cairn_v1_PartitionMove__Output } from '../../cairn/v1/PartitionMove.js';

export interface ListPartitionMovesResponse {
  'moves'?: (_cairn_v1_PartitionMove)[];
}

export interface ListPartitionMovesResponse__Output {
  'moves': (_cairn_v1_PartitionMove__Output)[];
}
