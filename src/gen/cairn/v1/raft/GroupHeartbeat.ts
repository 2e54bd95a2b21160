// Original file: proto/cairn/v1/raft.proto

import type { Long } from '@grpc/proto-loader';

export interface GroupHeartbeat {
  'group'?: (number);
  'term'?: (number | string | Long);
  'commit'?: (number | string | Long);
  'boot'?: (number);
}

export interface GroupHeartbeat__Output {
  'group': (number);
  'term': (string);
  'commit': (string);
  'boot': (number);
}
