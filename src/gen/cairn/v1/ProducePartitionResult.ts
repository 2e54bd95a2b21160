// Original file: proto/cairn/v1/client.proto

import type { Long } from '@grpc/proto-loader';

export interface ProducePartitionResult {
  'topic'?: (string);
  'partition'?: (number);
  'errorCode'?: (string);
  'errorMessage'?: (string);
  'baseOffset'?: (number | string | Long);
  'logStartOffset'?: (number | string | Long);
  'leaderHint'?: (number);
}

export interface ProducePartitionResult__Output {
  'topic': (string);
  'partition': (number);
  'errorCode': (string);
  'errorMessage': (string);
  'baseOffset': (string);
  'logStartOffset': (string);
  'leaderHint': (number);
}
