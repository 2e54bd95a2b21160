// Original file: proto/cairn/v1/client.proto


export interface AuthenticateRequest {
  'user'?: (string);
  'password'?: (string);
}

export interface AuthenticateRequest__Output {
  'user': (string);
  'password': (string);
}
