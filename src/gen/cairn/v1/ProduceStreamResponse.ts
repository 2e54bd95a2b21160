// Original file: proto/cairn/v1/client.proto

import type { ProduceResponse as _cairn_v1_ProduceResponse, ProduceResponse__Output as _cairn_v1_ProduceResponse__Output } from '../../cairn/v1/ProduceResponse.js';
import type { Long } from '@grpc/proto-loader';

export interface ProduceStreamResponse {
  'correlationId'?: (number | string | Long);
  'response'?: (_cairn_v1_ProduceResponse | null);
}

export interface ProduceStreamResponse__Output {
  'correlationId': (string);
  'response': (_cairn_v1_ProduceResponse__Output | null);
}
