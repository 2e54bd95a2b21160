// Original file: proto/cairn/v1/client.proto

import type { Long } from '@grpc/proto-loader';

export interface AuthenticateResponse {
  'token'?: (string);
  'expiresAtMs'?: (number | string | Long);
}

export interface AuthenticateResponse__Output {
  'token': (string);
  'expiresAtMs': (string);
}
