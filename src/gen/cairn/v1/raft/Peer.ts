// Original file: proto/cairn/v1/raft.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { PeerFrame as _cairn_v1_raft_PeerFrame, PeerFrame__Output as _cairn_v1_raft_PeerFrame__Output } from '../../../cairn/v1/raft/PeerFrame.js';
import type { PeerStreamEnd as _cairn_v1_raft_PeerStreamEnd, PeerStreamEnd__Output as _cairn_v1_raft_PeerStreamEnd__Output } from '../../../cairn/v1/raft/PeerStreamEnd.js';
import type { SnapshotAck as _cairn_v1_raft_SnapshotAck, SnapshotAck__Output as _cairn_v1_raft_SnapshotAck__Output } from '../../../cairn/v1/raft/SnapshotAck.js';
import type { SnapshotChunk as _cairn_v1_raft_SnapshotChunk, SnapshotChunk__Output as _cairn_v1_raft_SnapshotChunk__Output } from '../../../cairn/v1/raft/SnapshotChunk.js';

export interface PeerClient extends grpc.Client {
  InstallSnapshot(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_raft_SnapshotAck__Output>): grpc.ClientWritableStream<_cairn_v1_raft_SnapshotChunk>;
  InstallSnapshot(metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_v1_raft_SnapshotAck__Output>): grpc.ClientWritableStream<_cairn_v1_raft_SnapshotChunk>;
  InstallSnapshot(options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_raft_SnapshotAck__Output>): grpc.ClientWritableStream<_cairn_v1_raft_SnapshotChunk>;
  InstallSnapshot(callback: grpc.requestCallback<_cairn_v1_raft_SnapshotAck__Output>): grpc.ClientWritableStream<_cairn_v1_raft_SnapshotChunk>;
  installSnapshot(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_raft_SnapshotAck__Output>): grpc.ClientWritableStream<_cairn_v1_raft_SnapshotChunk>;
  installSnapshot(metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_v1_raft_SnapshotAck__Output>): grpc.ClientWritableStream<_cairn_v1_raft_SnapshotChunk>;
  installSnapshot(options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_raft_SnapshotAck__Output>): grpc.ClientWritableStream<_cairn_v1_raft_SnapshotChunk>;
  installSnapshot(callback: grpc.requestCallback<_cairn_v1_raft_SnapshotAck__Output>): grpc.ClientWritableStream<_cairn_v1_raft_SnapshotChunk>;
  
  Stream(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_raft_PeerStreamEnd__Output>): grpc.ClientWritableStream<_cairn_v1_raft_PeerFrame>;
  Stream(metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_v1_raft_PeerStreamEnd__Output>): grpc.ClientWritableStream<_cairn_v1_raft_PeerFrame>;
  Stream(options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_raft_PeerStreamEnd__Output>): grpc.ClientWritableStream<_cairn_v1_raft_PeerFrame>;
  Stream(callback: grpc.requestCallback<_cairn_v1_raft_PeerStreamEnd__Output>): grpc.ClientWritableStream<_cairn_v1_raft_PeerFrame>;
  stream(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_raft_PeerStreamEnd__Output>): grpc.ClientWritableStream<_cairn_v1_raft_PeerFrame>;
  stream(metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_v1_raft_PeerStreamEnd__Output>): grpc.ClientWritableStream<_cairn_v1_raft_PeerFrame>;
  stream(options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_raft_PeerStreamEnd__Output>): grpc.ClientWritableStream<_cairn_v1_raft_PeerFrame>;
  stream(callback: grpc.requestCallback<_cairn_v1_raft_PeerStreamEnd__Output>): grpc.ClientWritableStream<_cairn_v1_raft_PeerFrame>;
  
}

export interface PeerHandlers extends grpc.UntypedServiceImplementation {
  InstallSnapshot: grpc.handleClientStreamingCall<_cairn_v1_raft_SnapshotChunk__Output, _cairn_v1_raft_SnapshotAck>;
  
  Stream: grpc.handleClientStreamingCall<_cairn_v1_raft_PeerFrame__Output, _cairn_v1_raft_PeerStreamEnd>;
  
}

export interface PeerDefinition extends grpc.ServiceDefinition {
  InstallSnapshot: MethodDefinition<_cairn_v1_raft_SnapshotChunk, _cairn_v1_raft_SnapshotAck, _cairn_v1_raft_SnapshotChunk__Output, _cairn_v1_raft_SnapshotAck__Output>
  Stream: MethodDefinition<_cairn_v1_raft_PeerFrame, _cairn_v1_raft_PeerStreamEnd, _cairn_v1_raft_PeerFrame__Output, _cairn_v1_raft_PeerStreamEnd__Output>
}
