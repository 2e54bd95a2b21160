// Original file: proto/cairn/v1/client.proto


export interface CreateTopicRequest {
  'name'?: (string);
  'partitions'?: (number);
  'replicationFactor'?: (number);
  'configs'?: ({[key: string]: string});
}

export interface CreateTopicRequest__Output {
  'name': (string);
  'partitions': (number);
  'replicationFactor': (number);
  'configs': ({[key: string]: string});
}
