// Original file: proto/cairn/v1/client.proto

import type { TopicInfo as _cairn_v1_TopicInfo, TopicInfo__Output as _cairn_v1_TopicInfo__Output } from '../../cairn/v1/TopicInfo.js';

export interface CreateTopicResponse {
  'topic'?: (_cairn_v1_TopicInfo | null);
}

export interface CreateTopicResponse__Output {
  'topic': (_cairn_v1_TopicInfo__Output | null);
}
