// Original file: proto/cairn/v1/client.proto

import type { Long } from '@grpc/proto-loader';

export interface NodeStatus {
  'nodeId'?: (number);
  'address'?: (string);
  'rack'?: (string);
  'live'?: (boolean);
  'lastSeenMsAgo'?: (number | string | Long);
  'metadataVoter'?: (boolean);
  'state'?: (string);
}

export interface NodeStatus__Output {
  'nodeId': (number);
  'address': (string);
  'rack': (string);
  'live': (boolean);
  'lastSeenMsAgo': (string);
  'metadataVoter': (boolean);
  'state': (string);
}
