// Original file: proto/cairn/v1/client.proto

import type { SubscribeStart as _cairn_v1_SubscribeStart, SubscribeStart__Output as _cairn_v1_SubscribeStart__Output } from '../../cairn/v1/SubscribeStart.js';

export interface SubscribeRequest {
  'start'?: (_cairn_v1_SubscribeStart | null);
  'creditBytes'?: (number);
  'body'?: "start"|"creditBytes";
}

export interface SubscribeRequest__Output {
  'start'?: (_cairn_v1_SubscribeStart__Output | null);
  'creditBytes'?: (number);
  'body'?: "start"|"creditBytes";
}
