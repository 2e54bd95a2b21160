// Original file: proto/cairn/v1/client.proto


export interface CreateUserRequest {
  'name'?: (string);
  'password'?: (string);
}

export interface CreateUserRequest__Output {
  'name': (string);
  'password': (string);
}
