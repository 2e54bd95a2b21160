// Original file: proto/cairn/v1/cluster.proto


export interface HeartbeatReply {
  'accepted'?: (boolean);
  'controllerHint'?: (number);
  'error'?: (string);
}

export interface HeartbeatReply__Output {
  'accepted': (boolean);
  'controllerHint': (number);
  'error': (string);
}
