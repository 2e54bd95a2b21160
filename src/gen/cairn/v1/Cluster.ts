// Original file: proto/cairn/v1/client.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CreatePartitionsRequest as _cairn_v1_CreatePartitionsRequest, CreatePartitionsRequest__Output as _cairn_v1_CreatePartitionsRequest__Output } from '../../cairn/v1/CreatePartitionsRequest.js';
import type { CreatePartitionsResponse as _cairn_v1_CreatePartitionsResponse, CreatePartitionsResponse__Output as _cairn_v1_CreatePartitionsResponse__Output } from '../../cairn/v1/CreatePartitionsResponse.js';
import type { CreateTopicRequest as _cairn_v1_CreateTopicRequest, CreateTopicRequest__Output as _cairn_v1_CreateTopicRequest__Output } from '../../cairn/v1/CreateTopicRequest.js';
import type { CreateTopicResponse as _cairn_v1_CreateTopicResponse, CreateTopicResponse__Output as _cairn_v1_CreateTopicResponse__Output } from '../../cairn/v1/CreateTopicResponse.js';
import type { DeleteTopicRequest as _cairn_v1_DeleteTopicRequest, DeleteTopicRequest__Output as _cairn_v1_DeleteTopicRequest__Output } from '../../cairn/v1/DeleteTopicRequest.js';
import type { DeleteTopicResponse as _cairn_v1_DeleteTopicResponse, DeleteTopicResponse__Output as _cairn_v1_DeleteTopicResponse__Output } from '../../cairn/v1/DeleteTopicResponse.js';
import type { DescribeClusterRequest as _cairn_v1_DescribeClusterRequest, DescribeClusterRequest__Output as _cairn_v1_DescribeClusterRequest__Output } from '../../cairn/v1/DescribeClusterRequest.js';
import type { DescribeClusterResponse as _cairn_v1_DescribeClusterResponse, DescribeClusterResponse__Output as _cairn_v1_DescribeClusterResponse__Output } from '../../cairn/v1/DescribeClusterResponse.js';
import type { DescribeTopicRequest as _cairn_v1_DescribeTopicRequest, DescribeTopicRequest__Output as _cairn_v1_DescribeTopicRequest__Output } from '../../cairn/v1/DescribeTopicRequest.js';
import type { DescribeTopicResponse as _cairn_v1_DescribeTopicResponse, DescribeTopicResponse__Output as _cairn_v1_DescribeTopicResponse__Output } from '../../cairn/v1/DescribeTopicResponse.js';
import type { ListTopicsRequest as _cairn_v1_ListTopicsRequest, ListTopicsRequest__Output as _cairn_v1_ListTopicsRequest__Output } from '../../cairn/v1/ListTopicsRequest.js';
import type { ListTopicsResponse as _cairn_v1_ListTopicsResponse, ListTopicsResponse__Output as _cairn_v1_ListTopicsResponse__Output } from '../../cairn/v1/ListTopicsResponse.js';
import type { MetadataRequest as _cairn_v1_MetadataRequest, MetadataRequest__Output as _cairn_v1_MetadataRequest__Output } from '../../cairn/v1/MetadataRequest.js';
import type { MetadataResponse as _cairn_v1_MetadataResponse, MetadataResponse__Output as _cairn_v1_MetadataResponse__Output } from '../../cairn/v1/MetadataResponse.js';

export interface ClusterClient extends grpc.Client {
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
  
}

export interface ClusterHandlers extends grpc.UntypedServiceImplementation {
  CreatePartitions: grpc.handleUnaryCall<_cairn_v1_CreatePartitionsRequest__Output, _cairn_v1_CreatePartitionsResponse>;
  
  CreateTopic: grpc.handleUnaryCall<_cairn_v1_CreateTopicRequest__Output, _cairn_v1_CreateTopicResponse>;
  
  DeleteTopic: grpc.handleUnaryCall<_cairn_v1_DeleteTopicRequest__Output, _cairn_v1_DeleteTopicResponse>;
  
  DescribeCluster: grpc.handleUnaryCall<_cairn_v1_DescribeClusterRequest__Output, _cairn_v1_DescribeClusterResponse>;
  
  DescribeTopic: grpc.handleUnaryCall<_cairn_v1_DescribeTopicRequest__Output, _cairn_v1_DescribeTopicResponse>;
  
  ListTopics: grpc.handleUnaryCall<_cairn_v1_ListTopicsRequest__Output, _cairn_v1_ListTopicsResponse>;
  
  Metadata: grpc.handleUnaryCall<_cairn_v1_MetadataRequest__Output, _cairn_v1_MetadataResponse>;
  
}

export interface ClusterDefinition extends grpc.ServiceDefinition {
  CreatePartitions: MethodDefinition<_cairn_v1_CreatePartitionsRequest, _cairn_v1_CreatePartitionsResponse, _cairn_v1_CreatePartitionsRequest__Output, _cairn_v1_CreatePartitionsResponse__Output>
  CreateTopic: MethodDefinition<_cairn_v1_CreateTopicRequest, _cairn_v1_CreateTopicResponse, _cairn_v1_CreateTopicRequest__Output, _cairn_v1_CreateTopicResponse__Output>
  DeleteTopic: MethodDefinition<_cairn_v1_DeleteTopicRequest, _cairn_v1_DeleteTopicResponse, _cairn_v1_DeleteTopicRequest__Output, _cairn_v1_DeleteTopicResponse__Output>
  DescribeCluster: MethodDefinition<_cairn_v1_DescribeClusterRequest, _cairn_v1_DescribeClusterResponse, _cairn_v1_DescribeClusterRequest__Output, _cairn_v1_DescribeClusterResponse__Output>
  DescribeTopic: MethodDefinition<_cairn_v1_DescribeTopicRequest, _cairn_v1_DescribeTopicResponse, _cairn_v1_DescribeTopicRequest__Output, _cairn_v1_DescribeTopicResponse__Output>
  ListTopics: MethodDefinition<_cairn_v1_ListTopicsRequest, _cairn_v1_ListTopicsResponse, _cairn_v1_ListTopicsRequest__Output, _cairn_v1_ListTopicsResponse__Output>
  Metadata: MethodDefinition<_cairn_v1_MetadataRequest, _cairn_v1_MetadataResponse, _cairn_v1_MetadataRequest__Output, _cairn_v1_MetadataResponse__Output>
}
