// Original file: proto/cairn/v1/client.proto


export interface DecommissionNodeRequest {
  'nodeId'?: (number);
}

export interface DecommissionNodeRequest__Output {
  'nodeId': (number);
}
