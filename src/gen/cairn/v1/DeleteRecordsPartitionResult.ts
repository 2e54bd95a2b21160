// Original file: proto/cairn/v1/client.proto

import type { Long } from '@grpc/proto-loader';

export interface DeleteRecordsPartitionResult {
  'topic'?: (string);
  'partition'?: (number);
  'errorCode'?: (string);
  'errorMessage'?: (string);
  'logStartOffset'?: (number | string | Long);
  'leaderHint'?: (number);
}

export interface DeleteRecordsPartitionResult__Output {
  'topic': (string);
  'partition': (number);
  'errorCode': (string);
  'errorMessage': (string);
  'logStartOffset': (string);
  'leaderHint': (number);
}
