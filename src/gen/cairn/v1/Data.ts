// Original file: proto/cairn/v1/client.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { DeleteRecordsRequest as _cairn_v1_DeleteRecordsRequest, DeleteRecordsRequest__Output as _cairn_v1_DeleteRecordsRequest__Output } from '../../cairn/v1/DeleteRecordsRequest.js';
import type { DeleteRecordsResponse as _cairn_v1_DeleteRecordsResponse, DeleteRecordsResponse__Output as _cairn_v1_DeleteRecordsResponse__Output } from '../../cairn/v1/DeleteRecordsResponse.js';
import type { FetchRequest as _cairn_v1_FetchRequest, FetchRequest__Output as _cairn_v1_FetchRequest__Output } from '../../cairn/v1/FetchRequest.js';
import type { FetchResponse as _cairn_v1_FetchResponse, FetchResponse__Output as _cairn_v1_FetchResponse__Output } from '../../cairn/v1/FetchResponse.js';
import type { InitProducerRequest as _cairn_v1_InitProducerRequest, InitProducerRequest__Output as _cairn_v1_InitProducerRequest__Output } from '../../cairn/v1/InitProducerRequest.js';
import type { InitProducerResponse as _cairn_v1_InitProducerResponse, InitProducerResponse__Output as _cairn_v1_InitProducerResponse__Output } from '../../cairn/v1/InitProducerResponse.js';
import type { ListOffsetsRequest as _cairn_v1_ListOffsetsRequest, ListOffsetsRequest__Output as _cairn_v1_ListOffsetsRequest__Output } from '../../cairn/v1/ListOffsetsRequest.js';
import type { ListOffsetsResponse as _cairn_v1_ListOffsetsResponse, ListOffsetsResponse__Output as _cairn_v1_ListOffsetsResponse__Output } from '../../cairn/v1/ListOffsetsResponse.js';
import type { ProduceRequest as _cairn_v1_ProduceRequest, ProduceRequest__Output as _cairn_v1_ProduceRequest__Output } from '../../cairn/v1/ProduceRequest.js';
import type { ProduceResponse as _cairn_v1_ProduceResponse, ProduceResponse__Output as _cairn_v1_ProduceResponse__Output } from '../../cairn/v1/ProduceResponse.js';
import type { ProduceStreamRequest as _cairn_v1_ProduceStreamRequest, ProduceStreamRequest__Output as _cairn_v1_ProduceStreamRequest__Output } from '../../cairn/v1/ProduceStreamRequest.js';
import type { ProduceStreamResponse as _cairn_v1_ProduceStreamResponse, ProduceStreamResponse__Output as _cairn_v1_ProduceStreamResponse__Output } from '../../cairn/v1/ProduceStreamResponse.js';
import type { SubscribeRequest as _cairn_v1_SubscribeRequest, SubscribeRequest__Output as _cairn_v1_SubscribeRequest__Output } from '../../cairn/v1/SubscribeRequest.js';
import type { SubscribeResponse as _cairn_v1_SubscribeResponse, SubscribeResponse__Output as _cairn_v1_SubscribeResponse__Output } from '../../cairn/v1/SubscribeResponse.js';

export interface DataClient extends grpc.Client {
  DeleteRecords(argument: _cairn_v1_DeleteRecordsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_DeleteRecordsResponse__Output>): grpc.ClientUnaryCall;
  DeleteRecords(argument: _cairn_v1_DeleteRecordsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_v1_DeleteRecordsResponse__Output>): grpc.ClientUnaryCall;
  DeleteRecords(argument: _cairn_v1_DeleteRecordsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_DeleteRecordsResponse__Output>): grpc.ClientUnaryCall;
  DeleteRecords(argument: _cairn_v1_DeleteRecordsRequest, callback: grpc.requestCallback<_cairn_v1_DeleteRecordsResponse__Output>): grpc.ClientUnaryCall;
  deleteRecords(argument: _cairn_v1_DeleteRecordsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_DeleteRecordsResponse__Output>): grpc.ClientUnaryCall;
  deleteRecords(argument: _cairn_v1_DeleteRecordsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_v1_DeleteRecordsResponse__Output>): grpc.ClientUnaryCall;
  deleteRecords(argument: _cairn_v1_DeleteRecordsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_DeleteRecordsResponse__Output>): grpc.ClientUnaryCall;
  deleteRecords(argument: _cairn_v1_DeleteRecordsRequest, callback: grpc.requestCallback<_cairn_v1_DeleteRecordsResponse__Output>): grpc.ClientUnaryCall;
  
  Fetch(argument: _cairn_v1_FetchRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_FetchResponse__Output>): grpc.ClientUnaryCall;
  Fetch(argument: _cairn_v1_FetchRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_v1_FetchResponse__Output>): grpc.ClientUnaryCall;
  Fetch(argument: _cairn_v1_FetchRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_FetchResponse__Output>): grpc.ClientUnaryCall;
  Fetch(argument: _cairn_v1_FetchRequest, callback: grpc.requestCallback<_cairn_v1_FetchResponse__Output>): grpc.ClientUnaryCall;
  fetch(argument: _cairn_v1_FetchRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_FetchResponse__Output>): grpc.ClientUnaryCall;
  fetch(argument: _cairn_v1_FetchRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_v1_FetchResponse__Output>): grpc.ClientUnaryCall;
  fetch(argument: _cairn_v1_FetchRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_FetchResponse__Output>): grpc.ClientUnaryCall;
  fetch(argument: _cairn_v1_FetchRequest, callback: grpc.requestCallback<_cairn_v1_FetchResponse__Output>): grpc.ClientUnaryCall;
  
  InitProducer(argument: _cairn_v1_InitProducerRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_InitProducerResponse__Output>): grpc.ClientUnaryCall;
  InitProducer(argument: _cairn_v1_InitProducerRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_v1_InitProducerResponse__Output>): grpc.ClientUnaryCall;
  InitProducer(argument: _cairn_v1_InitProducerRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_InitProducerResponse__Output>): grpc.ClientUnaryCall;
  InitProducer(argument: _cairn_v1_InitProducerRequest, callback: grpc.requestCallback<_cairn_v1_InitProducerResponse__Output>): grpc.ClientUnaryCall;
  initProducer(argument: _cairn_v1_InitProducerRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_InitProducerResponse__Output>): grpc.ClientUnaryCall;
  initProducer(argument: _cairn_v1_InitProducerRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_v1_InitProducerResponse__Output>): grpc.ClientUnaryCall;
  initProducer(argument: _cairn_v1_InitProducerRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_InitProducerResponse__Output>): grpc.ClientUnaryCall;
  initProducer(argument: _cairn_v1_InitProducerRequest, callback: grpc.requestCallback<_cairn_v1_InitProducerResponse__Output>): grpc.ClientUnaryCall;
  
  ListOffsets(argument: _cairn_v1_ListOffsetsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_ListOffsetsResponse__Output>): grpc.ClientUnaryCall;
  ListOffsets(argument: _cairn_v1_ListOffsetsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_v1_ListOffsetsResponse__Output>): grpc.ClientUnaryCall;
  ListOffsets(argument: _cairn_v1_ListOffsetsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_ListOffsetsResponse__Output>): grpc.ClientUnaryCall;
  ListOffsets(argument: _cairn_v1_ListOffsetsRequest, callback: grpc.requestCallback<_cairn_v1_ListOffsetsResponse__Output>): grpc.ClientUnaryCall;
  listOffsets(argument: _cairn_v1_ListOffsetsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_ListOffsetsResponse__Output>): grpc.ClientUnaryCall;
  listOffsets(argument: _cairn_v1_ListOffsetsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_v1_ListOffsetsResponse__Output>): grpc.ClientUnaryCall;
  listOffsets(argument: _cairn_v1_ListOffsetsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_ListOffsetsResponse__Output>): grpc.ClientUnaryCall;
  listOffsets(argument: _cairn_v1_ListOffsetsRequest, callback: grpc.requestCallback<_cairn_v1_ListOffsetsResponse__Output>): grpc.ClientUnaryCall;
  
  Produce(argument: _cairn_v1_ProduceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_ProduceResponse__Output>): grpc.ClientUnaryCall;
  Produce(argument: _cairn_v1_ProduceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_v1_ProduceResponse__Output>): grpc.ClientUnaryCall;
  Produce(argument: _cairn_v1_ProduceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_ProduceResponse__Output>): grpc.ClientUnaryCall;
  Produce(argument: _cairn_v1_ProduceRequest, callback: grpc.requestCallback<_cairn_v1_ProduceResponse__Output>): grpc.ClientUnaryCall;
  produce(argument: _cairn_v1_ProduceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_ProduceResponse__Output>): grpc.ClientUnaryCall;
  produce(argument: _cairn_v1_ProduceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_v1_ProduceResponse__Output>): grpc.ClientUnaryCall;
  produce(argument: _cairn_v1_ProduceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_ProduceResponse__Output>): grpc.ClientUnaryCall;
  produce(argument: _cairn_v1_ProduceRequest, callback: grpc.requestCallback<_cairn_v1_ProduceResponse__Output>): grpc.ClientUnaryCall;
  
  ProduceStream(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_cairn_v1_ProduceStreamRequest, _cairn_v1_ProduceStreamResponse__Output>;
  ProduceStream(options?: grpc.CallOptions): grpc.ClientDuplexStream<_cairn_v1_ProduceStreamRequest, _cairn_v1_ProduceStreamResponse__Output>;
  produceStream(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_cairn_v1_ProduceStreamRequest, _cairn_v1_ProduceStreamResponse__Output>;
  produceStream(options?: grpc.CallOptions): grpc.ClientDuplexStream<_cairn_v1_ProduceStreamRequest, _cairn_v1_ProduceStreamResponse__Output>;
  
  Subscribe(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_cairn_v1_SubscribeRequest, _cairn_v1_SubscribeResponse__Output>;
  Subscribe(options?: grpc.CallOptions): grpc.ClientDuplexStream<_cairn_v1_SubscribeRequest, _cairn_v1_SubscribeResponse__Output>;
  subscribe(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_cairn_v1_SubscribeRequest, _cairn_v1_SubscribeResponse__Output>;
  subscribe(options?: grpc.CallOptions): grpc.ClientDuplexStream<_cairn_v1_SubscribeRequest, _cairn_v1_SubscribeResponse__Output>;
  
}

export interface DataHandlers extends grpc.UntypedServiceImplementation {
  DeleteRecords: grpc.handleUnaryCall<_cairn_v1_DeleteRecordsRequest__Output, _cairn_v1_DeleteRecordsResponse>;
  
  Fetch: grpc.handleUnaryCall<_cairn_v1_FetchRequest__Output, _cairn_v1_FetchResponse>;
  
  InitProducer: grpc.handleUnaryCall<_cairn_v1_InitProducerRequest__Output, _cairn_v1_InitProducerResponse>;
  
  ListOffsets: grpc.handleUnaryCall<_cairn_v1_ListOffsetsRequest__Output, _cairn_v1_ListOffsetsResponse>;
  
  Produce: grpc.handleUnaryCall<_cairn_v1_ProduceRequest__Output, _cairn_v1_ProduceResponse>;
  
  ProduceStream: grpc.handleBidiStreamingCall<_cairn_v1_ProduceStreamRequest__Output, _cairn_v1_ProduceStreamResponse>;
  
  Subscribe: grpc.handleBidiStreamingCall<_cairn_v1_SubscribeRequest__Output, _cairn_v1_SubscribeResponse>;
  
}

export interface DataDefinition extends grpc.ServiceDefinition {
  DeleteRecords: MethodDefinition<_cairn_v1_DeleteRecordsRequest, _cairn_v1_DeleteRecordsResponse, _cairn_v1_DeleteRecordsRequest__Output, _cairn_v1_DeleteRecordsResponse__Output>
  Fetch: MethodDefinition<_cairn_v1_FetchRequest, _cairn_v1_FetchResponse, _cairn_v1_FetchRequest__Output, _cairn_v1_FetchResponse__Output>
  InitProducer: MethodDefinition<_cairn_v1_InitProducerRequest, _cairn_v1_InitProducerResponse, _cairn_v1_InitProducerRequest__Output, _cairn_v1_InitProducerResponse__Output>
  ListOffsets: MethodDefinition<_cairn_v1_ListOffsetsRequest, _cairn_v1_ListOffsetsResponse, _cairn_v1_ListOffsetsRequest__Output, _cairn_v1_ListOffsetsResponse__Output>
  Produce: MethodDefinition<_cairn_v1_ProduceRequest, _cairn_v1_ProduceResponse, _cairn_v1_ProduceRequest__Output, _cairn_v1_ProduceResponse__Output>
  ProduceStream: MethodDefinition<_cairn_v1_ProduceStreamRequest, _cairn_v1_ProduceStreamResponse, _cairn_v1_ProduceStreamRequest__Output, _cairn_v1_ProduceStreamResponse__Output>
  Subscribe: MethodDefinition<_cairn_v1_SubscribeRequest, _cairn_v1_SubscribeResponse, _cairn_v1_SubscribeRequest__Output, _cairn_v1_SubscribeResponse__Output>
}
