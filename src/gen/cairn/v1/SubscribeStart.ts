// Original file: proto/cairn/v1/client.proto

import type { Long } from '@grpc/proto-loader';

export interface SubscribeStart {
  'topic'?: (string);
  'partition'?: (number);
  'offset'?: (number | string | Long);
  'creditBytes'?: (number);
}

export interface SubscribeStart__Output {
  'topic': (string);
  'partition': (number);
  'offset': (string);
  'creditBytes': (number);
}
