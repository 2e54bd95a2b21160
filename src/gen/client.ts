import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { Broker as _cairn_v1_Broker, Broker__Output as _cairn_v1_Broker__Output } from './cairn/v1/Broker.js';
import type { ClusterClient as _cairn_v1_ClusterClient, ClusterDefinition as _cairn_v1_ClusterDefinition } from './cairn/v1/Cluster.js';
import type { CommitOffsetsRequest as _cairn_v1_CommitOffsetsRequest, CommitOffsetsRequest__Output as _cairn_v1_CommitOffsetsRequest__Output } from './cairn/v1/CommitOffsetsRequest.js';
import type { CommitOffsetsResponse as _cairn_v1_CommitOffsetsResponse, CommitOffsetsResponse__Output as _cairn_v1_CommitOffsetsResponse__Output } from './cairn/v1/CommitOffsetsResponse.js';
import type { CommittedOffset as _cairn_v1_CommittedOffset, CommittedOffset__Output as _cairn_v1_CommittedOffset__Output } from './cairn/v1/CommittedOffset.js';
import type { CreatePartitionsRequest as _cairn_v1_CreatePartitionsRequest, CreatePartitionsRequest__Output as _cairn_v1_CreatePartitionsRequest__Output } from './cairn/v1/CreatePartitionsRequest.js';
import type { CreatePartitionsResponse as _cairn_v1_CreatePartitionsResponse, CreatePartitionsResponse__Output as _cairn_v1_CreatePartitionsResponse__Output } from './cairn/v1/CreatePartitionsResponse.js';
import type { CreateTopicRequest as _cairn_v1_CreateTopicRequest, CreateTopicRequest__Output as _cairn_v1_CreateTopicRequest__Output } from './cairn/v1/CreateTopicRequest.js';
import type { CreateTopicResponse as _cairn_v1_CreateTopicResponse, CreateTopicResponse__Output as _cairn_v1_CreateTopicResponse__Output } from './cairn/v1/CreateTopicResponse.js';
import type { DataClient as _cairn_v1_DataClient, DataDefinition as _cairn_v1_DataDefinition } from './cairn/v1/Data.js';
import type { DeleteGroupRequest as _cairn_v1_DeleteGroupRequest, DeleteGroupRequest__Output as _cairn_v1_DeleteGroupRequest__Output } from './cairn/v1/DeleteGroupRequest.js';
import type { DeleteGroupResponse as _cairn_v1_DeleteGroupResponse, DeleteGroupResponse__Output as _cairn_v1_DeleteGroupResponse__Output } from './cairn/v1/DeleteGroupResponse.js';
import type { DeleteTopicRequest as _cairn_v1_DeleteTopicRequest, DeleteTopicRequest__Output as _cairn_v1_DeleteTopicRequest__Output } from './cairn/v1/DeleteTopicRequest.js';
import type { DeleteTopicResponse as _cairn_v1_DeleteTopicResponse, DeleteTopicResponse__Output as _cairn_v1_DeleteTopicResponse__Output } from './cairn/v1/DeleteTopicResponse.js';
import type { DescribeClusterRequest as _cairn_v1_DescribeClusterRequest, DescribeClusterRequest__Output as _cairn_v1_DescribeClusterRequest__Output } from './cairn/v1/DescribeClusterRequest.js';
import type { DescribeClusterResponse as _cairn_v1_DescribeClusterResponse, DescribeClusterResponse__Output as _cairn_v1_DescribeClusterResponse__Output } from './cairn/v1/DescribeClusterResponse.js';
import type { DescribeGroupRequest as _cairn_v1_DescribeGroupRequest, DescribeGroupRequest__Output as _cairn_v1_DescribeGroupRequest__Output } from './cairn/v1/DescribeGroupRequest.js';
import type { DescribeGroupResponse as _cairn_v1_DescribeGroupResponse, DescribeGroupResponse__Output as _cairn_v1_DescribeGroupResponse__Output } from './cairn/v1/DescribeGroupResponse.js';
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
import type { ListGroupsRequest as _cairn_v1_ListGroupsRequest, ListGroupsRequest__Output as _cairn_v1_ListGroupsRequest__Output } from './cairn/v1/ListGroupsRequest.js';
import type { ListGroupsResponse as _cairn_v1_ListGroupsResponse, ListGroupsResponse__Output as _cairn_v1_ListGroupsResponse__Output } from './cairn/v1/ListGroupsResponse.js';
import type { ListOffsetsPartition as _cairn_v1_ListOffsetsPartition, ListOffsetsPartition__Output as _cairn_v1_ListOffsetsPartition__Output } from './cairn/v1/ListOffsetsPartition.js';
import type { ListOffsetsPartitionResult as _cairn_v1_ListOffsetsPartitionResult, ListOffsetsPartitionResult__Output as _cairn_v1_ListOffsetsPartitionResult__Output } from './cairn/v1/ListOffsetsPartitionResult.js';
import type { ListOffsetsRequest as _cairn_v1_ListOffsetsRequest, ListOffsetsRequest__Output as _cairn_v1_ListOffsetsRequest__Output } from './cairn/v1/ListOffsetsRequest.js';
import type { ListOffsetsResponse as _cairn_v1_ListOffsetsResponse, ListOffsetsResponse__Output as _cairn_v1_ListOffsetsResponse__Output } from './cairn/v1/ListOffsetsResponse.js';
import type { ListTopicsRequest as _cairn_v1_ListTopicsRequest, ListTopicsRequest__Output as _cairn_v1_ListTopicsRequest__Output } from './cairn/v1/ListTopicsRequest.js';
import type { ListTopicsResponse as _cairn_v1_ListTopicsResponse, ListTopicsResponse__Output as _cairn_v1_ListTopicsResponse__Output } from './cairn/v1/ListTopicsResponse.js';
import type { MetadataRequest as _cairn_v1_MetadataRequest, MetadataRequest__Output as _cairn_v1_MetadataRequest__Output } from './cairn/v1/MetadataRequest.js';
import type { MetadataResponse as _cairn_v1_MetadataResponse, MetadataResponse__Output as _cairn_v1_MetadataResponse__Output } from './cairn/v1/MetadataResponse.js';
import type { NodeStatus as _cairn_v1_NodeStatus, NodeStatus__Output as _cairn_v1_NodeStatus__Output } from './cairn/v1/NodeStatus.js';
import type { OffsetCommit as _cairn_v1_OffsetCommit, OffsetCommit__Output as _cairn_v1_OffsetCommit__Output } from './cairn/v1/OffsetCommit.js';
import type { PartitionInfo as _cairn_v1_PartitionInfo, PartitionInfo__Output as _cairn_v1_PartitionInfo__Output } from './cairn/v1/PartitionInfo.js';
import type { ProducePartition as _cairn_v1_ProducePartition, ProducePartition__Output as _cairn_v1_ProducePartition__Output } from './cairn/v1/ProducePartition.js';
import type { ProducePartitionResult as _cairn_v1_ProducePartitionResult, ProducePartitionResult__Output as _cairn_v1_ProducePartitionResult__Output } from './cairn/v1/ProducePartitionResult.js';
import type { ProduceRequest as _cairn_v1_ProduceRequest, ProduceRequest__Output as _cairn_v1_ProduceRequest__Output } from './cairn/v1/ProduceRequest.js';
import type { ProduceResponse as _cairn_v1_ProduceResponse, ProduceResponse__Output as _cairn_v1_ProduceResponse__Output } from './cairn/v1/ProduceResponse.js';
import type { ProduceStreamRequest as _cairn_v1_ProduceStreamRequest, ProduceStreamRequest__Output as _cairn_v1_ProduceStreamRequest__Output } from './cairn/v1/ProduceStreamRequest.js';
import type { ProduceStreamResponse as _cairn_v1_ProduceStreamResponse, ProduceStreamResponse__Output as _cairn_v1_ProduceStreamResponse__Output } from './cairn/v1/ProduceStreamResponse.js';
import type { SubscribeRequest as _cairn_v1_SubscribeRequest, SubscribeRequest__Output as _cairn_v1_SubscribeRequest__Output } from './cairn/v1/SubscribeRequest.js';
import type { SubscribeResponse as _cairn_v1_SubscribeResponse, SubscribeResponse__Output as _cairn_v1_SubscribeResponse__Output } from './cairn/v1/SubscribeResponse.js';
import type { SubscribeStart as _cairn_v1_SubscribeStart, SubscribeStart__Output as _cairn_v1_SubscribeStart__Output } from './cairn/v1/SubscribeStart.js';
import type { TopicInfo as _cairn_v1_TopicInfo, TopicInfo__Output as _cairn_v1_TopicInfo__Output } from './cairn/v1/TopicInfo.js';
import type { TopicPartitions as _cairn_v1_TopicPartitions, TopicPartitions__Output as _cairn_v1_TopicPartitions__Output } from './cairn/v1/TopicPartitions.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  cairn: {
    v1: {
      Broker: MessageTypeDefinition<_cairn_v1_Broker, _cairn_v1_Broker__Output>
      Cluster: SubtypeConstructor<typeof grpc.Client, _cairn_v1_ClusterClient> & { service: _cairn_v1_ClusterDefinition }
      CommitOffsetsRequest: MessageTypeDefinition<_cairn_v1_CommitOffsetsRequest, _cairn_v1_CommitOffsetsRequest__Output>
      CommitOffsetsResponse: MessageTypeDefinition<_cairn_v1_CommitOffsetsResponse, _cairn_v1_CommitOffsetsResponse__Output>
      CommittedOffset: MessageTypeDefinition<_cairn_v1_CommittedOffset, _cairn_v1_CommittedOffset__Output>
      CreatePartitionsRequest: MessageTypeDefinition<_cairn_v1_CreatePartitionsRequest, _cairn_v1_CreatePartitionsRequest__Output>
      CreatePartitionsResponse: MessageTypeDefinition<_cairn_v1_CreatePartitionsResponse, _cairn_v1_CreatePartitionsResponse__Output>
      CreateTopicRequest: MessageTypeDefinition<_cairn_v1_CreateTopicRequest, _cairn_v1_CreateTopicRequest__Output>
      CreateTopicResponse: MessageTypeDefinition<_cairn_v1_CreateTopicResponse, _cairn_v1_CreateTopicResponse__Output>
      Data: SubtypeConstructor<typeof grpc.Client, _cairn_v1_DataClient> & { service: _cairn_v1_DataDefinition }
      DeleteGroupRequest: MessageTypeDefinition<_cairn_v1_DeleteGroupRequest, _cairn_v1_DeleteGroupRequest__Output>
      DeleteGroupResponse: MessageTypeDefinition<_cairn_v1_DeleteGroupResponse, _cairn_v1_DeleteGroupResponse__Output>
      DeleteTopicRequest: MessageTypeDefinition<_cairn_v1_DeleteTopicRequest, _cairn_v1_DeleteTopicRequest__Output>
      DeleteTopicResponse: MessageTypeDefinition<_cairn_v1_DeleteTopicResponse, _cairn_v1_DeleteTopicResponse__Output>
      DescribeClusterRequest: MessageTypeDefinition<_cairn_v1_DescribeClusterRequest, _cairn_v1_DescribeClusterRequest__Output>
      DescribeClusterResponse: MessageTypeDefinition<_cairn_v1_DescribeClusterResponse, _cairn_v1_DescribeClusterResponse__Output>
      DescribeGroupRequest: MessageTypeDefinition<_cairn_v1_DescribeGroupRequest, _cairn_v1_DescribeGroupRequest__Output>
      DescribeGroupResponse: MessageTypeDefinition<_cairn_v1_DescribeGroupResponse, _cairn_v1_DescribeGroupResponse__Output>
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
      ListGroupsRequest: MessageTypeDefinition<_cairn_v1_ListGroupsRequest, _cairn_v1_ListGroupsRequest__Output>
      ListGroupsResponse: MessageTypeDefinition<_cairn_v1_ListGroupsResponse, _cairn_v1_ListGroupsResponse__Output>
      ListOffsetsPartition: MessageTypeDefinition<_cairn_v1_ListOffsetsPartition, _cairn_v1_ListOffsetsPartition__Output>
      ListOffsetsPartitionResult: MessageTypeDefinition<_cairn_v1_ListOffsetsPartitionResult, _cairn_v1_ListOffsetsPartitionResult__Output>
      ListOffsetsRequest: MessageTypeDefinition<_cairn_v1_ListOffsetsRequest, _cairn_v1_ListOffsetsRequest__Output>
      ListOffsetsResponse: MessageTypeDefinition<_cairn_v1_ListOffsetsResponse, _cairn_v1_ListOffsetsResponse__Output>
      ListTopicsRequest: MessageTypeDefinition<_cairn_v1_ListTopicsRequest, _cairn_v1_ListTopicsRequest__Output>
      ListTopicsResponse: MessageTypeDefinition<_cairn_v1_ListTopicsResponse, _cairn_v1_ListTopicsResponse__Output>
      MetadataRequest: MessageTypeDefinition<_cairn_v1_MetadataRequest, _cairn_v1_MetadataRequest__Output>
      MetadataResponse: MessageTypeDefinition<_cairn_v1_MetadataResponse, _cairn_v1_MetadataResponse__Output>
      NodeStatus: MessageTypeDefinition<_cairn_v1_NodeStatus, _cairn_v1_NodeStatus__Output>
      OffsetCommit: MessageTypeDefinition<_cairn_v1_OffsetCommit, _cairn_v1_OffsetCommit__Output>
      PartitionInfo: MessageTypeDefinition<_cairn_v1_PartitionInfo, _cairn_v1_PartitionInfo__Output>
      ProducePartition: MessageTypeDefinition<_cairn_v1_ProducePartition, _cairn_v1_ProducePartition__Output>
      ProducePartitionResult: MessageTypeDefinition<_cairn_v1_ProducePartitionResult, _cairn_v1_ProducePartitionResult__Output>
      ProduceRequest: MessageTypeDefinition<_cairn_v1_ProduceRequest, _cairn_v1_ProduceRequest__Output>
      ProduceResponse: MessageTypeDefinition<_cairn_v1_ProduceResponse, _cairn_v1_ProduceResponse__Output>
      ProduceStreamRequest: MessageTypeDefinition<_cairn_v1_ProduceStreamRequest, _cairn_v1_ProduceStreamRequest__Output>
      ProduceStreamResponse: MessageTypeDefinition<_cairn_v1_ProduceStreamResponse, _cairn_v1_ProduceStreamResponse__Output>
      SubscribeRequest: MessageTypeDefinition<_cairn_v1_SubscribeRequest, _cairn_v1_SubscribeRequest__Output>
      SubscribeResponse: MessageTypeDefinition<_cairn_v1_SubscribeResponse, _cairn_v1_SubscribeResponse__Output>
      SubscribeStart: MessageTypeDefinition<_cairn_v1_SubscribeStart, _cairn_v1_SubscribeStart__Output>
      TopicInfo: MessageTypeDefinition<_cairn_v1_TopicInfo, _cairn_v1_TopicInfo__Output>
      TopicPartitions: MessageTypeDefinition<_cairn_v1_TopicPartitions, _cairn_v1_TopicPartitions__Output>
    }
  }
}

