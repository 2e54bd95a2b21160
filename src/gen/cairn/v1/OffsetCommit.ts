// Original file: proto/cairn/v1/client.proto

import type { Long } from '@grpc/proto-loader';

export interface OffsetCommit {
  'topic'?: (string);
  'partition'?: (number);
  'offset'?: (number | string | Long);
  'metadata'?: (string);
}

export interface OffsetCommit__Output {
  'topic': (string);
  'partition': (number);
  'offset': (string);
  'metadata': (string);
}
