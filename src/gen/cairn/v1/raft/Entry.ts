// Original file: proto/cairn/v1/raft.proto

import type { Long } from '@grpc/proto-loader';

export interface Entry {
  'term'?: (number | string | Long);
  'index'?: (number | string | Long);
  'type'?: (number);
  'data'?: (Buffer | Uint8Array | string);
}

export interface Entry__Output {
  'term': (string);
  'index': (string);
  'type': (number);
  'data': (Buffer);
}
