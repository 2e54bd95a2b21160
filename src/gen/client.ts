import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { Broker as _cairn_v1_Broker, Broker__Output as _cairn_v1_Broker__Output } from './cairn/v1/Broker.js';
import type { ClusterClient as _cairn_v1_ClusterClient, ClusterDefinition as _cairn_v1_ClusterDefinition } from './cairn/v1/Cluster.js';
import type { CreatePartitionsRequest as _cairn_v1_CreatePartitionsRequest, CreatePartitionsRequest__Output as _cairn_v1_CreatePartitionsRequest__Output } from './cairn/v1/CreatePartitionsRequest.js';
import type { CreatePartitionsResponse as _cairn_v1_CreatePartitionsResponse, CreatePartitionsResponse__Output as _cairn_v1_CreatePartitionsResponse__Output } from './cairn/v1/CreatePartitionsResponse.js';
import type { CreateTopicRequest as _cairn_v1_CreateTopicRequest, CreateTopicRequest__Output as _cairn_v1_CreateTopicRequest__Output } from './cairn/v1/CreateTopicRequest.js';
import type { CreateTopicResponse as _cairn_v1_CreateTopicResponse, CreateTopicResponse__Output as _cairn_v1_CreateTopicResponse__Output } from './cairn/v1/CreateTopicResponse.js';
import type { DeleteTopicRequest as _cairn_v1_DeleteTopicRequest, DeleteTopicRequest__Output as _cairn_v1_DeleteTopicRequest__Output } from './cairn/v1/DeleteTopicRequest.js';
import type { DeleteTopicResponse as _cairn_v1_DeleteTopicResponse, DeleteTopicResponse__Output as _cairn_v1_DeleteTopicResponse__Output } from './cairn/v1/DeleteTopicResponse.js';
import type { DescribeClusterRequest as _cairn_v1_DescribeClusterRequest, DescribeClusterRequest__Output as _cairn_v1_DescribeClusterRequest__Output } from './cairn/v1/DescribeClusterRequest.js';
import type { DescribeClusterResponse as _cairn_v1_DescribeClusterResponse, DescribeClusterResponse__Output as _cairn_v1_DescribeClusterResponse__Output } from './cairn/v1/DescribeClusterResponse.js';
import type { DescribeTopicRequest as _cairn_v1_DescribeTopicRequest, DescribeTopicRequest__Output as _cairn_v1_DescribeTopicRequest__Output } from './cairn/v1/DescribeTopicRequest.js';
import type { DescribeTopicResponse as _cairn_v1_DescribeTopicResponse, DescribeTopicResponse__Output as _cairn_v1_DescribeTopicResponse__Output } from './cairn/v1/DescribeTopicResponse.js';
import type { ListTopicsRequest as _cairn_v1_ListTopicsRequest, ListTopicsRequest__Output as _cairn_v1_ListTopicsRequest__Output } from './cairn/v1/ListTopicsRequest.js';
import type { ListTopicsResponse as _cairn_v1_ListTopicsResponse, ListTopicsResponse__Output as _cairn_v1_ListTopicsResponse__Output } from './cairn/v1/ListTopicsResponse.js';
import type { MetadataRequest as _cairn_v1_MetadataRequest, MetadataRequest__Output as _cairn_v1_MetadataRequest__Output } from './cairn/v1/MetadataRequest.js';
import type { MetadataResponse as _cairn_v1_MetadataResponse, MetadataResponse__Output as _cairn_v1_MetadataResponse__Output } from './cairn/v1/MetadataResponse.js';
import type { NodeStatus as _cairn_v1_NodeStatus, NodeStatus__Output as _cairn_v1_NodeStatus__Output } from './cairn/v1/NodeStatus.js';
import type { PartitionInfo as _cairn_v1_PartitionInfo, PartitionInfo__Output as _cairn_v1_PartitionInfo__Output } from './cairn/v1/PartitionInfo.js';
import type { TopicInfo as _cairn_v1_TopicInfo, TopicInfo__Output as _cairn_v1_TopicInfo__Output } from './cairn/v1/TopicInfo.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  cairn: {
    v1: {
      Broker: MessageTypeDefinition<_cairn_v1_Broker, _cairn_v1_Broker__Output>
      Cluster: SubtypeConstructor<typeof grpc.Client, _cairn_v1_ClusterClient> & { service: _cairn_v1_ClusterDefinition }
      CreatePartitionsRequest: MessageTypeDefinition<_cairn_v1_CreatePartitionsRequest, _cairn_v1_CreatePartitionsRequest__Output>
      CreatePartitionsResponse: MessageTypeDefinition<_cairn_v1_CreatePartitionsResponse, _cairn_v1_CreatePartitionsResponse__Output>
      CreateTopicRequest: MessageTypeDefinition<_cairn_v1_CreateTopicRequest, _cairn_v1_CreateTopicRequest__Output>
      CreateTopicResponse: MessageTypeDefinition<_cairn_v1_CreateTopicResponse, _cairn_v1_CreateTopicResponse__Output>
      DeleteTopicRequest: MessageTypeDefinition<_cairn_v1_DeleteTopicRequest, _cairn_v1_DeleteTopicRequest__Output>
      DeleteTopicResponse: MessageTypeDefinition<_cairn_v1_DeleteTopicResponse, _cairn_v1_DeleteTopicResponse__Output>
      DescribeClusterRequest: MessageTypeDefinition<_cairn_v1_DescribeClusterRequest, _cairn_v1_DescribeClusterRequest__Output>
      DescribeClusterResponse: MessageTypeDefinition<_cairn_v1_DescribeClusterResponse, _cairn_v1_DescribeClusterResponse__Output>
      DescribeTopicRequest: MessageTypeDefinition<_cairn_v1_DescribeTopicRequest, _cairn_v1_DescribeTopicRequest__Output>
      DescribeTopicResponse: MessageTypeDefinition<_cairn_v1_DescribeTopicResponse, _cairn_v1_DescribeTopicResponse__Output>
      ListTopicsRequest: MessageTypeDefinition<_cairn_v1_ListTopicsRequest, _cairn_v1_ListTopicsRequest__Output>
      ListTopicsResponse: MessageTypeDefinition<_cairn_v1_ListTopicsResponse, _cairn_v1_ListTopicsResponse__Output>
      MetadataRequest: MessageTypeDefinition<_cairn_v1_MetadataRequest, _cairn_v1_MetadataRequest__Output>
      MetadataResponse: MessageTypeDefinition<_cairn_v1_MetadataResponse, _cairn_v1_MetadataResponse__Output>
      NodeStatus: MessageTypeDefinition<_cairn_v1_NodeStatus, _cairn_v1_NodeStatus__Output>
      PartitionInfo: MessageTypeDefinition<_cairn_v1_PartitionInfo, _cairn_v1_PartitionInfo__Output>
      TopicInfo: MessageTypeDefinition<_cairn_v1_TopicInfo, _cairn_v1_TopicInfo__Output>
    }
  }
}

