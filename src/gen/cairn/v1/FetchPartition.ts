// Original file: proto/cairn/v1/client.proto

import type { Long } from '@grpc/proto-loader';

export interface FetchPartition {
  'topic'?: (string);
  'partition'?: (number);
  'offset'?: (number | string | Long);
  'maxBytes'?: (number);
}

export interface FetchPartition__Output {
  'topic': (string);
  'partition': (number);
  'offset': (string);
  'maxBytes': (number);
}
