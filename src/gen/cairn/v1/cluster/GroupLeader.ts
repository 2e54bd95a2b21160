// Original file: proto/cairn/v1/cluster.proto

import type { Long } from '@grpc/proto-loader';

export interface GroupLeader {
  'group'?: (number);
  'leader'?: (number);
  'term'?: (number | string | Long);
  'inSync'?: (number)[];
}

export interface GroupLeader__Output {
  'group': (number);
  'leader': (number);
  'term': (string);
  'inSync': (number)[];
}
