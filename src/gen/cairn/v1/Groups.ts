// Original file: proto/cairn/v1/client.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CommitOffsetsRequest as _cairn_v1_CommitOffsetsRequest, CommitOffsetsRequest__Output as _cairn_v1_CommitOffsetsRequest__Output } from '../../cairn/v1/CommitOffsetsRequest.js';
import type { CommitOffsetsResponse as _cairn_v1_CommitOffsetsResponse, CommitOffsetsResponse__Output as _cairn_v1_CommitOffsetsResponse__Output } from '../../cairn/v1/CommitOffsetsResponse.js';
import type { DeleteGroupRequest as _cairn_v1_DeleteGroupRequest, DeleteGroupRequest__Output as _cairn_v1_DeleteGroupRequest__Output } from '../../cairn/v1/DeleteGroupRequest.js';
import type { DeleteGroupResponse as _cairn_v1_DeleteGroupResponse, DeleteGroupResponse__Output as _cairn_v1_DeleteGroupResponse__Output } from '../../cairn/v1/DeleteGroupResponse.js';
import type { DescribeGroupRequest as _cairn_v1_DescribeGroupRequest, DescribeGroupRequest__Output as _cairn_v1_DescribeGroupRequest__Output } from '../../cairn/v1/DescribeGroupRequest.js';
import type { DescribeGroupResponse as _cairn_v1_DescribeGroupResponse, DescribeGroupResponse__Output as _cairn_v1_DescribeGroupResponse__Output } from '../../cairn/v1/DescribeGroupResponse.js';
import type { FetchOffsetsRequest as _cairn_v1_FetchOffsetsRequest, FetchOffsetsRequest__Output as _cairn_v1_FetchOffsetsRequest__Output } from '../../cairn/v1/FetchOffsetsRequest.js';
import type { FetchOffsetsResponse as _cairn_v1_FetchOffsetsResponse, FetchOffsetsResponse__Output as _cairn_v1_FetchOffsetsResponse__Output } from '../../cairn/v1/FetchOffsetsResponse.js';
import type { FindCoordinatorRequest as _cairn_v1_FindCoordinatorRequest, FindCoordinatorRequest__Output as _cairn_v1_FindCoordinatorRequest__Output } from '../../cairn/v1/FindCoordinatorRequest.js';
import type { FindCoordinatorResponse as _cairn_v1_FindCoordinatorResponse, FindCoordinatorResponse__Output as _cairn_v1_FindCoordinatorResponse__Output } from '../../cairn/v1/FindCoordinatorResponse.js';
import type { GroupHeartbeatRequest as _cairn_v1_GroupHeartbeatRequest, GroupHeartbeatRequest__Output as _cairn_v1_GroupHeartbeatRequest__Output } from '../../cairn/v1/GroupHeartbeatRequest.js';
import type { GroupHeartbeatResponse as _cairn_v1_GroupHeartbeatResponse, GroupHeartbeatResponse__Output as _cairn_v1_GroupHeartbeatResponse__Output } from '../../cairn/v1/GroupHeartbeatResponse.js';
import type { ListGroupsRequest as _cairn_v1_ListGroupsRequest, ListGroupsRequest__Output as _cairn_v1_ListGroupsRequest__Output } from '../../cairn/v1/ListGroupsRequest.js';
import type { ListGroupsResponse as _cairn_v1_ListGroupsResponse, ListGroupsResponse__Output as _cairn_v1_ListGroupsResponse__Output } from '../../cairn/v1/ListGroupsResponse.js';

export interface GroupsClient extends grpc.Client {
  CommitOffsets(argument: _cairn_v1_CommitOffsetsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_CommitOffsetsResponse__Output>): grpc.ClientUnaryCall;
  CommitOffsets(argument: _cairn_v1_CommitOffsetsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_v1_CommitOffsetsResponse__Output>): grpc.ClientUnaryCall;
  CommitOffsets(argument: _cairn_v1_CommitOffsetsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_CommitOffsetsResponse__Output>): grpc.ClientUnaryCall;
  CommitOffsets(argument: _cairn_v1_CommitOffsetsRequest, callback: grpc.requestCallback<_cairn_v1_CommitOffsetsResponse__Output>): grpc.ClientUnaryCall;
  commitOffsets(argument: _cairn_v1_CommitOffsetsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_CommitOffsetsResponse__Output>): grpc.ClientUnaryCall;
  commitOffsets(argument: _cairn_v1_CommitOffsetsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_v1_CommitOffsetsResponse__Output>): grpc.ClientUnaryCall;
  commitOffsets(argument: _cairn_v1_CommitOffsetsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_CommitOffsetsResponse__Output>): grpc.ClientUnaryCall;
  commitOffsets(argument: _cairn_v1_CommitOffsetsRequest, callback: grpc.requestCallback<_cairn_v1_CommitOffsetsResponse__Output>): grpc.ClientUnaryCall;
  
  DeleteGroup(argument: _cairn_v1_DeleteGroupRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_DeleteGroupResponse__Output>): grpc.ClientUnaryCall;
  DeleteGroup(argument: _cairn_v1_DeleteGroupRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_v1_DeleteGroupResponse__Output>): grpc.ClientUnaryCall;
  DeleteGroup(argument: _cairn_v1_DeleteGroupRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_DeleteGroupResponse__Output>): grpc.ClientUnaryCall;
  DeleteGroup(argument: _cairn_v1_DeleteGroupRequest, callback: grpc.requestCallback<_cairn_v1_DeleteGroupResponse__Output>): grpc.ClientUnaryCall;
  deleteGroup(argument: _cairn_v1_DeleteGroupRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_DeleteGroupResponse__Output>): grpc.ClientUnaryCall;
  deleteGroup(argument: _cairn_v1_DeleteGroupRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_v1_DeleteGroupResponse__Output>): grpc.ClientUnaryCall;
  deleteGroup(argument: _cairn_v1_DeleteGroupRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_DeleteGroupResponse__Output>): grpc.ClientUnaryCall;
  deleteGroup(argument: _cairn_v1_DeleteGroupRequest, callback: grpc.requestCallback<_cairn_v1_DeleteGroupResponse__Output>): grpc.ClientUnaryCall;
  
  DescribeGroup(argument: _cairn_v1_DescribeGroupRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_DescribeGroupResponse__Output>): grpc.ClientUnaryCall;
  DescribeGroup(argument: _cairn_v1_DescribeGroupRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_v1_DescribeGroupResponse__Output>): grpc.ClientUnaryCall;
  DescribeGroup(argument: _cairn_v1_DescribeGroupRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_DescribeGroupResponse__Output>): grpc.ClientUnaryCall;
  DescribeGroup(argument: _cairn_v1_DescribeGroupRequest, callback: grpc.requestCallback<_cairn_v1_DescribeGroupResponse__Output>): grpc.ClientUnaryCall;
  describeGroup(argument: _cairn_v1_DescribeGroupRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_DescribeGroupResponse__Output>): grpc.ClientUnaryCall;
  describeGroup(argument: _cairn_v1_DescribeGroupRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_v1_DescribeGroupResponse__Output>): grpc.ClientUnaryCall;
  describeGroup(argument: _cairn_v1_DescribeGroupRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_DescribeGroupResponse__Output>): grpc.ClientUnaryCall;
  describeGroup(argument: _cairn_v1_DescribeGroupRequest, callback: grpc.requestCallback<_cairn_v1_DescribeGroupResponse__Output>): grpc.ClientUnaryCall;
  
  FetchOffsets(argument: _cairn_v1_FetchOffsetsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_FetchOffsetsResponse__Output>): grpc.ClientUnaryCall;
  FetchOffsets(argument: _cairn_v1_FetchOffsetsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_v1_FetchOffsetsResponse__Output>): grpc.ClientUnaryCall;
  FetchOffsets(argument: _cairn_v1_FetchOffsetsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_FetchOffsetsResponse__Output>): grpc.ClientUnaryCall;
  FetchOffsets(argument: _cairn_v1_FetchOffsetsRequest, callback: grpc.requestCallback<_cairn_v1_FetchOffsetsResponse__Output>): grpc.ClientUnaryCall;
  fetchOffsets(argument: _cairn_v1_FetchOffsetsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_FetchOffsetsResponse__Output>): grpc.ClientUnaryCall;
  fetchOffsets(argument: _cairn_v1_FetchOffsetsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_v1_FetchOffsetsResponse__Output>): grpc.ClientUnaryCall;
  fetchOffsets(argument: _cairn_v1_FetchOffsetsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_FetchOffsetsResponse__Output>): grpc.ClientUnaryCall;
  fetchOffsets(argument: _cairn_v1_FetchOffsetsRequest, callback: grpc.requestCallback<_cairn_v1_FetchOffsetsResponse__Output>): grpc.ClientUnaryCall;
  
  FindCoordinator(argument: _cairn_v1_FindCoordinatorRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_FindCoordinatorResponse__Output>): grpc.ClientUnaryCall;
  FindCoordinator(argument: _cairn_v1_FindCoordinatorRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_v1_FindCoordinatorResponse__Output>): grpc.ClientUnaryCall;
  FindCoordinator(argument: _cairn_v1_FindCoordinatorRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_FindCoordinatorResponse__Output>): grpc.ClientUnaryCall;
  FindCoordinator(argument: _cairn_v1_FindCoordinatorRequest, callback: grpc.requestCallback<_cairn_v1_FindCoordinatorResponse__Output>): grpc.ClientUnaryCall;
  findCoordinator(argument: _cairn_v1_FindCoordinatorRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_FindCoordinatorResponse__Output>): grpc.ClientUnaryCall;
  findCoordinator(argument: _cairn_v1_FindCoordinatorRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_v1_FindCoordinatorResponse__Output>): grpc.ClientUnaryCall;
  findCoordinator(argument: _cairn_v1_FindCoordinatorRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_FindCoordinatorResponse__Output>): grpc.ClientUnaryCall;
  findCoordinator(argument: _cairn_v1_FindCoordinatorRequest, callback: grpc.requestCallback<_cairn_v1_FindCoordinatorResponse__Output>): grpc.ClientUnaryCall;
  
  Heartbeat(argument: _cairn_v1_GroupHeartbeatRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_GroupHeartbeatResponse__Output>): grpc.ClientUnaryCall;
  Heartbeat(argument: _cairn_v1_GroupHeartbeatRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_v1_GroupHeartbeatResponse__Output>): grpc.ClientUnaryCall;
  Heartbeat(argument: _cairn_v1_GroupHeartbeatRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_GroupHeartbeatResponse__Output>): grpc.ClientUnaryCall;
  Heartbeat(argument: _cairn_v1_GroupHeartbeatRequest, callback: grpc.requestCallback<_cairn_v1_GroupHeartbeatResponse__Output>): grpc.ClientUnaryCall;
  heartbeat(argument: _cairn_v1_GroupHeartbeatRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_GroupHeartbeatResponse__Output>): grpc.ClientUnaryCall;
  heartbeat(argument: _cairn_v1_GroupHeartbeatRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_v1_GroupHeartbeatResponse__Output>): grpc.ClientUnaryCall;
  heartbeat(argument: _cairn_v1_GroupHeartbeatRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_GroupHeartbeatResponse__Output>): grpc.ClientUnaryCall;
  heartbeat(argument: _cairn_v1_GroupHeartbeatRequest, callback: grpc.requestCallback<_cairn_v1_GroupHeartbeatResponse__Output>): grpc.ClientUnaryCall;
  
  ListGroups(argument: _cairn_v1_ListGroupsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_ListGroupsResponse__Output>): grpc.ClientUnaryCall;
  ListGroups(argument: _cairn_v1_ListGroupsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_v1_ListGroupsResponse__Output>): grpc.ClientUnaryCall;
  ListGroups(argument: _cairn_v1_ListGroupsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_ListGroupsResponse__Output>): grpc.ClientUnaryCall;
  ListGroups(argument: _cairn_v1_ListGroupsRequest, callback: grpc.requestCallback<_cairn_v1_ListGroupsResponse__Output>): grpc.ClientUnaryCall;
  listGroups(argument: _cairn_v1_ListGroupsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_ListGroupsResponse__Output>): grpc.ClientUnaryCall;
  listGroups(argument: _cairn_v1_ListGroupsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_v1_ListGroupsResponse__Output>): grpc.ClientUnaryCall;
  listGroups(argument: _cairn_v1_ListGroupsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_ListGroupsResponse__Output>): grpc.ClientUnaryCall;
  listGroups(argument: _cairn_v1_ListGroupsRequest, callback: grpc.requestCallback<_cairn_v1_ListGroupsResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface GroupsHandlers extends grpc.UntypedServiceImplementation {
  CommitOffsets: grpc.handleUnaryCall<_cairn_v1_CommitOffsetsRequest__Output, _cairn_v1_CommitOffsetsResponse>;
  
  DeleteGroup: grpc.handleUnaryCall<_cairn_v1_DeleteGroupRequest__Output, _cairn_v1_DeleteGroupResponse>;
  
  DescribeGroup: grpc.handleUnaryCall<_cairn_v1_DescribeGroupRequest__Output, _cairn_v1_DescribeGroupResponse>;
  
  FetchOffsets: grpc.handleUnaryCall<_cairn_v1_FetchOffsetsRequest__Output, _cairn_v1_FetchOffsetsResponse>;
  
  FindCoordinator: grpc.handleUnaryCall<_cairn_v1_FindCoordinatorRequest__Output, _cairn_v1_FindCoordinatorResponse>;
  
  Heartbeat: grpc.handleUnaryCall<_cairn_v1_GroupHeartbeatRequest__Output, _cairn_v1_GroupHeartbeatResponse>;
  
  ListGroups: grpc.handleUnaryCall<_cairn_v1_ListGroupsRequest__Output, _cairn_v1_ListGroupsResponse>;
  
}

export interface GroupsDefinition extends grpc.ServiceDefinition {
  CommitOffsets: MethodDefinition<_cairn_v1_CommitOffsetsRequest, _cairn_v1_CommitOffsetsResponse, _cairn_v1_CommitOffsetsRequest__Output, _cairn_v1_CommitOffsetsResponse__Output>
  DeleteGroup: MethodDefinition<_cairn_v1_DeleteGroupRequest, _cairn_v1_DeleteGroupResponse, _cairn_v1_DeleteGroupRequest__Output, _cairn_v1_DeleteGroupResponse__Output>
  DescribeGroup: MethodDefinition<_cairn_v1_DescribeGroupRequest, _cairn_v1_DescribeGroupResponse, _cairn_v1_DescribeGroupRequest__Output, _cairn_v1_DescribeGroupResponse__Output>
  FetchOffsets: MethodDefinition<_cairn_v1_FetchOffsetsRequest, _cairn_v1_FetchOffsetsResponse, _cairn_v1_FetchOffsetsRequest__Output, _cairn_v1_FetchOffsetsResponse__Output>
  FindCoordinator: MethodDefinition<_cairn_v1_FindCoordinatorRequest, _cairn_v1_FindCoordinatorResponse, _cairn_v1_FindCoordinatorRequest__Output, _cairn_v1_FindCoordinatorResponse__Output>
  Heartbeat: MethodDefinition<_cairn_v1_GroupHeartbeatRequest, _cairn_v1_GroupHeartbeatResponse, _cairn_v1_GroupHeartbeatRequest__Output, _cairn_v1_GroupHeartbeatResponse__Output>
  ListGroups: MethodDefinition<_cairn_v1_ListGroupsRequest, _cairn_v1_ListGroupsResponse, _cairn_v1_ListGroupsRequest__Output, _cairn_v1_ListGroupsResponse__Output>
}
