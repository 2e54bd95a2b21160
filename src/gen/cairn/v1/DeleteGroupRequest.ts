// Original file: proto/cairn/v1/client.proto


export interface DeleteGroupRequest {
  'groupId'?: (string);
}

export interface DeleteGroupRequest__Output {
  'groupId': (string);
}
