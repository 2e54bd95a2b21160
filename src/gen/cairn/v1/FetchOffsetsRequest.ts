// Original file: proto/cairn/v1/client.proto

import type { TopicPartitions as _cairn_v1_TopicPartitions, TopicPartitions__Output as _cairn_v1_TopicPartitions__Output } from '../../cairn/v1/TopicPartitions.js';

export interface FetchOffsetsRequest {
  'groupId'?: (string);
  'partitions'?: (_cairn_v1_TopicPartitions)[];
}

export interface FetchOffsetsRequest__Output {
  'groupId': (string);
  'partitions': (_cairn_v1_TopicPartitions__Output)[];
}
