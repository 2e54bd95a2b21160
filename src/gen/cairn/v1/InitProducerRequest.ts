// Original file: proto/cairn/v1/client.proto

import type { Long } from '@grpc/proto-loader';

export interface InitProducerRequest {
  'producerId'?: (number | string | Long);
  'producerEpoch'?: (number);
}

export interface InitProducerRequest__Output {
  'producerId': (string);
  'producerEpoch': (number);
}
