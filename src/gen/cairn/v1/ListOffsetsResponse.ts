// Original file: proto/cairn/v1/client.proto

import type { ListOffsetsPartitionResult as _cairn_v1_ListOffsetsPartitionResult, ListOffsetsPartitionResult__Output as _cairn_v1_ListOffsetsPartitionResult__Output } from '../../cairn/v1/ListOffsetsPartitionResult.js';

export interface ListOffsetsResponse {
  'results'?: (_cairn_v1_ListOffsetsPartitionResult)[];
}

export interface ListOffsetsResponse__Output {
  'results': (_cairn_v1_ListOffsetsPartitionResult__Output)[];
}
