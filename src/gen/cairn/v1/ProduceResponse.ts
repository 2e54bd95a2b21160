// Original file: proto/cairn/v1/client.proto

import type { ProducePartitionResult as _cairn_v1_ProducePartitionResult, ProducePartitionResult__Output as _cairn_v1_ProducePartitionResult__Output } from '../../cairn/v1/ProducePartitionResult.js';

export interface ProduceResponse {
  'results'?: (_cairn_v1_ProducePartitionResult)[];
}

export interface ProduceResponse__Output {
  'results': (_cairn_v1_ProducePartitionResult__Output)[];
}
