// Original file: proto/cairn/v1/client.proto

import type { FetchPartition as _cairn_v1_FetchPartition, FetchPartition__Output as _cairn_v1_FetchPartition__Output } from '../../cairn/v1/FetchPartition.js';

export interface FetchRequest {
  'partitions'?: (_cairn_v1_FetchPartition)[];
  'maxWaitMs'?: (number);
  'minBytes'?: (number);
  'maxBytes'?: (number);
}

export interface FetchRequest__Output {
  'partitions': (_cairn_v1_FetchPartition__Output)[];
  'maxWaitMs': (number);
  'minBytes': (number);
  'maxBytes': (number);
}
