// Original file: proto/cairn/v1/client.proto

import type { Long } from '@grpc/proto-loader';

export interface SubscribeResponse {
  'records'?: (Buffer | Uint8Array | string);
  'highWatermark'?: (number | string | Long);
  'logStartOffset'?: (number | string | Long);
}

export interface SubscribeResponse__Output {
  'records': (Buffer);
  'highWatermark': (string);
  'logStartOffset': (string);
}
