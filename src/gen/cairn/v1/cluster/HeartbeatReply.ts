// Original file: proto/cairn/v1/cluster.proto

import type { LeaderTransfer as _cairn_v1_cluster_LeaderTransfer, LeaderTransfer__Output as _cairn_v1_cluster_LeaderTransfer__Output } from '../../../cairn/v1/cluster/LeaderTransfer.js';
import type { GroupLeader as _cairn_v1_cluster_GroupLeader, GroupLeader__Output as _cairn_v1_cluster_GroupLeader__Output } from '../../../cairn/v1/cluster/GroupLeader.js';

export interface HeartbeatReply {
  'accepted'?: (boolean);
  'controllerHint'?: (number);
  'error'?: (string);
  'transfers'?: (_cairn_v1_cluster_LeaderTransfer)[];
  'retireGroups'?: (number)[];
  'leaders'?: (_cairn_v1_cluster_GroupLeader)[];
  'liveNodes'?: (number)[];
}

export interface HeartbeatReply__Output {
  'accepted': (boolean);
  'controllerHint': (number);
  'error': (string);
  'transfers': (_cairn_v1_cluster_LeaderTransfer__Output)[];
  'retireGroups': (number)[];
  'leaders': (_cairn_v1_cluster_GroupLeader__Output)[];
  'liveNodes': (number)[];
}
