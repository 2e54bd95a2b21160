// Original file: proto/cairn/v1/client.proto

import type { TopicPartitions as _cairn_v1_TopicPartitions, TopicPartitions__Output as _cairn_v1_TopicPartitions__Output } from '../../cairn/v1/TopicPartitions.js';

export interface GroupHeartbeatRequest {
  'groupId'?: (string);
  'memberId'?: (string);
  'memberEpoch'?: (number);
  'groupInstanceId'?: (string);
  'subscribedTopics'?: (string)[];
  'assignor'?: (string);
  'sessionTimeoutMs'?: (number);
  'ownedPartitions'?: (_cairn_v1_TopicPartitions)[];
}

export interface GroupHeartbeatRequest__Output {
  'groupId': (string);
  'memberId': (string);
  'memberEpoch': (number);
  'groupInstanceId': (string);
  'subscribedTopics': (string)[];
  'assignor': (string);
  'sessionTimeoutMs': (number);
  'ownedPartitions': (_cairn_v1_TopicPartitions__Output)[];
}
