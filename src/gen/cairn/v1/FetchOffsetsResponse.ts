// Original file: proto/cairn/v1/client.proto

import type { CommittedOffset as _cairn_v1_CommittedOffset, CommittedOffset__Output as _cairn_v1_CommittedOffset__Output } from '../../cairn/v1/CommittedOffset.js';

export interface FetchOffsetsResponse {
  'offsets'?: (_cairn_v1_CommittedOffset)[];
}

export interface FetchOffsetsResponse__Output {
  'offsets': (_cairn_v1_CommittedOffset__Output)[];
}
