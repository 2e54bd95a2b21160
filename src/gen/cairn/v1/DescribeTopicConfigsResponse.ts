// Original file: proto/cairn/v1/client.proto

import type { TopicConfigEntry as _cairn_v1_TopicConfigEntry, TopicConfigEntry__Output as _cairn_v1_TopicConfigEntry__Output } from '../../cairn/v1/TopicConfigEntry.js';

export interface DescribeTopicConfigsResponse {
  'configs'?: (_cairn_v1_TopicConfigEntry)[];
}

export interface DescribeTopicConfigsResponse__Output {
  'configs': (_cairn_v1_TopicConfigEntry__Output)[];
}
