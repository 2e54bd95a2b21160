// Original file: proto/cairn/v1/client.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AuthenticateRequest as _cairn_v1_AuthenticateRequest, AuthenticateRequest__Output as _cairn_v1_AuthenticateRequest__Output } from '../../cairn/v1/AuthenticateRequest.js';
import type { AuthenticateResponse as _cairn_v1_AuthenticateResponse, AuthenticateResponse__Output as _cairn_v1_AuthenticateResponse__Output } from '../../cairn/v1/AuthenticateResponse.js';
import type { CreateAclsRequest as _cairn_v1_CreateAclsRequest, CreateAclsRequest__Output as _cairn_v1_CreateAclsRequest__Output } from '../../cairn/v1/CreateAclsRequest.js';
import type { CreateAclsResponse as _cairn_v1_CreateAclsResponse, CreateAclsResponse__Output as _cairn_v1_CreateAclsResponse__Output } from '../../cairn/v1/CreateAclsResponse.js';
import type { CreateUserRequest as _cairn_v1_CreateUserRequest, CreateUserRequest__Output as _cairn_v1_CreateUserRequest__Output } from '../../cairn/v1/CreateUserRequest.js';
import type { CreateUserResponse as _cairn_v1_CreateUserResponse, CreateUserResponse__Output as _cairn_v1_CreateUserResponse__Output } from '../../cairn/v1/CreateUserResponse.js';
import type { DeleteAclsRequest as _cairn_v1_DeleteAclsRequest, DeleteAclsRequest__Output as _cairn_v1_DeleteAclsRequest__Output } from '../../cairn/v1/DeleteAclsRequest.js';
import type { DeleteAclsResponse as _cairn_v1_DeleteAclsResponse, DeleteAclsResponse__Output as _cairn_v1_DeleteAclsResponse__Output } from '../../cairn/v1/DeleteAclsResponse.js';
import type { DeleteUserRequest as _cairn_v1_DeleteUserRequest, DeleteUserRequest__Output as _cairn_v1_DeleteUserRequest__Output } from '../../cairn/v1/DeleteUserRequest.js';
import type { DeleteUserResponse as _cairn_v1_DeleteUserResponse, DeleteUserResponse__Output as _cairn_v1_DeleteUserResponse__Output } from '../../cairn/v1/DeleteUserResponse.js';
import type { ListAclsRequest as _cairn_v1_ListAclsRequest, ListAclsRequest__Output as _cairn_v1_ListAclsRequest__Output } from '../../cairn/v1/ListAclsRequest.js';
import type { ListAclsResponse as _cairn_v1_ListAclsResponse, ListAclsResponse__Output as _cairn_v1_ListAclsResponse__Output } from '../../cairn/v1/ListAclsResponse.js';
import type { ListUsersRequest as _cairn_v1_ListUsersRequest, ListUsersRequest__Output as _cairn_v1_ListUsersRequest__Output } from '../../cairn/v1/ListUsersRequest.js';
import type { ListUsersResponse as _cairn_v1_ListUsersResponse, ListUsersResponse__Output as _cairn_v1_ListUsersResponse__Output } from '../../cairn/v1/ListUsersResponse.js';
import type { RotateTokenKeyRequest as _cairn_v1_RotateTokenKeyRequest, RotateTokenKeyRequest__Output as _cairn_v1_RotateTokenKeyRequest__Output } from '../../cairn/v1/RotateTokenKeyRequest.js';
import type { RotateTokenKeyResponse as _cairn_v1_RotateTokenKeyResponse, RotateTokenKeyResponse__Output as _cairn_v1_RotateTokenKeyResponse__Output } from '../../cairn/v1/RotateTokenKeyResponse.js';

export interface SecurityClient extends grpc.Client {
  Authenticate(argument: _cairn_v1_AuthenticateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_AuthenticateResponse__Output>): grpc.ClientUnaryCall;
  Authenticate(argument: _cairn_v1_AuthenticateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_v1_AuthenticateResponse__Output>): grpc.ClientUnaryCall;
  Authenticate(argument: _cairn_v1_AuthenticateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_AuthenticateResponse__Output>): grpc.ClientUnaryCall;
  Authenticate(argument: _cairn_v1_AuthenticateRequest, callback: grpc.requestCallback<_cairn_v1_AuthenticateResponse__Output>): grpc.ClientUnaryCall;
  authenticate(argument: _cairn_v1_AuthenticateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_AuthenticateResponse__Output>): grpc.ClientUnaryCall;
  authenticate(argument: _cairn_v1_AuthenticateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_v1_AuthenticateResponse__Output>): grpc.ClientUnaryCall;
  authenticate(argument: _cairn_v1_AuthenticateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_AuthenticateResponse__Output>): grpc.ClientUnaryCall;
  authenticate(argument: _cairn_v1_AuthenticateRequest, callback: grpc.requestCallback<_cairn_v1_AuthenticateResponse__Output>): grpc.ClientUnaryCall;
  
  CreateAcls(argument: _cairn_v1_CreateAclsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_CreateAclsResponse__Output>): grpc.ClientUnaryCall;
  CreateAcls(argument: _cairn_v1_CreateAclsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_v1_CreateAclsResponse__Output>): grpc.ClientUnaryCall;
  CreateAcls(argument: _cairn_v1_CreateAclsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_CreateAclsResponse__Output>): grpc.ClientUnaryCall;
  CreateAcls(argument: _cairn_v1_CreateAclsRequest, callback: grpc.requestCallback<_cairn_v1_CreateAclsResponse__Output>): grpc.ClientUnaryCall;
  createAcls(argument: _cairn_v1_CreateAclsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_CreateAclsResponse__Output>): grpc.ClientUnaryCall;
  createAcls(argument: _cairn_v1_CreateAclsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_v1_CreateAclsResponse__Output>): grpc.ClientUnaryCall;
  createAcls(argument: _cairn_v1_CreateAclsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_CreateAclsResponse__Output>): grpc.ClientUnaryCall;
  createAcls(argument: _cairn_v1_CreateAclsRequest, callback: grpc.requestCallback<_cairn_v1_CreateAclsResponse__Output>): grpc.ClientUnaryCall;
  
  CreateUser(argument: _cairn_v1_CreateUserRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_CreateUserResponse__Output>): grpc.ClientUnaryCall;
  CreateUser(argument: _cairn_v1_CreateUserRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_v1_CreateUserResponse__Output>): grpc.ClientUnaryCall;
  CreateUser(argument: _cairn_v1_CreateUserRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_CreateUserResponse__Output>): grpc.ClientUnaryCall;
  CreateUser(argument: _cairn_v1_CreateUserRequest, callback: grpc.requestCallback<_cairn_v1_CreateUserResponse__Output>): grpc.ClientUnaryCall;
  createUser(argument: _cairn_v1_CreateUserRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_CreateUserResponse__Output>): grpc.ClientUnaryCall;
  createUser(argument: _cairn_v1_CreateUserRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_v1_CreateUserResponse__Output>): grpc.ClientUnaryCall;
  createUser(argument: _cairn_v1_CreateUserRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_CreateUserResponse__Output>): grpc.ClientUnaryCall;
  createUser(argument: _cairn_v1_CreateUserRequest, callback: grpc.requestCallback<_cairn_v1_CreateUserResponse__Output>): grpc.ClientUnaryCall;
  
  DeleteAcls(argument: _cairn_v1_DeleteAclsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_DeleteAclsResponse__Output>): grpc.ClientUnaryCall;
  DeleteAcls(argument: _cairn_v1_DeleteAclsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_v1_DeleteAclsResponse__Output>): grpc.ClientUnaryCall;
  DeleteAcls(argument: _cairn_v1_DeleteAclsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_DeleteAclsResponse__Output>): grpc.ClientUnaryCall;
  DeleteAcls(argument: _cairn_v1_DeleteAclsRequest, callback: grpc.requestCallback<_cairn_v1_DeleteAclsResponse__Output>): grpc.ClientUnaryCall;
  deleteAcls(argument: _cairn_v1_DeleteAclsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_DeleteAclsResponse__Output>): grpc.ClientUnaryCall;
  deleteAcls(argument: _cairn_v1_DeleteAclsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_v1_DeleteAclsResponse__Output>): grpc.ClientUnaryCall;
  deleteAcls(argument: _cairn_v1_DeleteAclsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_DeleteAclsResponse__Output>): grpc.ClientUnaryCall;
  deleteAcls(argument: _cairn_v1_DeleteAclsRequest, callback: grpc.requestCallback<_cairn_v1_DeleteAclsResponse__Output>): grpc.ClientUnaryCall;
  
  DeleteUser(argument: _cairn_v1_DeleteUserRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_DeleteUserResponse__Output>): grpc.ClientUnaryCall;
  DeleteUser(argument: _cairn_v1_DeleteUserRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_v1_DeleteUserResponse__Output>): grpc.ClientUnaryCall;
  DeleteUser(argument: _cairn_v1_DeleteUserRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_DeleteUserResponse__Output>): grpc.ClientUnaryCall;
  DeleteUser(argument: _cairn_v1_DeleteUserRequest, callback: grpc.requestCallback<_cairn_v1_DeleteUserResponse__Output>): grpc.ClientUnaryCall;
  deleteUser(argument: _cairn_v1_DeleteUserRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_DeleteUserResponse__Output>): grpc.ClientUnaryCall;
  deleteUser(argument: _cairn_v1_DeleteUserRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_v1_DeleteUserResponse__Output>): grpc.ClientUnaryCall;
  deleteUser(argument: _cairn_v1_DeleteUserRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_DeleteUserResponse__Output>): grpc.ClientUnaryCall;
  deleteUser(argument: _cairn_v1_DeleteUserRequest, callback: grpc.requestCallback<_cairn_v1_DeleteUserResponse__Output>): grpc.ClientUnaryCall;
  
  ListAcls(argument: _cairn_v1_ListAclsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_ListAclsResponse__Output>): grpc.ClientUnaryCall;
  ListAcls(argument: _cairn_v1_ListAclsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_v1_ListAclsResponse__Output>): grpc.ClientUnaryCall;
  ListAcls(argument: _cairn_v1_ListAclsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_ListAclsResponse__Output>): grpc.ClientUnaryCall;
  ListAcls(argument: _cairn_v1_ListAclsRequest, callback: grpc.requestCallback<_cairn_v1_ListAclsResponse__Output>): grpc.ClientUnaryCall;
  listAcls(argument: _cairn_v1_ListAclsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_ListAclsResponse__Output>): grpc.ClientUnaryCall;
  listAcls(argument: _cairn_v1_ListAclsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_v1_ListAclsResponse__Output>): grpc.ClientUnaryCall;
  listAcls(argument: _cairn_v1_ListAclsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_ListAclsResponse__Output>): grpc.ClientUnaryCall;
  listAcls(argument: _cairn_v1_ListAclsRequest, callback: grpc.requestCallback<_cairn_v1_ListAclsResponse__Output>): grpc.ClientUnaryCall;
  
  ListUsers(argument: _cairn_v1_ListUsersRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_ListUsersResponse__Output>): grpc.ClientUnaryCall;
  ListUsers(argument: _cairn_v1_ListUsersRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_v1_ListUsersResponse__Output>): grpc.ClientUnaryCall;
  ListUsers(argument: _cairn_v1_ListUsersRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_ListUsersResponse__Output>): grpc.ClientUnaryCall;
  ListUsers(argument: _cairn_v1_ListUsersRequest, callback: grpc.requestCallback<_cairn_v1_ListUsersResponse__Output>): grpc.ClientUnaryCall;
  listUsers(argument: _cairn_v1_ListUsersRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_ListUsersResponse__Output>): grpc.ClientUnaryCall;
  listUsers(argument: _cairn_v1_ListUsersRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_v1_ListUsersResponse__Output>): grpc.ClientUnaryCall;
  listUsers(argument: _cairn_v1_ListUsersRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_ListUsersResponse__Output>): grpc.ClientUnaryCall;
  listUsers(argument: _cairn_v1_ListUsersRequest, callback: grpc.requestCallback<_cairn_v1_ListUsersResponse__Output>): grpc.ClientUnaryCall;
  
  RotateTokenKey(argument: _cairn_v1_RotateTokenKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_RotateTokenKeyResponse__Output>): grpc.ClientUnaryCall;
  RotateTokenKey(argument: _cairn_v1_RotateTokenKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_v1_RotateTokenKeyResponse__Output>): grpc.ClientUnaryCall;
  RotateTokenKey(argument: _cairn_v1_RotateTokenKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_RotateTokenKeyResponse__Output>): grpc.ClientUnaryCall;
  RotateTokenKey(argument: _cairn_v1_RotateTokenKeyRequest, callback: grpc.requestCallback<_cairn_v1_RotateTokenKeyResponse__Output>): grpc.ClientUnaryCall;
  rotateTokenKey(argument: _cairn_v1_RotateTokenKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_RotateTokenKeyResponse__Output>): grpc.ClientUnaryCall;
  rotateTokenKey(argument: _cairn_v1_RotateTokenKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cairn_v1_RotateTokenKeyResponse__Output>): grpc.ClientUnaryCall;
  rotateTokenKey(argument: _cairn_v1_RotateTokenKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cairn_v1_RotateTokenKeyResponse__Output>): grpc.ClientUnaryCall;
  rotateTokenKey(argument: _cairn_v1_RotateTokenKeyRequest, callback: grpc.requestCallback<_cairn_v1_RotateTokenKeyResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface SecurityHandlers extends grpc.UntypedServiceImplementation {
  Authenticate: grpc.handleUnaryCall<_cairn_v1_AuthenticateRequest__Output, _cairn_v1_AuthenticateResponse>;
  
  CreateAcls: grpc.handleUnaryCall<_cairn_v1_CreateAclsRequest__Output, _cairn_v1_CreateAclsResponse>;
  
  CreateUser: grpc.handleUnaryCall<_cairn_v1_CreateUserRequest__Output, _cairn_v1_CreateUserResponse>;
  
  DeleteAcls: grpc.handleUnaryCall<_cairn_v1_DeleteAclsRequest__Output, _cairn_v1_DeleteAclsResponse>;
  
  DeleteUser: grpc.handleUnaryCall<_cairn_v1_DeleteUserRequest__Output, _cairn_v1_DeleteUserResponse>;
  
  ListAcls: grpc.handleUnaryCall<_cairn_v1_ListAclsRequest__Output, _cairn_v1_ListAclsResponse>;
  
  ListUsers: grpc.handleUnaryCall<_cairn_v1_ListUsersRequest__Output, _cairn_v1_ListUsersResponse>;
  
  RotateTokenKey: grpc.handleUnaryCall<_cairn_v1_RotateTokenKeyRequest__Output, _cairn_v1_RotateTokenKeyResponse>;
  
}

export interface SecurityDefinition extends grpc.ServiceDefinition {
  Authenticate: MethodDefinition<_cairn_v1_AuthenticateRequest, _cairn_v1_AuthenticateResponse, _cairn_v1_AuthenticateRequest__Output, _cairn_v1_AuthenticateResponse__Output>
  CreateAcls: MethodDefinition<_cairn_v1_CreateAclsRequest, _cairn_v1_CreateAclsResponse, _cairn_v1_CreateAclsRequest__Output, _cairn_v1_CreateAclsResponse__Output>
  CreateUser: MethodDefinition<_cairn_v1_CreateUserRequest, _cairn_v1_CreateUserResponse, _cairn_v1_CreateUserRequest__Output, _cairn_v1_CreateUserResponse__Output>
  DeleteAcls: MethodDefinition<_cairn_v1_DeleteAclsRequest, _cairn_v1_DeleteAclsResponse, _cairn_v1_DeleteAclsRequest__Output, _cairn_v1_DeleteAclsResponse__Output>
  DeleteUser: MethodDefinition<_cairn_v1_DeleteUserRequest, _cairn_v1_DeleteUserResponse, _cairn_v1_DeleteUserRequest__Output, _cairn_v1_DeleteUserResponse__Output>
  ListAcls: MethodDefinition<_cairn_v1_ListAclsRequest, _cairn_v1_ListAclsResponse, _cairn_v1_ListAclsRequest__Output, _cairn_v1_ListAclsResponse__Output>
  ListUsers: MethodDefinition<_cairn_v1_ListUsersRequest, _cairn_v1_ListUsersResponse, _cairn_v1_ListUsersRequest__Output, _cairn_v1_ListUsersResponse__Output>
  RotateTokenKey: MethodDefinition<_cairn_v1_RotateTokenKeyRequest, _cairn_v1_RotateTokenKeyResponse, _cairn_v1_RotateTokenKeyRequest__Output, _cairn_v1_RotateTokenKeyResponse__Output>
}
