import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { ControllerClient as _cairn_v1_cluster_ControllerClient, ControllerDefinition as _cairn_v1_cluster_ControllerDefinition } from './cairn/v1/cluster/Controller.js';
import type { GroupLeader as _cairn_v1_cluster_GroupLeader, GroupLeader__Output as _cairn_v1_cluster_GroupLeader__Output } from './cairn/v1/cluster/GroupLeader.js';
import type { GroupReport as _cairn_v1_cluster_GroupReport, GroupReport__Output as _cairn_v1_cluster_GroupReport__Output } from './cairn/v1/cluster/GroupReport.js';
import type { HeartbeatReply as _cairn_v1_cluster_HeartbeatReply, HeartbeatReply__Output as _cairn_v1_cluster_HeartbeatReply__Output } from './cairn/v1/cluster/HeartbeatReply.js';
import type { LeaderTransfer as _cairn_v1_cluster_LeaderTransfer, LeaderTransfer__Output as _cairn_v1_cluster_LeaderTransfer__Output } from './cairn/v1/cluster/LeaderTransfer.js';
import type { NodeReport as _cairn_v1_cluster_NodeReport, NodeReport__Output as _cairn_v1_cluster_NodeReport__Output } from './cairn/v1/cluster/NodeReport.js';
import type { ReplicaReport as _cairn_v1_cluster_ReplicaReport, ReplicaReport__Output as _cairn_v1_cluster_ReplicaReport__Output } from './cairn/v1/cluster/ReplicaReport.js';
import type { ConfState as _cairn_v1_raft_ConfState, ConfState__Output as _cairn_v1_raft_ConfState__Output } from './cairn/v1/raft/ConfState.js';
import type { Entry as _cairn_v1_raft_Entry, Entry__Output as _cairn_v1_raft_Entry__Output } from './cairn/v1/raft/Entry.js';
import type { GroupHeartbeat as _cairn_v1_raft_GroupHeartbeat, GroupHeartbeat__Output as _cairn_v1_raft_GroupHeartbeat__Output } from './cairn/v1/raft/GroupHeartbeat.js';
import type { PeerClient as _cairn_v1_raft_PeerClient, PeerDefinition as _cairn_v1_raft_PeerDefinition } from './cairn/v1/raft/Peer.js';
import type { PeerBatch as _cairn_v1_raft_PeerBatch, PeerBatch__Output as _cairn_v1_raft_PeerBatch__Output } from './cairn/v1/raft/PeerBatch.js';
import type { PeerFrame as _cairn_v1_raft_PeerFrame, PeerFrame__Output as _cairn_v1_raft_PeerFrame__Output } from './cairn/v1/raft/PeerFrame.js';
import type { PeerHello as _cairn_v1_raft_PeerHello, PeerHello__Output as _cairn_v1_raft_PeerHello__Output } from './cairn/v1/raft/PeerHello.js';
import type { PeerStreamEnd as _cairn_v1_raft_PeerStreamEnd, PeerStreamEnd__Output as _cairn_v1_raft_PeerStreamEnd__Output } from './cairn/v1/raft/PeerStreamEnd.js';
import type { RaftMessage as _cairn_v1_raft_RaftMessage, RaftMessage__Output as _cairn_v1_raft_RaftMessage__Output } from './cairn/v1/raft/RaftMessage.js';
import type { SnapshotAck as _cairn_v1_raft_SnapshotAck, SnapshotAck__Output as _cairn_v1_raft_SnapshotAck__Output } from './cairn/v1/raft/SnapshotAck.js';
import type { SnapshotChunk as _cairn_v1_raft_SnapshotChunk, SnapshotChunk__Output as _cairn_v1_raft_SnapshotChunk__Output } from './cairn/v1/raft/SnapshotChunk.js';
import type { SnapshotHeader as _cairn_v1_raft_SnapshotHeader, SnapshotHeader__Output as _cairn_v1_raft_SnapshotHeader__Output } from './cairn/v1/raft/SnapshotHeader.js';
import type { SnapshotMetadata as _cairn_v1_raft_SnapshotMetadata, SnapshotMetadata__Output as _cairn_v1_raft_SnapshotMetadata__Output } from './cairn/v1/raft/SnapshotMetadata.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  cairn: {
    v1: {
      cluster: {
        Controller: SubtypeConstructor<typeof grpc.Client, _cairn_v1_cluster_ControllerClient> & { service: _cairn_v1_cluster_ControllerDefinition }
        GroupLeader: MessageTypeDefinition<_cairn_v1_cluster_GroupLeader, _cairn_v1_cluster_GroupLeader__Output>
        GroupReport: MessageTypeDefinition<_cairn_v1_cluster_GroupReport, _cairn_v1_cluster_GroupReport__Output>
        HeartbeatReply: MessageTypeDefinition<_cairn_v1_cluster_HeartbeatReply, _cairn_v1_cluster_HeartbeatReply__Output>
        LeaderTransfer: MessageTypeDefinition<_cairn_v1_cluster_LeaderTransfer, _cairn_v1_cluster_LeaderTransfer__Output>
        NodeReport: MessageTypeDefinition<_cairn_v1_cluster_NodeReport, _cairn_v1_cluster_NodeReport__Output>
        ReplicaReport: MessageTypeDefinition<_cairn_v1_cluster_ReplicaReport, _cairn_v1_cluster_ReplicaReport__Output>
      }
      raft: {
        ConfState: MessageTypeDefinition<_cairn_v1_raft_ConfState, _cairn_v1_raft_ConfState__Output>
        Entry: MessageTypeDefinition<_cairn_v1_raft_Entry, _cairn_v1_raft_Entry__Output>
        GroupHeartbeat: MessageTypeDefinition<_cairn_v1_raft_GroupHeartbeat, _cairn_v1_raft_GroupHeartbeat__Output>
        Peer: SubtypeConstructor<typeof grpc.Client, _cairn_v1_raft_PeerClient> & { service: _cairn_v1_raft_PeerDefinition }
        PeerBatch: MessageTypeDefinition<_cairn_v1_raft_PeerBatch, _cairn_v1_raft_PeerBatch__Output>
        PeerFrame: MessageTypeDefinition<_cairn_v1_raft_PeerFrame, _cairn_v1_raft_PeerFrame__Output>
        PeerHello: MessageTypeDefinition<_cairn_v1_raft_PeerHello, _cairn_v1_raft_PeerHello__Output>
        PeerStreamEnd: MessageTypeDefinition<_cairn_v1_raft_PeerStreamEnd, _cairn_v1_raft_PeerStreamEnd__Output>
        RaftMessage: MessageTypeDefinition<_cairn_v1_raft_RaftMessage, _cairn_v1_raft_RaftMessage__Output>
        SnapshotAck: MessageTypeDefinition<_cairn_v1_raft_SnapshotAck, _cairn_v1_raft_SnapshotAck__Output>
        SnapshotChunk: MessageTypeDefinition<_cairn_v1_raft_SnapshotChunk, _cairn_v1_raft_SnapshotChunk__Output>
        SnapshotHeader: MessageTypeDefinition<_cairn_v1_raft_SnapshotHeader, _cairn_v1_raft_SnapshotHeader__Output>
        SnapshotMetadata: MessageTypeDefinition<_cairn_v1_raft_SnapshotMetadata, _cairn_v1_raft_SnapshotMetadata__Output>
      }
    }
  }
}

