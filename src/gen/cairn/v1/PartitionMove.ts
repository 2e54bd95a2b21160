// Original file: proto/cairn/v1/client.proto

import type { Long } from '@grpc/proto-loader';

export interface PartitionMove {
  'topic'?: (string);
  'partition'?: (number);
  'replicas'?: (number)[];
  'target'?: (number)[];
  'reason'?: (string);
  'phase'?: (string);
  'nodes'?: (number)[];
  'entriesBehind'?: (number | string | Long);
}

export interface PartitionMove__Output {
  'topic': (string);
  'partition': (number);
  'replicas': (number)[];
  'target': (number)[];
  'reason': (string);
  'phase': (string);
  'nodes': (number)[];
  'entriesBehind': (string);
}
