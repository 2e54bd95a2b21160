// Original file: proto/cairn/v1/raft.proto

import type { RaftMessage as _cairn_v1_raft_RaftMessage, RaftMessage__Output as _cairn_v1_raft_RaftMessage__Output } from '../../../cairn/v1/raft/RaftMessage.js';
import type { GroupHeartbeat as _cairn_v1_raft_GroupHeartbeat, GroupHeartbeat__Output as _cairn_v1_raft_GroupHeartbeat__Output } from '../../../cairn/v1/raft/GroupHeartbeat.js';

export interface PeerBatch {
  'messages'?: (_cairn_v1_raft_RaftMessage)[];
  'heartbeats'?: (_cairn_v1_raft_GroupHeartbeat)[];
  'heartbeatResponses'?: (_cairn_v1_raft_GroupHeartbeat)[];
}

export interface PeerBatch__Output {
  'messages': (_cairn_v1_raft_RaftMessage__Output)[];
  'heartbeats': (_cairn_v1_raft_GroupHeartbeat__Output)[];
  'heartbeatResponses': (_cairn_v1_raft_GroupHeartbeat__Output)[];
}
