// Original file: proto/cairn/v1/client.proto


export interface MovePartitionResponse {
  'moving'?: (boolean);
}

export interface MovePartitionResponse__Output {
  'moving': (boolean);
}
