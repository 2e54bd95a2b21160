// Original file: proto/cairn/v1/client.proto

import type { Long } from '@grpc/proto-loader';

export interface ListOffsetsPartition {
  'topic'?: (string);
  'partition'?: (number);
  'spec'?: (string);
  'timestampMs'?: (number | string | Long);
}

export interface ListOffsetsPartition__Output {
  'topic': (string);
  'partition': (number);
  'spec': (string);
  'timestampMs': (string);
}
