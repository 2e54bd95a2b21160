// Original file: proto/cairn/v1/client.proto

import type { Long } from '@grpc/proto-loader';

export interface FetchPartitionResult {
  'topic'?: (string);
  'partition'?: (number);
  'errorCode'?: (string);
  'errorMessage'?: (string);
  'highWatermark'?: (number | string | Long);
  'logStartOffset'?: (number | string | Long);
  'records'?: (Buffer | Uint8Array | string);
  'leaderHint'?: (number);
}

export interface FetchPartitionResult__Output {
  'topic': (string);
  'partition': (number);
  'errorCode': (string);
  'errorMessage': (string);
  'highWatermark': (string);
  'logStartOffset': (string);
  'records': (Buffer);
  'leaderHint': (number);
}
