// Original file: proto/cairn/v1/client.proto

import type { NodeStatus as _cairn_v1_NodeStatus, NodeStatus__Output as _cairn_v1_NodeStatus__Output } from '../../cairn/v1/NodeStatus.js';
import type { TopicInfo as _cairn_v1_TopicInfo, TopicInfo__Output as _cairn_v1_TopicInfo__Output } from '../../cairn/v1/TopicInfo.js';

export interface DescribeClusterResponse {
  'clusterId'?: (string);
  'controllerId'?: (number);
  'nodes'?: (_cairn_v1_NodeStatus)[];
  'topics'?: (_cairn_v1_TopicInfo)[];
}

export interface DescribeClusterResponse__Output {
  'clusterId': (string);
  'controllerId': (number);
  'nodes': (_cairn_v1_NodeStatus__Output)[];
  'topics': (_cairn_v1_TopicInfo__Output)[];
}
