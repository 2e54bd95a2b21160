// Original file: proto/cairn/v1/client.proto

import type { FetchPartitionResult as _cairn_v1_FetchPartitionResult, FetchPartitionResult__Output as _cairn_v1_FetchPartitionResult__Output } from '../../cairn/v1/FetchPartitionResult.js';

export interface FetchResponse {
  'partitions'?: (_cairn_v1_FetchPartitionResult)[];
}

export interface FetchResponse__Output {
  'partitions': (_cairn_v1_FetchPartitionResult__Output)[];
}
