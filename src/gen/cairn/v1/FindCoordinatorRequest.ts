// Original file: proto/cairn/v1/client.proto


export interface FindCoordinatorRequest {
  'groupId'?: (string);
}

export interface FindCoordinatorRequest__Output {
  'groupId': (string);
}
