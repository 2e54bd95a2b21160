// Original file: proto/cairn/v1/client.proto

import type { OffsetCommit as _cairn_v1_OffsetCommit, OffsetCommit__Output as _cairn_v1_OffsetCommit__Output } from '../../cairn/v1/OffsetCommit.js';

export interface CommitOffsetsRequest {
  'groupId'?: (string);
  'memberId'?: (string);
  'memberEpoch'?: (number);
  'offsets'?: (_cairn_v1_OffsetCommit)[];
}

export interface CommitOffsetsRequest__Output {
  'groupId': (string);
  'memberId': (string);
  'memberEpoch': (number);
  'offsets': (_cairn_v1_OffsetCommit__Output)[];
}
