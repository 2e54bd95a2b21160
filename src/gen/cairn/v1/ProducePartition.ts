// Original file: proto/cairn/v1/client.proto


export interface ProducePartition {
  'topic'?: (string);
  'partition'?: (number);
  'batch'?: (Buffer | Uint8Array | string);
}

export interface ProducePartition__Output {
  'topic': (string);
  'partition': (number);
  'batch': (Buffer);
}
