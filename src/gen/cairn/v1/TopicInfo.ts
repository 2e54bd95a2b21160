// Original file: proto/cairn/v1/client.proto

import type { PartitionInfo as _cairn_v1_PartitionInfo, PartitionInfo__Output as _cairn_v1_PartitionInfo__Output } from '../../cairn/v1/PartitionInfo.js';

export interface TopicInfo {
  'name'?: (string);
  'topicId'?: (string);
  'partitions'?: (_cairn_v1_PartitionInfo)[];
  'configs'?: ({[key: string]: string});
  'replicationFactor'?: (number);
}

export interface TopicInfo__Output {
  'name': (string);
  'topicId': (string);
  'partitions': (_cairn_v1_PartitionInfo__Output)[];
  'configs': ({[key: string]: string});
  'replicationFactor': (number);
}
