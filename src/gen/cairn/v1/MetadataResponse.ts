// Original file: proto/cairn/v1/client.proto

import type { Broker as _cairn_v1_Broker, Broker__Output as _cairn_v1_Broker__Output } from '../../cairn/v1/Broker.js';
import type { TopicInfo as _cairn_v1_TopicInfo, TopicInfo__Output as _cairn_v1_TopicInfo__Output } from '../../cairn/v1/TopicInfo.js';

export interface MetadataResponse {
  'brokers'?: (_cairn_v1_Broker)[];
  'controllerId'?: (number);
  'topics'?: (_cairn_v1_TopicInfo)[];
  'clusterId'?: (string);
}

export interface MetadataResponse__Output {
  'brokers': (_cairn_v1_Broker__Output)[];
  'controllerId': (number);
  'topics': (_cairn_v1_TopicInfo__Output)[];
  'clusterId': (string);
}
