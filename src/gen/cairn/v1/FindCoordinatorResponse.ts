// Original file: proto/cairn/v1/client.proto


export interface FindCoordinatorResponse {
  'nodeId'?: (number);
  'address'?: (string);
}

export interface FindCoordinatorResponse__Output {
  'nodeId': (number);
  'address': (string);
}
