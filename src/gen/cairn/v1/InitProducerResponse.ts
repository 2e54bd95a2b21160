// Original file: proto/cairn/v1/client.proto

import type { Long } from '@grpc/proto-loader';

export interface InitProducerResponse {
  'producerId'?: (number | string | Long);
  'producerEpoch'?: (number);
}

export interface InitProducerResponse__Output {
  'producerId': (string);
  'producerEpoch': (number);
}
