// Original file: proto/cairn/v1/client.proto

import type { Long } from '@grpc/proto-loader';

export interface UserInfo {
  'name'?: (string);
  'createdAtMs'?: (number | string | Long);
}

export interface UserInfo__Output {
  'name': (string);
  'createdAtMs': (string);
}
