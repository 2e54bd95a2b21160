// Original file: proto/cairn/v1/client.proto

import type { ProducePartition as _cairn_v1_ProducePartition, ProducePartition__Output as _cairn_v1_ProducePartition__Output } from '../../cairn/v1/ProducePartition.js';

export interface ProduceRequest {
  'partitions'?: (_cairn_v1_ProducePartition)[];
}

export interface ProduceRequest__Output {
  'partitions': (_cairn_v1_ProducePartition__Output)[];
}
