// Original file: proto/cairn/v1/client.proto


export interface DeleteUserRequest {
  'name'?: (string);
}

export interface DeleteUserRequest__Output {
  'name': (string);
}
