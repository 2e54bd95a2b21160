// Original file: proto/cairn/v1/raft.proto


export interface PeerHello {
  'nodeId'?: (number);
  'clusterId'?: (string);
  'incarnation'?: (string);
}

export interface PeerHello__Output {
  'nodeId': (number);
  'clusterId': (string);
  'incarnation': (string);
}
