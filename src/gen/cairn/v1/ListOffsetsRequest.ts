// Original file: proto/cairn/v1/client.proto

import type { ListOffsetsPartition as _cairn_v1_ListOffsetsPartition, ListOffsetsPartition__Output as _cairn_v1_ListOffsetsPartition__Output } from '../../cairn/v1/ListOffsetsPartition.js';

export interface ListOffsetsRequest {
  'partitions'?: (_cairn_v1_ListOffsetsPartition)[];
}

export interface ListOffsetsRequest__Output {
  'partitions': (_cairn_v1_ListOffsetsPartition__Output)[];
}
