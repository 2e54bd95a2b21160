// Original file: proto/cairn/v1/cluster.proto

import type { ReplicaReport as _cairn_v1_cluster_ReplicaReport, ReplicaReport__Output as _cairn_v1_cluster_ReplicaReport__Output } from '../../../cairn/v1/cluster/ReplicaReport.js';
import type { Long } from '@grpc/proto-loader';

export interface GroupReport {
  'group'?: (number);
  'leader'?: (number);
  'term'?: (number | string | Long);
  'commit'?: (number | string | Long);
  'lastIndex'?: (number | string | Long);
  'replicas'?: (_cairn_v1_cluster_ReplicaReport)[];
  'highWatermark'?: (number | string | Long);
  'logBytes'?: (number | string | Long);
}

export interface GroupReport__Output {
  'group': (number);
  'leader': (number);
  'term': (string);
  'commit': (string);
  'lastIndex': (string);
  'replicas': (_cairn_v1_cluster_ReplicaReport__Output)[];
  'highWatermark': (string);
  'logBytes': (string);
}
