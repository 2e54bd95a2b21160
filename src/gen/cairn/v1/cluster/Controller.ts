// Original file: proto/cairn/v1/cluster.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { HeartbeatReply as _cairn_v1_cluster_HeartbeatReply, HeartbeatReply__Output as _cairn_v1_cluster_HeartbeatReply__Output } from '../../../cairn/v1/cluster/HeartbeatReply.js';
import type { NodeReport as _cairn_v1_cluster_NodeReport, NodeReport__Output as _cairn_v1_cluster_NodeReport__Output } from '../../../cairn/v1/cluster/NodeReport.js';

export interface ControllerClient extends grpc.Client {
  Heartbeat(argument: _cairn_v1_cluster_NodeReport, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_cluster_HeartbeatReply__Output>): grpc.ClientUnaryCall;
  Heartbeat(argument: _cairn_v1_cluster_NodeReport, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_v1_cluster_HeartbeatReply__Output>): grpc.ClientUnaryCall;
  Heartbeat(argument: _cairn_v1_cluster_NodeReport, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_cluster_HeartbeatReply__Output>): grpc.ClientUnaryCall;
  Heartbeat(argument: _cairn_v1_cluster_NodeReport, callback: grpc.requestCallback<_cairn_v1_cluster_HeartbeatReply__Output>): grpc.ClientUnaryCall;
  heartbeat(argument: _cairn_v1_cluster_NodeReport, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_cluster_HeartbeatReply__Output>): grpc.ClientUnaryCall;
  heartbeat(argument: _cairn_v1_cluster_NodeReport, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_v1_cluster_HeartbeatReply__Output>): grpc.ClientUnaryCall;
  heartbeat(argument: _cairn_v1_cluster_NodeReport, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_cluster_HeartbeatReply__Output>): grpc.ClientUnaryCall;
  heartbeat(argument: _cairn_v1_cluster_NodeReport, callback: grpc.requestCallback<_cairn_v1_cluster_HeartbeatReply__Output>): grpc.ClientUnaryCall;
  
}

export interface ControllerHandlers extends grpc.UntypedServiceImplementation {
  Heartbeat: grpc.handleUnaryCall<_cairn_v1_cluster_NodeReport__Output, _cairn_v1_cluster_HeartbeatReply>;
  
}

export interface ControllerDefinition extends grpc.ServiceDefinition {
  Heartbeat: MethodDefinition<_cairn_v1_cluster_NodeReport, _cairn_v1_cluster_HeartbeatReply, _cairn_v1_cluster_NodeReport__Output, _cairn_v1_cluster_HeartbeatReply__Output>
}
