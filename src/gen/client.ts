import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { AclBinding as _cairn_v1_AclBinding, AclBinding__Output as _cairn_v1_AclBinding__Output } from './cairn/v1/AclBinding.js';
import type { AlterTopicConfigsRequest as _cairn_v1_AlterTopicConfigsRequest, AlterTopicConfigsRequest__Output as _cairn_v1_AlterTopicConfigsRequest__Output } from './cairn/v1/AlterTopicConfigsRequest.js';
import type { AlterTopicConfigsResponse as _cairn_v1_AlterTopicConfigsResponse, AlterTopicConfigsResponse__Output as _cairn_v1_AlterTopicConfigsResponse__Output } from './cairn/v1/AlterTopicConfigsResponse.js';
import type { AuthenticateRequest as _cairn_v1_AuthenticateRequest, AuthenticateRequest__Output as _cairn_v1_AuthenticateRequest__Output } from './cairn/v1/AuthenticateRequest.js';
import type { AuthenticateResponse as _cairn_v1_AuthenticateResponse, AuthenticateResponse__Output as _cairn_v1_AuthenticateResponse__Output } from './cairn/v1/AuthenticateResponse.js';
import type { Broker as _cairn_v1_Broker, Broker__Output as _cairn_v1_Broker__Output } from './cairn/v1/Broker.js';
import type { ClusterClient as _cairn_v1_ClusterClient, ClusterDefinition as _cairn_v1_ClusterDefinition } from './cairn/v1/Cluster.js';
import type { CommitOffsetsRequest as _cairn_v1_CommitOffsetsRequest, CommitOffsetsRequest__Output as _cairn_v1_CommitOffsetsRequest__Output } from './cairn/v1/CommitOffsetsRequest.js';
import type { CommitOffsetsResponse as _cairn_v1_CommitOffsetsResponse, CommitOffsetsResponse__Output as _cairn_v1_CommitOffsetsResponse__Output } from './cairn/v1/CommitOffsetsResponse.js';
import type { CommittedOffset as _cairn_v1_CommittedOffset, CommittedOffset__Output as _cairn_v1_CommittedOffset__Output } from './cairn/v1/CommittedOffset.js';
import type { CreateAclsRequest as _cairn_v1_CreateAclsRequest, CreateAclsRequest__Output as _cairn_v1_CreateAclsRequest__Output } from './cairn/v1/CreateAclsRequest.js';
import type { CreateAclsResponse as _cairn_v1_CreateAclsResponse, CreateAclsResponse__Output as _cairn_v1_CreateAclsResponse__Output } from './cairn/v1/CreateAclsResponse.js';
import type { CreatePartitionsRequest as _cairn_v1_CreatePartitionsRequest, CreatePartitionsRequest__Output as _cairn_v1_CreatePartitionsRequest__Output } from './cairn/v1/CreatePartitionsRequest.js';
import type { CreatePartitionsResponse as _cairn_v1_CreatePartitionsResponse, CreatePartitionsResponse__Output as _cairn_v1_CreatePartitionsResponse__Output } from './cairn/v1/CreatePartitionsResponse.js';
import type { CreateTopicRequest as _cairn_v1_CreateTopicRequest, CreateTopicRequest__Output as _cairn_v1_CreateTopicRequest__Output } from './cairn/v1/CreateTopicRequest.js';
import type { CreateTopicResponse as _cairn_v1_CreateTopicResponse, CreateTopicResponse__Output as _cairn_v1_CreateTopicResponse__Output } from './cairn/v1/CreateTopicResponse.js';
import type { CreateUserRequest as _cairn_v1_CreateUserRequest, CreateUserRequest__Output as _cairn_v1_CreateUserRequest__Output } from './cairn/v1/CreateUserRequest.js';
import type { CreateUserResponse as _cairn_v1_CreateUserResponse, CreateUserResponse__Output as _cairn_v1_CreateUserResponse__Output } from './cairn/v1/CreateUserResponse.js';
import type { DataClient as _cairn_v1_DataClient, DataDefinition as _cairn_v1_DataDefinition } from './cairn/v1/Data.js';
import type { DecommissionNodeRequest as _cairn_v1_DecommissionNodeRequest, DecommissionNodeRequest__Output as _cairn_v1_DecommissionNodeRequest__Output } from './cairn/v1/DecommissionNodeRequest.js';
import type { DecommissionNodeResponse as _cairn_v1_DecommissionNodeResponse, DecommissionNodeResponse__Output as _cairn_v1_DecommissionNodeResponse__Output } from './cairn/v1/DecommissionNodeResponse.js';
import type { DeleteAclsRequest as _cairn_v1_DeleteAclsRequest, DeleteAclsRequest__Output as _cairn_v1_DeleteAclsRequest__Output } from './cairn/v1/DeleteAclsRequest.js';
import type { DeleteAclsResponse as _cairn_v1_DeleteAclsResponse, DeleteAclsResponse__Output as _cairn_v1_DeleteAclsResponse__Output } from './cairn/v1/DeleteAclsResponse.js';
import type { DeleteGroupRequest as _cairn_v1_DeleteGroupRequest, DeleteGroupRequest__Output as _cairn_v1_DeleteGroupRequest__Output } from './cairn/v1/DeleteGroupRequest.js';
import type { DeleteGroupResponse as _cairn_v1_DeleteGroupResponse, DeleteGroupResponse__Output as _cairn_v1_DeleteGroupResponse__Output } from './cairn/v1/DeleteGroupResponse.js';
import type { DeleteRecordsPartition as _cairn_v1_DeleteRecordsPartition, DeleteRecordsPartition__Output as _cairn_v1_DeleteRecordsPartition__Output } from './cairn/v1/DeleteRecordsPartition.js';
import type { DeleteRecordsPartitionResult as _cairn_v1_DeleteRecordsPartitionResult, DeleteRecordsPartitionResult__Output as _cairn_v1_DeleteRecordsPartitionResult__Output } from './cairn/v1/DeleteRecordsPartitionResult.js';
import type { DeleteRecordsRequest as _cairn_v1_DeleteRecordsRequest, DeleteRecordsRequest__Output as _cairn_v1_DeleteRecordsRequest__Output } from './cairn/v1/DeleteRecordsRequest.js';
import type { DeleteRecordsResponse as _cairn_v1_DeleteRecordsResponse, DeleteRecordsResponse__Output as _cairn_v1_DeleteRecordsResponse__Output } from './cairn/v1/DeleteRecordsResponse.js';
import type { DeleteTopicRequest as _cairn_v1_DeleteTopicRequest, DeleteTopicRequest__Output as _cairn_v1_DeleteTopicRequest__Output } from './cairn/v1/DeleteTopicRequest.js';
import type { DeleteTopicResponse as _cairn_v1_DeleteTopicResponse, DeleteTopicResponse__Output as _cairn_v1_DeleteTopicResponse__Output } from './cairn/v1/DeleteTopicResponse.js';
import type { DeleteUserRequest as _cairn_v1_DeleteUserRequest, DeleteUserRequest__Output as _cairn_v1_DeleteUserRequest__Output } from './cairn/v1/DeleteUserRequest.js';
import type { DeleteUserResponse as _cairn_v1_DeleteUserResponse, DeleteUserResponse__Output as _cairn_v1_DeleteUserResponse__Output } from './cairn/v1/DeleteUserResponse.js';
import type { DescribeClusterRequest as _cairn_v1_DescribeClusterRequest, DescribeClusterRequest__Output as _cairn_v1_DescribeClusterRequest__Output } from './cairn/v1/DescribeClusterRequest.js';
import type { DescribeClusterResponse as _cairn_v1_DescribeClusterResponse, DescribeClusterResponse__Output as _cairn_v1_DescribeClusterResponse__Output } from './cairn/v1/DescribeClusterResponse.js';
import type { DescribeGroupRequest as _cairn_v1_DescribeGroupRequest, DescribeGroupRequest__Output as _cairn_v1_DescribeGroupRequest__Output } from './cairn/v1/DescribeGroupRequest.js';
import type { DescribeGroupResponse as _cairn_v1_DescribeGroupResponse, DescribeGroupResponse__Output as _cairn_v1_DescribeGroupResponse__Output } from './cairn/v1/DescribeGroupResponse.js';
import type { DescribeTopicConfigsRequest as _cairn_v1_DescribeTopicConfigsRequest, DescribeTopicConfigsRequest__Output as _cairn_v1_DescribeTopicConfigsRequest__Output } from './cairn/v1/DescribeTopicConfigsRequest.js';
import type { DescribeTopicConfigsResponse as _cairn_v1_DescribeTopicConfigsResponse, DescribeTopicConfigsResponse__Output as _cairn_v1_DescribeTopicConfigsResponse__Output } from './cairn/v1/DescribeTopicConfigsResponse.js';
import type { DescribeTopicRequest as _cairn_v1_DescribeTopicRequest, DescribeTopicRequest__Output as _cairn_v1_DescribeTopicRequest__Output } from './cairn/v1/DescribeTopicRequest.js';
import type { DescribeTopicResponse as _cairn_v1_DescribeTopicResponse, DescribeTopicResponse__Output as _cairn_v1_DescribeTopicResponse__Output } from './cairn/v1/DescribeTopicResponse.js';
import type { FetchOffsetsRequest as _cairn_v1_FetchOffsetsRequest, FetchOffsetsRequest__Output as _cairn_v1_FetchOffsetsRequest__Output } from './cairn/v1/FetchOffsetsRequest.js';
import type { FetchOffsetsResponse as _cairn_v1_FetchOffsetsResponse, FetchOffsetsResponse__Output as _cairn_v1_FetchOffsetsResponse__Output } from './cairn/v1/FetchOffsetsResponse.js';
import type { FetchPartition as _cairn_v1_FetchPartition, FetchPartition__Output as _cairn_v1_FetchPartition__Output } from './cairn/v1/FetchPartition.js';
import type { FetchPartitionResult as _cairn_v1_FetchPartitionResult, FetchPartitionResult__Output as _cairn_v1_FetchPartitionResult__Output } from './cairn/v1/FetchPartitionResult.js';
import type { FetchRequest as _cairn_v1_FetchRequest, FetchRequest__Output as _cairn_v1_FetchRequest__Output } from './cairn/v1/FetchRequest.js';
import type { FetchResponse as _cairn_v1_FetchResponse, FetchResponse__Output as _cairn_v1_FetchResponse__Output } from './cairn/v1/FetchResponse.js';
import type { FindCoordinatorRequest as _cairn_v1_FindCoordinatorRequest, FindCoordinatorRequest__Output as _cairn_v1_FindCoordinatorRequest__Output } from './cairn/v1/FindCoordinatorRequest.js';
import type { FindCoordinatorResponse as _cairn_v1_FindCoordinatorResponse, FindCoordinatorResponse__Output as _cairn_v1_FindCoordinatorResponse__Output } from './cairn/v1/FindCoordinatorResponse.js';
import type { GroupHeartbeatRequest as _cairn_v1_GroupHeartbeatRequest, GroupHeartbeatRequest__Output as _cairn_v1_GroupHeartbeatRequest__Output } from './cairn/v1/GroupHeartbeatRequest.js';
import type { GroupHeartbeatResponse as _cairn_v1_GroupHeartbeatResponse, GroupHeartbeatResponse__Output as _cairn_v1_GroupHeartbeatResponse__Output } from './cairn/v1/GroupHeartbeatResponse.js';
import type { GroupListing as _cairn_v1_GroupListing, GroupListing__Output as _cairn_v1_GroupListing__Output } from './cairn/v1/GroupListing.js';
import type { GroupMember as _cairn_v1_GroupMember, GroupMember__Output as _cairn_v1_GroupMember__Output } from './cairn/v1/GroupMember.js';
import type { GroupsClient as _cairn_v1_GroupsClient, GroupsDefinition as _cairn_v1_GroupsDefinition } from './cairn/v1/Groups.js';
import type { InitProducerRequest as _cairn_v1_InitProducerRequest, InitProducerRequest__Output as _cairn_v1_InitProducerRequest__Output } from './cairn/v1/InitProducerRequest.js';
import type { InitProducerResponse as _cairn_v1_InitProducerResponse, InitProducerResponse__Output as _cairn_v1_InitProducerResponse__Output } from './cairn/v1/InitProducerResponse.js';
import type { ListAclsRequest as _cairn_v1_ListAclsRequest, ListAclsRequest__Output as _cairn_v1_ListAclsRequest__Output } from './cairn/v1/ListAclsRequest.js';
import type { ListAclsResponse as _cairn_v1_ListAclsResponse, ListAclsResponse__Output as _cairn_v1_ListAclsResponse__Output } from './cairn/v1/ListAclsResponse.js';
import type { ListGroupsRequest as _cairn_v1_ListGroupsRequest, ListGroupsRequest__Output as _cairn_v1_ListGroupsRequest__Output } from './cairn/v1/ListGroupsRequest.js';
import type { ListGroupsResponse as _cairn_v1_ListGroupsResponse, ListGroupsResponse__Output as _cairn_v1_ListGroupsResponse__Output } from './cairn/v1/ListGroupsResponse.js';
import type { ListOffsetsPartition as _cairn_v1_ListOffsetsPartition, ListOffsetsPartition__Output as _cairn_v1_ListOffsetsPartition__Output } from './cairn/v1/ListOffsetsPartition.js';
import type { ListOffsetsPartitionResult as _cairn_v1_ListOffsetsPartitionResult, ListOffsetsPartitionResult__Output as _cairn_v1_ListOffsetsPartitionResult__Output } from './cairn/v1/ListOffsetsPartitionResult.js';
import type { ListOffsetsRequest as _cairn_v1_ListOffsetsRequest, ListOffsetsRequest__Output as _cairn_v1_ListOffsetsRequest__Output } from './cairn/v1/ListOffsetsRequest.js';
import type { ListOffsetsResponse as _cairn_v1_ListOffsetsResponse, ListOffsetsResponse__Output as _cairn_v1_ListOffsetsResponse__Output } from './cairn/v1/ListOffsetsResponse.js';
import type { ListPartitionMovesRequest as _cairn_v1_ListPartitionMovesRequest, ListPartitionMovesRequest__Output as _cairn_v1_ListPartitionMovesRequest__Output } from './cairn/v1/ListPartitionMovesRequest.js';
import type { ListPartitionMovesResponse as _cairn_v1_ListPartitionMovesResponse, ListPartitionMovesResponse__Output as _cairn_v1_ListPartitionMovesResponse__Output } from './cairn/v1/ListPartitionMovesResponse.js';
import type { ListTopicsRequest as _cairn_v1_ListTopicsRequest, ListTopicsRequest__Output as _cairn_v1_ListTopicsRequest__Output } from './cairn/v1/ListTopicsRequest.js';
import type { ListTopicsResponse as _cairn_v1_ListTopicsResponse, ListTopicsResponse__Output as _cairn_v1_ListTopicsResponse__Output } from './cairn/v1/ListTopicsResponse.js';
import type { ListUsersRequest as _cairn_v1_ListUsersRequest, ListUsersRequest__Output as _cairn_v1_ListUsersRequest__Output } from './cairn/v1/ListUsersRequest.js';
import type { ListUsersResponse as _cairn_v1_ListUsersResponse, ListUsersResponse__Output as _cairn_v1_ListUsersResponse__Output } from './cairn/v1/ListUsersResponse.js';
import type { MetadataRequest as _cairn_v1_MetadataRequest, MetadataRequest__Output as _cairn_v1_MetadataRequest__Output } from './cairn/v1/MetadataRequest.js';
import type { MetadataResponse as _cairn_v1_MetadataResponse, MetadataResponse__Output as _cairn_v1_MetadataResponse__Output } from './cairn/v1/MetadataResponse.js';
import type { MovePartitionRequest as _cairn_v1_MovePartitionRequest, MovePartitionRequest__Output as _cairn_v1_MovePartitionRequest__Output } from './cairn/v1/MovePartitionRequest.js';
import type { MovePartitionResponse as _cairn_v1_MovePartitionResponse, MovePartitionResponse__Output as _cairn_v1_MovePartitionResponse__Output } from './cairn/v1/MovePartitionResponse.js';
import type { NodeStatus as _cairn_v1_NodeStatus, NodeStatus__Output as _cairn_v1_NodeStatus__Output } from './cairn/v1/NodeStatus.js';
import type { OffsetCommit as _cairn_v1_OffsetCommit, OffsetCommit__Output as _cairn_v1_OffsetCommit__Output } from './cairn/v1/OffsetCommit.js';
import type { PartitionInfo as _cairn_v1_PartitionInfo, PartitionInfo__Output as _cairn_v1_PartitionInfo__Output } from './cairn/v1/PartitionInfo.js';
import type { PartitionMove as _cairn_v1_PartitionMove, PartitionMove__Output as _cairn_v1_PartitionMove__Output } from './cairn/v1/PartitionMove.js';
import type { ProducePartition as _cairn_v1_ProducePartition, ProducePartition__Output as _cairn_v1_ProducePartition__Output } from './cairn/v1/ProducePartition.js';
import type { ProducePartitionResult as _cairn_v1_ProducePartitionResult, ProducePartitionResult__Output as _cairn_v1_ProducePartitionResult__Output } from './cairn/v1/ProducePartitionResult.js';
import type { ProduceRequest as _cairn_v1_ProduceRequest, ProduceRequest__Output as _cairn_v1_ProduceRequest__Output } from './cairn/v1/ProduceRequest.js';
import type { ProduceResponse as _cairn_v1_ProduceResponse, ProduceResponse__Output as _cairn_v1_ProduceResponse__Output } from './cairn/v1/ProduceResponse.js';
import type { ProduceStreamRequest as _cairn_v1_ProduceStreamRequest, ProduceStreamRequest__Output as _cairn_v1_ProduceStreamRequest__Output } from './cairn/v1/ProduceStreamRequest.js';
import type { ProduceStreamResponse as _cairn_v1_ProduceStreamResponse, ProduceStreamResponse__Output as _cairn_v1_ProduceStreamResponse__Output } from './cairn/v1/ProduceStreamResponse.js';
import type { RecommissionNodeRequest as _cairn_v1_RecommissionNodeRequest, RecommissionNodeRequest__Output as _cairn_v1_RecommissionNodeRequest__Output } from './cairn/v1/RecommissionNodeRequest.js';
import type { RecommissionNodeResponse as _cairn_v1_RecommissionNodeResponse, RecommissionNodeResponse__Output as _cairn_v1_RecommissionNodeResponse__Output } from './cairn/v1/RecommissionNodeResponse.js';
import type { RotateTokenKeyRequest as _cairn_v1_RotateTokenKeyRequest, RotateTokenKeyRequest__Output as _cairn_v1_RotateTokenKeyRequest__Output } from './cairn/v1/RotateTokenKeyRequest.js';
import type { RotateTokenKeyResponse as _cairn_v1_RotateTokenKeyResponse, RotateTokenKeyResponse__Output as _cairn_v1_RotateTokenKeyResponse__Output } from './cairn/v1/RotateTokenKeyResponse.js';
import type { SecurityClient as _cairn_v1_SecurityClient, SecurityDefinition as _cairn_v1_SecurityDefinition } from './cairn/v1/Security.js';
import type { SubscribeRequest as _cairn_v1_SubscribeRequest, SubscribeRequest__Output as _cairn_v1_SubscribeRequest__Output } from './cairn/v1/SubscribeRequest.js';
import type { SubscribeResponse as _cairn_v1_SubscribeResponse, SubscribeResponse__Output as _cairn_v1_SubscribeResponse__Output } from './cairn/v1/SubscribeResponse.js';
import type { SubscribeStart as _cairn_v1_SubscribeStart, SubscribeStart__Output as _cairn_v1_SubscribeStart__Output } from './cairn/v1/SubscribeStart.js';
import type { TopicConfigEntry as _cairn_v1_TopicConfigEntry, TopicConfigEntry__Output as _cairn_v1_TopicConfigEntry__Output } from './cairn/v1/TopicConfigEntry.js';
import type { TopicInfo as _cairn_v1_TopicInfo, TopicInfo__Output as _cairn_v1_TopicInfo__Output } from './cairn/v1/TopicInfo.js';
import type { TopicPartitions as _cairn_v1_TopicPartitions, TopicPartitions__Output as _cairn_v1_TopicPartitions__Output } from './cairn/v1/TopicPartitions.js';
import type { UserInfo as _cairn_v1_UserInfo, UserInfo__Output as _cairn_v1_UserInfo__Output } from './cairn/v1/UserInfo.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  cairn: {
    v1: {
      AclBinding: MessageTypeDefinition<_cairn_v1_AclBinding, _cairn_v1_AclBinding__Output>
      AlterTopicConfigsRequest: MessageTypeDefinition<_cairn_v1_AlterTopicConfigsRequest, _cairn_v1_AlterTopicConfigsRequest__Output>
      AlterTopicConfigsResponse: MessageTypeDefinition<_cairn_v1_AlterTopicConfigsResponse, _cairn_v1_AlterTopicConfigsResponse__Output>
      AuthenticateRequest: MessageTypeDefinition<_cairn_v1_AuthenticateRequest, _cairn_v1_AuthenticateRequest__Output>
      AuthenticateResponse: MessageTypeDefinition<_cairn_v1_AuthenticateResponse, _cairn_v1_AuthenticateResponse__Output>
      Broker: MessageTypeDefinition<_cairn_v1_Broker, _cairn_v1_Broker__Output>
      Cluster: SubtypeConstructor<typeof grpc.Client, _cairn_v1_ClusterClient> & { service: _cairn_v1_ClusterDefinition }
      CommitOffsetsRequest: MessageTypeDefinition<_cairn_v1_CommitOffsetsRequest, _cairn_v1_CommitOffsetsRequest__Output>
      CommitOffsetsResponse: MessageTypeDefinition<_cairn_v1_CommitOffsetsResponse, _cairn_v1_CommitOffsetsResponse__Output>
      CommittedOffset: MessageTypeDefinition<_cairn_v1_CommittedOffset, _cairn_v1_CommittedOffset__Output>
      CreateAclsRequest: MessageTypeDefinition<_cairn_v1_CreateAclsRequest, _cairn_v1_CreateAclsRequest__Output>
      CreateAclsResponse: MessageTypeDefinition<_cairn_v1_CreateAclsResponse, _cairn_v1_CreateAclsResponse__Output>
      CreatePartitionsRequest: MessageTypeDefinition<_cairn_v1_CreatePartitionsRequest, _cairn_v1_CreatePartitionsRequest__Output>
      CreatePartitionsResponse: MessageTypeDefinition<_cairn_v1_CreatePartitionsResponse, _cairn_v1_CreatePartitionsResponse__Output>
      CreateTopicRequest: MessageTypeDefinition<_cairn_v1_CreateTopicRequest, _cairn_v1_CreateTopicRequest__Output>
      CreateTopicResponse: MessageTypeDefinition<_cairn_v1_CreateTopicResponse, _cairn_v1_CreateTopicResponse__Output>
      CreateUserRequest: MessageTypeDefinition<_cairn_v1_CreateUserRequest, _cairn_v1_CreateUserRequest__Output>
      CreateUserResponse: MessageTypeDefinition<_cairn_v1_CreateUserResponse, _cairn_v1_CreateUserResponse__Output>
      Data: SubtypeConstructor<typeof grpc.Client, _cairn_v1_DataClient> & { service: _cairn_v1_DataDefinition }
      DecommissionNodeRequest: MessageTypeDefinition<_cairn_v1_DecommissionNodeRequest, _cairn_v1_DecommissionNodeRequest__Output>
      DecommissionNodeResponse: MessageTypeDefinition<_cairn_v1_DecommissionNodeResponse, _cairn_v1_DecommissionNodeResponse__Output>
      DeleteAclsRequest: MessageTypeDefinition<_cairn_v1_DeleteAclsRequest, _cairn_v1_DeleteAclsRequest__Output>
      DeleteAclsResponse: MessageTypeDefinition<_cairn_v1_DeleteAclsResponse, _cairn_v1_DeleteAclsResponse__Output>
      DeleteGroupRequest: MessageTypeDefinition<_cairn_v1_DeleteGroupRequest, _cairn_v1_DeleteGroupRequest__Output>
      DeleteGroupResponse: MessageTypeDefinition<_cairn_v1_DeleteGroupResponse, _cairn_v1_DeleteGroupResponse__Output>
      DeleteRecordsPartition: MessageTypeDefinition<_cairn_v1_DeleteRecordsPartition, _cairn_v1_DeleteRecordsPartition__Output>
      DeleteRecordsPartitionResult: MessageTypeDefinition<_cairn_v1_DeleteRecordsPartitionResult, _cairn_v1_DeleteRecordsPartitionResult__Output>
      DeleteRecordsRequest: MessageTypeDefinition<_cairn_v1_DeleteRecordsRequest, _cairn_v1_DeleteRecordsRequest__Output>
      DeleteRecordsResponse: MessageTypeDefinition<_cairn_v1_DeleteRecordsResponse, _cairn_v1_DeleteRecordsResponse__Output>
      DeleteTopicRequest: MessageTypeDefinition<_cairn_v1_DeleteTopicRequest, _cairn_v1_DeleteTopicRequest__Output>
      DeleteTopicResponse: MessageTypeDefinition<_cairn_v1_DeleteTopicResponse, _cairn_v1_DeleteTopicResponse__Output>
      DeleteUserRequest: MessageTypeDefinition<_cairn_v1_DeleteUserRequest, _cairn_v1_DeleteUserRequest__Output>
      DeleteUserResponse: MessageTypeDefinition<_cairn_v1_DeleteUserResponse, _cairn_v1_DeleteUserResponse__Output>
      DescribeClusterRequest: MessageTypeDefinition<_cairn_v1_DescribeClusterRequest, _cairn_v1_DescribeClusterRequest__Output>
      DescribeClusterResponse: MessageTypeDefinition<_cairn_v1_DescribeClusterResponse, _cairn_v1_DescribeClusterResponse__Output>
      DescribeGroupRequest: MessageTypeDefinition<_cairn_v1_DescribeGroupRequest, _cairn_v1_DescribeGroupRequest__Output>
      DescribeGroupResponse: MessageTypeDefinition<_cairn_v1_DescribeGroupResponse, _cairn_v1_DescribeGroupResponse__Output>
      DescribeTopicConfigsRequest: MessageTypeDefinition<_cairn_v1_DescribeTopicConfigsRequest, _cairn_v1_DescribeTopicConfigsRequest__Output>
      DescribeTopicConfigsResponse: MessageTypeDefinition<_cairn_v1_DescribeTopicConfigsResponse, _cairn_v1_DescribeTopicConfigsResponse__Output>
      DescribeTopicRequest: MessageTypeDefinition<_cairn_v1_DescribeTopicRequest, _cairn_v1_DescribeTopicRequest__Output>
      DescribeTopicResponse: MessageTypeDefinition<_cairn_v1_DescribeTopicResponse, _cairn_v1_DescribeTopicResponse__Output>
      FetchOffsetsRequest: MessageTypeDefinition<_cairn_v1_FetchOffsetsRequest, _cairn_v1_FetchOffsetsRequest__Output>
      FetchOffsetsResponse: MessageTypeDefinition<_cairn_v1_FetchOffsetsResponse, _cairn_v1_FetchOffsetsResponse__Output>
      FetchPartition: MessageTypeDefinition<_cairn_v1_FetchPartition, _cairn_v1_FetchPartition__Output>
      FetchPartitionResult: MessageTypeDefinition<_cairn_v1_FetchPartitionResult, _cairn_v1_FetchPartitionResult__Output>
      FetchRequest: MessageTypeDefinition<_cairn_v1_FetchRequest, _cairn_v1_FetchRequest__Output>
      FetchResponse: MessageTypeDefinition<_cairn_v1_FetchResponse, _cairn_v1_FetchResponse__Output>
      FindCoordinatorRequest: MessageTypeDefinition<_cairn_v1_FindCoordinatorRequest, _cairn_v1_FindCoordinatorRequest__Output>
      FindCoordinatorResponse: MessageTypeDefinition<_cairn_v1_FindCoordinatorResponse, _cairn_v1_FindCoordinatorResponse__Output>
      GroupHeartbeatRequest: MessageTypeDefinition<_cairn_v1_GroupHeartbeatRequest, _cairn_v1_GroupHeartbeatRequest__Output>
      GroupHeartbeatResponse: MessageTypeDefinition<_cairn_v1_GroupHeartbeatResponse, _cairn_v1_GroupHeartbeatResponse__Output>
      GroupListing: MessageTypeDefinition<_cairn_v1_GroupListing, _cairn_v1_GroupListing__Output>
      GroupMember: MessageTypeDefinition<_cairn_v1_GroupMember, _cairn_v1_GroupMember__Output>
      Groups: SubtypeConstructor<typeof grpc.Client, _cairn_v1_GroupsClient> & { service: _cairn_v1_GroupsDefinition }
      InitProducerRequest: MessageTypeDefinition<_cairn_v1_InitProducerRequest, _cairn_v1_InitProducerRequest__Output>
      InitProducerResponse: MessageTypeDefinition<_cairn_v1_InitProducerResponse, _cairn_v1_InitProducerResponse__Output>
      ListAclsRequest: MessageTypeDefinition<_cairn_v1_ListAclsRequest, _cairn_v1_ListAclsRequest__Output>
      ListAclsResponse: MessageTypeDefinition<_cairn_v1_ListAclsResponse, _cairn_v1_ListAclsResponse__Output>
      ListGroupsRequest: MessageTypeDefinition<_cairn_v1_ListGroupsRequest, _cairn_v1_ListGroupsRequest__Output>
      ListGroupsResponse: MessageTypeDefinition<_cairn_v1_ListGroupsResponse, _cairn_v1_ListGroupsResponse__Output>
      ListOffsetsPartition: MessageTypeDefinition<_cairn_v1_ListOffsetsPartition, _cairn_v1_ListOffsetsPartition__Output>
      ListOffsetsPartitionResult: MessageTypeDefinition<_cairn_v1_ListOffsetsPartitionResult, _cairn_v1_ListOffsetsPartitionResult__Output>
      ListOffsetsRequest: MessageTypeDefinition<_cairn_v1_ListOffsetsRequest, _cairn_v1_ListOffsetsRequest__Output>
      ListOffsetsResponse: MessageTypeDefinition<_cairn_v1_ListOffsetsResponse, _cairn_v1_ListOffsetsResponse__Output>
      ListPartitionMovesRequest: MessageTypeDefinition<_cairn_v1_ListPartitionMovesRequest, _cairn_v1_ListPartitionMovesRequest__Output>
      ListPartitionMovesResponse: MessageTypeDefinition<_cairn_v1_ListPartitionMovesResponse, _cairn_v1_ListPartitionMovesResponse__Output>
      ListTopicsRequest: MessageTypeDefinition<_cairn_v1_ListTopicsRequest, _cairn_v1_ListTopicsRequest__Output>
      ListTopicsResponse: MessageTypeDefinition<_cairn_v1_ListTopicsResponse, _cairn_v1_ListTopicsResponse__Output>
      ListUsersRequest: MessageTypeDefinition<_cairn_v1_ListUsersRequest, _cairn_v1_ListUsersRequest__Output>
      ListUsersResponse: MessageTypeDefinition<_cairn_v1_ListUsersResponse, _cairn_v1_ListUsersResponse__Output>
      MetadataRequest: MessageTypeDefinition<_cairn_v1_MetadataRequest, _cairn_v1_MetadataRequest__Output>
      MetadataResponse: MessageTypeDefinition<_cairn_v1_MetadataResponse, _cairn_v1_MetadataResponse__Output>
      MovePartitionRequest: MessageTypeDefinition<_cairn_v1_MovePartitionRequest, _cairn_v1_MovePartitionRequest__Output>
      MovePartitionResponse: MessageTypeDefinition<_cairn_v1_MovePartitionResponse, _cairn_v1_MovePartitionResponse__Output>
      NodeStatus: MessageTypeDefinition<_cairn_v1_NodeStatus, _cairn_v1_NodeStatus__Output>
      OffsetCommit: MessageTypeDefinition<_cairn_v1_OffsetCommit, _cairn_v1_OffsetCommit__Output>
      PartitionInfo: MessageTypeDefinition<_cairn_v1_PartitionInfo, _cairn_v1_PartitionInfo__Output>
      PartitionMove: MessageTypeDefinition<_cairn_v1_PartitionMove, _cairn_v1_PartitionMove__Output>
      ProducePartition: MessageTypeDefinition<_cairn_v1_ProducePartition, _cairn_v1_ProducePartition__Output>
      ProducePartitionResult: MessageTypeDefinition<_cairn_v1_ProducePartitionResult, _cairn_v1_ProducePartitionResult__Output>
      ProduceRequest: MessageTypeDefinition<_cairn_v1_ProduceRequest, _cairn_v1_ProduceRequest__Output>
      ProduceResponse: MessageTypeDefinition<_cairn_v1_ProduceResponse, _cairn_v1_ProduceResponse__Output>
      ProduceStreamRequest: MessageTypeDefinition<_cairn_v1_ProduceStreamRequest, _cairn_v1_ProduceStreamRequest__Output>
      ProduceStreamResponse: MessageTypeDefinition<_cairn_v1_ProduceStreamResponse, _cairn_v1_ProduceStreamResponse__Output>
      RecommissionNodeRequest: MessageTypeDefinition<_cairn_v1_RecommissionNodeRequest, _cairn_v1_RecommissionNodeRequest__Output>
      RecommissionNodeResponse: MessageTypeDefinition<_cairn_v1_RecommissionNodeResponse, _cairn_v1_RecommissionNodeResponse__Output>
      RotateTokenKeyRequest: MessageTypeDefinition<_cairn_v1_RotateTokenKeyRequest, _cairn_v1_RotateTokenKeyRequest__Output>
      RotateTokenKeyResponse: MessageTypeDefinition<_cairn_v1_RotateTokenKeyResponse, _cairn_v1_RotateTokenKeyResponse__Output>
      Security: SubtypeConstructor<typeof grpc.Client, _cairn_v1_SecurityClient> & { service: _cairn_v1_SecurityDefinition }
      SubscribeRequest: MessageTypeDefinition<_cairn_v1_SubscribeRequest, _cairn_v1_SubscribeRequest__Output>
      SubscribeResponse: MessageTypeDefinition<_cairn_v1_SubscribeResponse, _cairn_v1_SubscribeResponse__Output>
      SubscribeStart: MessageTypeDefinition<_cairn_v1_SubscribeStart, _cairn_v1_SubscribeStart__Output>
      TopicConfigEntry: MessageTypeDefinition<_cairn_v1_TopicConfigEntry, _cairn_v1_TopicConfigEntry__Output>
      TopicInfo: MessageTypeDefinition<_cairn_v1_TopicInfo, _cairn_v1_TopicInfo__Output>
      TopicPartitions: MessageTypeDefinition<_cairn_v1_TopicPartitions, _cairn_v1_TopicPartitions__Output>
      UserInfo: MessageTypeDefinition<_cairn_v1_UserInfo, _cairn_v1_UserInfo__Output>
    }
  }
}

