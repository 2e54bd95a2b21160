// Original file: proto/cairn/v1/client.proto


export interface MovePartitionRequest {
  'topic'?: (string);
  'partition'?: (number);
  'replicas'?: (number)[];
}

export interface MovePartitionRequest__Output {
  'topic': (string);
  'partition': (number);
  'replicas': (number)[];
}
