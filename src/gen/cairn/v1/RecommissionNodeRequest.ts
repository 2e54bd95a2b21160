// Original file: proto/cairn/v1/client.proto


export interface RecommissionNodeRequest {
  'nodeId'?: (number);
}

export interface RecommissionNodeRequest__Output {
  'nodeId': (number);
}
