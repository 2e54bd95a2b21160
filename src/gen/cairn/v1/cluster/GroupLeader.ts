// Original file: proto/cairn/v1/cluster.proto

import type { Long } from '@grpc/proto-loader';

export interface GroupLeader {
  'group'?: (number);
  'leader'?: (number);
  'term'?: (number | string | Long);
  'inSync'?: (number)[];
  'highWatermark'?: (number | string | Long);
  'logBytes'?: (number | string | Long);
}

export interface GroupLeader__Output {
  'group': (number);
  'leader': (number);
  'term': (string);
  'inSync': (number)[];
  'highWatermark': (string);
  'logBytes': (string);
}
