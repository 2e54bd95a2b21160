// Original file: proto/cairn/v1/client.proto

import type { TopicPartitions as _cairn_v1_TopicPartitions, TopicPartitions__Output as _cairn_v1_TopicPartitions__Output } from '../../cairn/v1/TopicPartitions.js';

export interface GroupMember {
  'memberId'?: (string);
  'groupInstanceId'?: (string);
  'memberEpoch'?: (number);
  'subscribedTopics'?: (string)[];
  'assignment'?: (_cairn_v1_TopicPartitions)[];
  'revoking'?: (_cairn_v1_TopicPartitions)[];
  'target'?: (_cairn_v1_TopicPartitions)[];
}

export interface GroupMember__Output {
  'memberId': (string);
  'groupInstanceId': (string);
  'memberEpoch': (number);
  'subscribedTopics': (string)[];
  'assignment': (_cairn_v1_TopicPartitions__Output)[];
  'revoking': (_cairn_v1_TopicPartitions__Output)[];
  'target': (_cairn_v1_TopicPartitions__Output)[];
}
