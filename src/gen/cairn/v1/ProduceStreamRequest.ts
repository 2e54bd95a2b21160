// Original file: proto/cairn/v1/client.proto

import type { ProduceRequest as _cairn_v1_ProduceRequest, ProduceRequest__Output as _cairn_v1_ProduceRequest__Output } from '../../cairn/v1/ProduceRequest.js';
import type { Long } from '@grpc/proto-loader';

export interface ProduceStreamRequest {
  'correlationId'?: (number | string | Long);
  'request'?: (_cairn_v1_ProduceRequest | null);
}

export interface ProduceStreamRequest__Output {
  'correlationId': (string);
  'request': (_cairn_v1_ProduceRequest__Output | null);
}
