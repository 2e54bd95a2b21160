// Original file: proto/cairn/v1/client.proto

import type { Long } from '@grpc/proto-loader';

export interface PartitionInfo {
  'partition'?: (number);
  'leader'?: (number);
  'replicas'?: (number)[];
  'inSync'?: (number)[];
  'leaderEpoch'?: (number | string | Long);
  'group'?: (number);
  'logBytes'?: (number | string | Long);
}

export interface PartitionInfo__Output {
  'partition': (number);
  'leader': (number);
  'replicas': (number)[];
  'inSync': (number)[];
  'leaderEpoch': (string);
  'group': (number);
  'logBytes': (string);
}
