// Original file: proto/cairn/v1/client.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AlterTopicConfigsRequest as _cairn_v1_AlterTopicConfigsRequest, AlterTopicConfigsRequest__Output as _cairn_v1_AlterTopicConfigsRequest__Output } from '../../cairn/v1/AlterTopicConfigsRequest.js';
import type { AlterTopicConfigsResponse as _cairn_v1_AlterTopicConfigsResponse, AlterTopicConfigsResponse__Output as _cairn_v1_AlterTopicConfigsResponse__Output } from '../../cairn/v1/AlterTopicConfigsResponse.js';
import type { CreatePartitionsRequest as _cairn_v1_CreatePartitionsRequest, CreatePartitionsRequest__Output as _cairn_v1_CreatePartitionsRequest__Output } from '../../cairn/v1/CreatePartitionsRequest.js';
import type { CreatePartitionsResponse as _cairn_v1_CreatePartitionsResponse, CreatePartitionsResponse__Output as _cairn_v1_CreatePartitionsResponse__Output } from '../../cairn/v1/CreatePartitionsResponse.js';
import type { CreateTopicRequest as _cairn_v1_CreateTopicRequest, CreateTopicRequest__Output as _cairn_v1_CreateTopicRequest__Output } from '../../cairn/v1/CreateTopicRequest.js';
import type { CreateTopicResponse as _cairn_v1_CreateTopicResponse, CreateTopicResponse__Output as _cairn_v1_CreateTopicResponse__Output } from '../../cairn/v1/CreateTopicResponse.js';
import type { DecommissionNodeRequest as _cairn_v1_DecommissionNodeRequest, DecommissionNodeRequest__Output as _cairn_v1_DecommissionNodeRequest__Output } from '../../cairn/v1/DecommissionNodeRequest.js';
import type { DecommissionNodeResponse as _cairn_v1_DecommissionNodeResponse, DecommissionNodeResponse__Output as _cairn_v1_DecommissionNodeResponse__Output } from '../../cairn/v1/DecommissionNodeResponse.js';
import type { DeleteTopicRequest as _cairn_v1_DeleteTopicRequest, DeleteTopicRequest__Output as _cairn_v1_DeleteTopicRequest__Output } from '../../cairn/v1/DeleteTopicRequest.js';
import type { DeleteTopicResponse as _cairn_v1_DeleteTopicResponse, DeleteTopicResponse__Output as _cairn_v1_DeleteTopicResponse__Output } from '../../cairn/v1/DeleteTopicResponse.js';
import type { DescribeClusterRequest as _cairn_v1_DescribeClusterRequest, DescribeClusterRequest__Output as _cairn_v1_DescribeClusterRequest__Output } from '../../cairn/v1/DescribeClusterRequest.js';
import type { DescribeClusterResponse as _cairn_v1_DescribeClusterResponse, DescribeClusterResponse__Output as _cairn_v1_DescribeClusterResponse__Output } from '../../cairn/v1/DescribeClusterResponse.js';
import type { DescribeTopicConfigsRequest as _cairn_v1_DescribeTopicConfigsRequest, DescribeTopicConfigsRequest__Output as _cairn_v1_DescribeTopicConfigsRequest__Output } from '../../cairn/v1/DescribeTopicConfigsRequest.js';
import type { DescribeTopicConfigsResponse as _cairn_v1_DescribeTopicConfigsResponse, DescribeTopicConfigsResponse__Output as _cairn_v1_DescribeTopicConfigsResponse__Output } from '../../cairn/v1/DescribeTopicConfigsResponse.js';
import type { DescribeTopicRequest as _cairn_v1_DescribeTopicRequest, DescribeTopicRequest__Output as _cairn_v1_DescribeTopicRequest__Output } from '../../cairn/v1/DescribeTopicRequest.js';
import type { DescribeTopicResponse as _cairn_v1_DescribeTopicResponse, DescribeTopicResponse__Output as _cairn_v1_DescribeTopicResponse__Output } from '../../cairn/v1/DescribeTopicResponse.js';
import type { ListPartitionMovesRequest as _cairn_v1_ListPartitionMovesRequest, ListPartitionMovesRequest__Output as _cairn_v1_ListPartitionMovesRequest__Output } from '../../cairn/v1/ListPartitionMovesRequest.js';
import type { ListPartitionMovesResponse as _cairn_v1_ListPartitionMovesResponse, ListPartitionMovesResponse__Output as _cairn_v1_ListPartitionMovesResponse__Output } from '../../cairn/v1/ListPartitionMovesResponse.js';
import type { ListTopicsRequest as _cairn_v1_ListTopicsRequest, ListTopicsRequest__Output as _cairn_v1_ListTopicsRequest__Output } from '../../cairn/v1/ListTopicsRequest.js';
import type { ListTopicsResponse as _cairn_v1_ListTopicsResponse, ListTopicsResponse__Output as _cairn_v1_ListTopicsResponse__Output } from '../../cairn/v1/ListTopicsResponse.js';
import type { MetadataRequest as _cairn_v1_MetadataRequest, MetadataRequest__Output as _cairn_v1_MetadataRequest__Output } from '../../cairn/v1/MetadataRequest.js';
import type { MetadataResponse as _cairn_v1_MetadataResponse, MetadataResponse__Output as _cairn_v1_MetadataResponse__Output } from '../../cairn/v1/MetadataResponse.js';
import type { MovePartitionRequest as _cairn_v1_MovePartitionRequest, MovePartitionRequest__Output as _cairn_v1_MovePartitionRequest__Output } from '../../cairn/v1/MovePartitionRequest.js';
import type { MovePartitionResponse as _cairn_v1_MovePartitionResponse, MovePartitionResponse__Output as _cairn_v1_MovePartitionResponse__Output } from '../../cairn/v1/MovePartitionResponse.js';
import type { RecommissionNodeRequest as _cairn_v1_RecommissionNodeRequest, RecommissionNodeRequest__Output as _cairn_v1_RecommissionNodeRequest__Output } from '../../cairn/v1/RecommissionNodeRequest.js';
import type { RecommissionNodeResponse as _cairn_v1_RecommissionNodeResponse, RecommissionNodeResponse__Output as _cairn_v1_RecommissionNodeResponse__Output } from '../../cairn/v1/RecommissionNodeResponse.js';

export interface ClusterClient extends grpc.Client {
  AlterTopicConfigs(argument: _cairn_v1_AlterTopicConfigsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_AlterTopicConfigsResponse__Output>): grpc.ClientUnaryCall;
  AlterTopicConfigs(argument: _cairn_v1_AlterTopicConfigsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_v1_AlterTopicConfigsResponse__Output>): grpc.ClientUnaryCall;
  AlterTopicConfigs(argument: _cairn_v1_AlterTopicConfigsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_AlterTopicConfigsResponse__Output>): grpc.ClientUnaryCall;
  AlterTopicConfigs(argument: _cairn_v1_AlterTopicConfigsRequest, callback: grpc.requestCallback<_cairn_v1_AlterTopicConfigsResponse__Output>): grpc.ClientUnaryCall;
  alterTopicConfigs(argument: _cairn_v1_AlterTopicConfigsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_AlterTopicConfigsResponse__Output>): grpc.ClientUnaryCall;
  alterTopicConfigs(argument: _cairn_v1_AlterTopicConfigsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_v1_AlterTopicConfigsResponse__Output>): grpc.ClientUnaryCall;
  alterTopicConfigs(argument: _cairn_v1_AlterTopicConfigsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_AlterTopicConfigsResponse__Output>): grpc.ClientUnaryCall;
  alterTopicConfigs(argument: _cairn_v1_AlterTopicConfigsRequest, callback: grpc.requestCallback<_cairn_v1_AlterTopicConfigsResponse__Output>): grpc.ClientUnaryCall;
  
  CreatePartitions(argument: _cairn_v1_CreatePartitionsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_CreatePartitionsResponse__Output>): grpc.ClientUnaryCall;
  CreatePartitions(argument: _cairn_v1_CreatePartitionsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_v1_CreatePartitionsResponse__Output>): grpc.ClientUnaryCall;
  CreatePartitions(argument: _cairn_v1_CreatePartitionsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_CreatePartitionsResponse__Output>): grpc.ClientUnaryCall;
  CreatePartitions(argument: _cairn_v1_CreatePartitionsRequest, callback: grpc.requestCallback<_cairn_v1_CreatePartitionsResponse__Output>): grpc.ClientUnaryCall;
  createPartitions(argument: _cairn_v1_CreatePartitionsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_CreatePartitionsResponse__Output>): grpc.ClientUnaryCall;
  createPartitions(argument: _cairn_v1_CreatePartitionsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_v1_CreatePartitionsResponse__Output>): grpc.ClientUnaryCall;
  createPartitions(argument: _cairn_v1_CreatePartitionsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_CreatePartitionsResponse__Output>): grpc.ClientUnaryCall;
  createPartitions(argument: _cairn_v1_CreatePartitionsRequest, callback: grpc.requestCallback<_cairn_v1_CreatePartitionsResponse__Output>): grpc.ClientUnaryCall;
  
  CreateTopic(argument: _cairn_v1_CreateTopicRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_CreateTopicResponse__Output>): grpc.ClientUnaryCall;
  CreateTopic(argument: _cairn_v1_CreateTopicRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_v1_CreateTopicResponse__Output>): grpc.ClientUnaryCall;
  CreateTopic(argument: _cairn_v1_CreateTopicRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_CreateTopicResponse__Output>): grpc.ClientUnaryCall;
  CreateTopic(argument: _cairn_v1_CreateTopicRequest, callback: grpc.requestCallback<_cairn_v1_CreateTopicResponse__Output>): grpc.ClientUnaryCall;
  createTopic(argument: _cairn_v1_CreateTopicRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_CreateTopicResponse__Output>): grpc.ClientUnaryCall;
  createTopic(argument: _cairn_v1_CreateTopicRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_v1_CreateTopicResponse__Output>): grpc.ClientUnaryCall;
  createTopic(argument: _cairn_v1_CreateTopicRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_CreateTopicResponse__Output>): grpc.ClientUnaryCall;
  createTopic(argument: _cairn_v1_CreateTopicRequest, callback: grpc.requestCallback<_cairn_v1_CreateTopicResponse__Output>): grpc.ClientUnaryCall;
  
  DecommissionNode(argument: _cairn_v1_DecommissionNodeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_DecommissionNodeResponse__Output>): grpc.ClientUnaryCall;
  DecommissionNode(argument: _cairn_v1_DecommissionNodeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_v1_DecommissionNodeResponse__Output>): grpc.ClientUnaryCall;
  DecommissionNode(argument: _cairn_v1_DecommissionNodeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_DecommissionNodeResponse__Output>): grpc.ClientUnaryCall;
  DecommissionNode(argument: _cairn_v1_DecommissionNodeRequest, callback: grpc.requestCallback<_cairn_v1_DecommissionNodeResponse__Output>): grpc.ClientUnaryCall;
  decommissionNode(argument: _cairn_v1_DecommissionNodeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_DecommissionNodeResponse__Output>): grpc.ClientUnaryCall;
  decommissionNode(argument: _cairn_v1_DecommissionNodeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_v1_DecommissionNodeResponse__Output>): grpc.ClientUnaryCall;
  decommissionNode(argument: _cairn_v1_DecommissionNodeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_DecommissionNodeResponse__Output>): grpc.ClientUnaryCall;
  decommissionNode(argument: _cairn_v1_DecommissionNodeRequest, callback: grpc.requestCallback<_cairn_v1_DecommissionNodeResponse__Output>): grpc.ClientUnaryCall;
  
  DeleteTopic(argument: _cairn_v1_DeleteTopicRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_DeleteTopicResponse__Output>): grpc.ClientUnaryCall;
  DeleteTopic(argument: _cairn_v1_DeleteTopicRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_v1_DeleteTopicResponse__Output>): grpc.ClientUnaryCall;
  DeleteTopic(argument: _cairn_v1_DeleteTopicRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_DeleteTopicResponse__Output>): grpc.ClientUnaryCall;
  DeleteTopic(argument: _cairn_v1_DeleteTopicRequest, callback: grpc.requestCallback<_cairn_v1_DeleteTopicResponse__Output>): grpc.ClientUnaryCall;
  deleteTopic(argument: _cairn_v1_DeleteTopicRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_DeleteTopicResponse__Output>): grpc.ClientUnaryCall;
  deleteTopic(argument: _cairn_v1_DeleteTopicRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_v1_DeleteTopicResponse__Output>): grpc.ClientUnaryCall;
  deleteTopic(argument: _cairn_v1_DeleteTopicRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_DeleteTopicResponse__Output>): grpc.ClientUnaryCall;
  deleteTopic(argument: _cairn_v1_DeleteTopicRequest, callback: grpc.requestCallback<_cairn_v1_DeleteTopicResponse__Output>): grpc.ClientUnaryCall;
  
  DescribeCluster(argument: _cairn_v1_DescribeClusterRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_DescribeClusterResponse__Output>): grpc.ClientUnaryCall;
  DescribeCluster(argument: _cairn_v1_DescribeClusterRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_v1_DescribeClusterResponse__Output>): grpc.ClientUnaryCall;
  DescribeCluster(argument: _cairn_v1_DescribeClusterRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_DescribeClusterResponse__Output>): grpc.ClientUnaryCall;
  DescribeCluster(argument: _cairn_v1_DescribeClusterRequest, callback: grpc.requestCallback<_cairn_v1_DescribeClusterResponse__Output>): grpc.ClientUnaryCall;
  describeCluster(argument: _cairn_v1_DescribeClusterRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_DescribeClusterResponse__Output>): grpc.ClientUnaryCall;
  describeCluster(argument: _cairn_v1_DescribeClusterRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_v1_DescribeClusterResponse__Output>): grpc.ClientUnaryCall;
  describeCluster(argument: _cairn_v1_DescribeClusterRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_DescribeClusterResponse__Output>): grpc.ClientUnaryCall;
  describeCluster(argument: _cairn_v1_DescribeClusterRequest, callback: grpc.requestCallback<_cairn_v1_DescribeClusterResponse__Output>): grpc.ClientUnaryCall;
  
  DescribeTopic(argument: _cairn_v1_DescribeTopicRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_DescribeTopicResponse__Output>): grpc.ClientUnaryCall;
  DescribeTopic(argument: _cairn_v1_DescribeTopicRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_v1_DescribeTopicResponse__Output>): grpc.ClientUnaryCall;
  DescribeTopic(argument: _cairn_v1_DescribeTopicRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_DescribeTopicResponse__Output>): grpc.ClientUnaryCall;
  DescribeTopic(argument: _cairn_v1_DescribeTopicRequest, callback: grpc.requestCallback<_cairn_v1_DescribeTopicResponse__Output>): grpc.ClientUnaryCall;
  describeTopic(argument: _cairn_v1_DescribeTopicRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_DescribeTopicResponse__Output>): grpc.ClientUnaryCall;
  describeTopic(argument: _cairn_v1_DescribeTopicRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_v1_DescribeTopicResponse__Output>): grpc.ClientUnaryCall;
  describeTopic(argument: _cairn_v1_DescribeTopicRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_DescribeTopicResponse__Output>): grpc.ClientUnaryCall;
  describeTopic(argument: _cairn_v1_DescribeTopicRequest, callback: grpc.requestCallback<_cairn_v1_DescribeTopicResponse__Output>): grpc.ClientUnaryCall;
  
  DescribeTopicConfigs(argument: _cairn_v1_DescribeTopicConfigsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_DescribeTopicConfigsResponse__Output>): grpc.ClientUnaryCall;
  DescribeTopicConfigs(argument: _cairn_v1_DescribeTopicConfigsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_v1_DescribeTopicConfigsResponse__Output>): grpc.ClientUnaryCall;
  DescribeTopicConfigs(argument: _cairn_v1_DescribeTopicConfigsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_DescribeTopicConfigsResponse__Output>): grpc.ClientUnaryCall;
  DescribeTopicConfigs(argument: _cairn_v1_DescribeTopicConfigsRequest, callback: grpc.requestCallback<_cairn_v1_DescribeTopicConfigsResponse__Output>): grpc.ClientUnaryCall;
  describeTopicConfigs(argument: _cairn_v1_DescribeTopicConfigsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_DescribeTopicConfigsResponse__Output>): grpc.ClientUnaryCall;
  describeTopicConfigs(argument: _cairn_v1_DescribeTopicConfigsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_v1_DescribeTopicConfigsResponse__Output>): grpc.ClientUnaryCall;
  describeTopicConfigs(argument: _cairn_v1_DescribeTopicConfigsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_DescribeTopicConfigsResponse__Output>): grpc.ClientUnaryCall;
  describeTopicConfigs(argument: _cairn_v1_DescribeTopicConfigsRequest, callback: grpc.requestCallback<_cairn_v1_DescribeTopicConfigsResponse__Output>): grpc.ClientUnaryCall;
  
  ListPartitionMoves(argument: _cairn_v1_ListPartitionMovesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_ListPartitionMovesResponse__Output>): grpc.ClientUnaryCall;
  ListPartitionMoves(argument: _cairn_v1_ListPartitionMovesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_v1_ListPartitionMovesResponse__Output>): grpc.ClientUnaryCall;
  ListPartitionMoves(argument: _cairn_v1_ListPartitionMovesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_ListPartitionMovesResponse__Output>): grpc.ClientUnaryCall;
  ListPartitionMoves(argument: _cairn_v1_ListPartitionMovesRequest, callback: grpc.requestCallback<_cairn_v1_ListPartitionMovesResponse__Output>): grpc.ClientUnaryCall;
  listPartitionMoves(argument: _cairn_v1_ListPartitionMovesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_ListPartitionMovesResponse__Output>): grpc.ClientUnaryCall;
  listPartitionMoves(argument: _cairn_v1_ListPartitionMovesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_v1_ListPartitionMovesResponse__Output>): grpc.ClientUnaryCall;
  listPartitionMoves(argument: _cairn_v1_ListPartitionMovesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_ListPartitionMovesResponse__Output>): grpc.ClientUnaryCall;
  listPartitionMoves(argument: _cairn_v1_ListPartitionMovesRequest, callback: grpc.requestCallback<_cairn_v1_ListPartitionMovesResponse__Output>): grpc.ClientUnaryCall;
  
  ListTopics(argument: _cairn_v1_ListTopicsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_ListTopicsResponse__Output>): grpc.ClientUnaryCall;
  ListTopics(argument: _cairn_v1_ListTopicsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_v1_ListTopicsResponse__Output>): grpc.ClientUnaryCall;
  ListTopics(argument: _cairn_v1_ListTopicsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_ListTopicsResponse__Output>): grpc.ClientUnaryCall;
  ListTopics(argument: _cairn_v1_ListTopicsRequest, callback: grpc.requestCallback<_cairn_v1_ListTopicsResponse__Output>): grpc.ClientUnaryCall;
  listTopics(argument: _cairn_v1_ListTopicsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_ListTopicsResponse__Output>): grpc.ClientUnaryCall;
  listTopics(argument: _cairn_v1_ListTopicsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_v1_ListTopicsResponse__Output>): grpc.ClientUnaryCall;
  listTopics(argument: _cairn_v1_ListTopicsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_ListTopicsResponse__Output>): grpc.ClientUnaryCall;
  listTopics(argument: _cairn_v1_ListTopicsRequest, callback: grpc.requestCallback<_cairn_v1_ListTopicsResponse__Output>): grpc.ClientUnaryCall;
  
  Metadata(argument: _cairn_v1_MetadataRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_MetadataResponse__Output>): grpc.ClientUnaryCall;
  Metadata(argument: _cairn_v1_MetadataRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_v1_MetadataResponse__Output>): grpc.ClientUnaryCall;
  Metadata(argument: _cairn_v1_MetadataRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_MetadataResponse__Output>): grpc.ClientUnaryCall;
  Metadata(argument: _cairn_v1_MetadataRequest, callback: grpc.requestCallback<_cairn_v1_MetadataResponse__Output>): grpc.ClientUnaryCall;
  metadata(argument: _cairn_v1_MetadataRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_MetadataResponse__Output>): grpc.ClientUnaryCall;
  metadata(argument: _cairn_v1_MetadataRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_v1_MetadataResponse__Output>): grpc.ClientUnaryCall;
  metadata(argument: _cairn_v1_MetadataRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_MetadataResponse__Output>): grpc.ClientUnaryCall;
  metadata(argument: _cairn_v1_MetadataRequest, callback: grpc.requestCallback<_cairn_v1_MetadataResponse__Output>): grpc.ClientUnaryCall;
  
  MovePartition(argument: _cairn_v1_MovePartitionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_MovePartitionResponse__Output>): grpc.ClientUnaryCall;
  MovePartition(argument: _cairn_v1_MovePartitionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_v1_MovePartitionResponse__Output>): grpc.ClientUnaryCall;
  MovePartition(argument: _cairn_v1_MovePartitionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_MovePartitionResponse__Output>): grpc.ClientUnaryCall;
  MovePartition(argument: _cairn_v1_MovePartitionRequest, callback: grpc.requestCallback<_cairn_v1_MovePartitionResponse__Output>): grpc.ClientUnaryCall;
  movePartition(argument: _cairn_v1_MovePartitionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_MovePartitionResponse__Output>): grpc.ClientUnaryCall;
  movePartition(argument: _cairn_v1_MovePartitionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_v1_MovePartitionResponse__Output>): grpc.ClientUnaryCall;
  movePartition(argument: _cairn_v1_MovePartitionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_MovePartitionResponse__Output>): grpc.ClientUnaryCall;
  movePartition(argument: _cairn_v1_MovePartitionRequest, callback: grpc.requestCallback<_cairn_v1_MovePartitionResponse__Output>): grpc.ClientUnaryCall;
  
  RecommissionNode(argument: _cairn_v1_RecommissionNodeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_RecommissionNodeResponse__Output>): grpc.ClientUnaryCall;
  RecommissionNode(argument: _cairn_v1_RecommissionNodeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_v1_RecommissionNodeResponse__Output>): grpc.ClientUnaryCall;
  RecommissionNode(argument: _cairn_v1_RecommissionNodeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_RecommissionNodeResponse__Output>): grpc.ClientUnaryCall;
  RecommissionNode(argument: _cairn_v1_RecommissionNodeRequest, callback: grpc.requestCallback<_cairn_v1_RecommissionNodeResponse__Output>): grpc.ClientUnaryCall;
  recommissionNode(argument: _cairn_v1_RecommissionNodeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_RecommissionNodeResponse__Output>): grpc.ClientUnaryCall;
  recommissionNode(argument: _cairn_v1_RecommissionNodeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_v1_RecommissionNodeResponse__Output>): grpc.ClientUnaryCall;
  recommissionNode(argument: _cairn_v1_RecommissionNodeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_RecommissionNodeResponse__Output>): grpc.ClientUnaryCall;
  recommissionNode(argument: _cairn_v1_RecommissionNodeRequest, callback: grpc.requestCallback<_cairn_v1_RecommissionNodeResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface ClusterHandlers extends grpc.UntypedServiceImplementation {
  AlterTopicConfigs: grpc.handleUnaryCall<_cairn_v1_AlterTopicConfigsRequest__Output, _cairn_v1_AlterTopicConfigsResponse>;
  
  CreatePartitions: grpc.handleUnaryCall<_cairn_v1_CreatePartitionsRequest__Output, _cairn_v1_CreatePartitionsResponse>;
  
  CreateTopic: grpc.handleUnaryCall<_cairn_v1_CreateTopicRequest__Output, _cairn_v1_CreateTopicResponse>;
  
  DecommissionNode: grpc.handleUnaryCall<_cairn_v1_DecommissionNodeRequest__Output, _cairn_v1_DecommissionNodeResponse>;
  
  DeleteTopic: grpc.handleUnaryCall<_cairn_v1_DeleteTopicRequest__Output, _cairn_v1_DeleteTopicResponse>;
  
  DescribeCluster: grpc.handleUnaryCall<_cairn_v1_DescribeClusterRequest__Output, _cairn_v1_DescribeClusterResponse>;
  
  DescribeTopic: grpc.handleUnaryCall<_cairn_v1_DescribeTopicRequest__Output, _cairn_v1_DescribeTopicResponse>;
  
  DescribeTopicConfigs: grpc.handleUnaryCall<_cairn_v1_DescribeTopicConfigsRequest__Output, _cairn_v1_DescribeTopicConfigsResponse>;
  
  ListPartitionMoves: grpc.handleUnaryCall<_cairn_v1_ListPartitionMovesRequest__Output, _cairn_v1_ListPartitionMovesResponse>;
  
  ListTopics: grpc.handleUnaryCall<_cairn_v1_ListTopicsRequest__Output, _cairn_v1_ListTopicsResponse>;
  
  Metadata: grpc.handleUnaryCall<_cairn_v1_MetadataRequest__Output, _cairn_v1_MetadataResponse>;
  
  MovePartition: grpc.handleUnaryCall<_cairn_v1_MovePartitionRequest__Output, _cairn_v1_MovePartitionResponse>;
  
  RecommissionNode: grpc.handleUnaryCall<_cairn_v1_RecommissionNodeRequest__Output, _cairn_v1_RecommissionNodeResponse>;
  
}

export interface ClusterDefinition extends grpc.ServiceDefinition {
  AlterTopicConfigs: MethodDefinition<_cairn_v1_AlterTopicConfigsRequest, _cairn_v1_AlterTopicConfigsResponse, _cairn_v1_AlterTopicConfigsRequest__Output, _cairn_v1_AlterTopicConfigsResponse__Output>
  CreatePartitions: MethodDefinition<_cairn_v1_CreatePartitionsRequest, _cairn_v1_CreatePartitionsResponse, _cairn_v1_CreatePartitionsRequest__Output, _cairn_v1_CreatePartitionsResponse__Output>
  CreateTopic: MethodDefinition<_cairn_v1_CreateTopicRequest, _cairn_v1_CreateTopicResponse, _cairn_v1_CreateTopicRequest__Output, _cairn_v1_CreateTopicResponse__Output>
  DecommissionNode: MethodDefinition<_cairn_v1_DecommissionNodeRequest, _cairn_v1_DecommissionNodeResponse, _cairn_v1_DecommissionNodeRequest__Output, _cairn_v1_DecommissionNodeResponse__Output>
  DeleteTopic: MethodDefinition<_cairn_v1_DeleteTopicRequest, _cairn_v1_DeleteTopicResponse, _cairn_v1_DeleteTopicRequest__Output, _cairn_v1_DeleteTopicResponse__Output>
  DescribeCluster: MethodDefinition<_cairn_v1_DescribeClusterRequest, _cairn_v1_DescribeClusterResponse, _cairn_v1_DescribeClusterRequest__Output, _cairn_v1_DescribeClusterResponse__Output>
  DescribeTopic: MethodDefinition<_cairn_v1_DescribeTopicRequest, _cairn_v1_DescribeTopicResponse, _cairn_v1_DescribeTopicRequest__Output, _cairn_v1_DescribeTopicResponse__Output>
  DescribeTopicConfigs: MethodDefinition<_cairn_v1_DescribeTopicConfigsRequest, _cairn_v1_DescribeTopicConfigsResponse, _cairn_v1_DescribeTopicConfigsRequest__Output, _cairn_v1_DescribeTopicConfigsResponse__Output>
  ListPartitionMoves: MethodDefinition<_cairn_v1_ListPartitionMovesRequest, _cairn_v1_ListPartitionMovesResponse, _cairn_v1_ListPartitionMovesRequest__Output, _cairn_v1_ListPartitionMovesResponse__Output>
  ListTopics: MethodDefinition<_cairn_v1_ListTopicsRequest, _cairn_v1_ListTopicsResponse, _cairn_v1_ListTopicsRequest__Output, _cairn_v1_ListTopicsResponse__Output>
  Metadata: MethodDefinition<_cairn_v1_MetadataRequest, _cairn_v1_MetadataResponse, _cairn_v1_MetadataRequest__Output, _cairn_v1_MetadataResponse__Output>
  MovePartition: MethodDefinition<_cairn_v1_MovePartitionRequest, _cairn_v1_MovePartitionResponse, _cairn_v1_MovePartitionRequest__Output, _cairn_v1_MovePartitionResponse__Output>
  RecommissionNode: MethodDefinition<_cairn_v1_RecommissionNodeRequest, _cairn_v1_RecommissionNodeResponse, _cairn_v1_RecommissionNodeRequest__Output, _cairn_v1_RecommissionNodeResponse__Output>
}
