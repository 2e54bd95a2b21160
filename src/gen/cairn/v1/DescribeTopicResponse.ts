// Original file: proto/cairn/v1/client.proto

import type { TopicInfo as _cairn_v1_TopicInfo, TopicInfo__Output as _cairn_v1_TopicInfo__Output } from '../../cairn/v1/TopicInfo.js';

export interface DescribeTopicResponse {
  'topic'?: (_cairn_v1_TopicInfo | null);
}

export interface DescribeTopicResponse__Output {
  'topic': (_cairn_v1_TopicInfo__Output | null);
}
