// Original file: proto/cairn/v1/cluster.proto

import type { Long } from '@grpc/proto-loader';

export interface ReplicaReport {
  'nodeId'?: (number);
  'match'?: (number | string | Long);
  'inSync'?: (boolean);
}

export interface ReplicaReport__Output {
  'nodeId': (number);
  'match': (string);
  'inSync': (boolean);
}
