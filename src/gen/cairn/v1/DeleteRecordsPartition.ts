// Original file: proto/cairn/v1/client.proto

import type { Long } from '@grpc/proto-loader';

export interface DeleteRecordsPartition {
  'topic'?: (string);
  'partition'?: (number);
  'offset'?: (number | string | Long);
}

export interface DeleteRecordsPartition__Output {
  'topic': (string);
  'partition': (number);
  'offset': (string);
}
