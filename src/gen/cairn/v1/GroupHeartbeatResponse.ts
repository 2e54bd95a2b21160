// Original file: proto/cairn/v1/client.proto

import type { TopicPartitions as _cairn_v1_TopicPartitions, TopicPartitions__Output as _cairn_v1_TopicPartitions__Output } from '../../cairn/v1/TopicPartitions.js';

export interface GroupHeartbeatResponse {
  'memberId'?: (string);
  'memberEpoch'?: (number);
  'heartbeatIntervalMs'?: (number);
  'assignment'?: (_cairn_v1_TopicPartitions)[];
}

export interface GroupHeartbeatResponse__Output {
  'memberId': (string);
  'memberEpoch': (number);
  'heartbeatIntervalMs': (number);
  'assignment': (_cairn_v1_TopicPartitions__Output)[];
}
