// Original file: proto/cairn/v1/client.proto

import type { Long } from '@grpc/proto-loader';

export interface ListOffsetsPartitionResult {
  'topic'?: (string);
  'partition'?: (number);
  'errorCode'?: (string);
  'errorMessage'?: (string);
  'offset'?: (number | string | Long);
  'leaderHint'?: (number);
}

export interface ListOffsetsPartitionResult__Output {
  'topic': (string);
  'partition': (number);
  'errorCode': (string);
  'errorMessage': (string);
  'offset': (string);
  'leaderHint': (number);
}
