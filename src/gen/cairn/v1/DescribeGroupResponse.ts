// Original file: proto/cairn/v1/client.proto

import type { GroupMember as _cairn_v1_GroupMember, GroupMember__Output as _cairn_v1_GroupMember__Output } from '../../cairn/v1/GroupMember.js';
import type { CommittedOffset as _cairn_v1_CommittedOffset, CommittedOffset__Output as _cairn_v1_CommittedOffset__Output } from '../../cairn/v1/CommittedOffset.js';

export interface DescribeGroupResponse {
  'groupId'?: (string);
  'state'?: (string);
  'groupEpoch'?: (number);
  'assignor'?: (string);
  'members'?: (_cairn_v1_GroupMember)[];
  'offsets'?: (_cairn_v1_CommittedOffset)[];
  'coordinator'?: (number);
}

export interface DescribeGroupResponse__Output {
  'groupId': (string);
  'state': (string);
  'groupEpoch': (number);
  'assignor': (string);
  'members': (_cairn_v1_GroupMember__Output)[];
  'offsets': (_cairn_v1_CommittedOffset__Output)[];
  'coordinator': (number);
}
