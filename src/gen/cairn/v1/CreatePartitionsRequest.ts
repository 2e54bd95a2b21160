// Original file: proto/cairn/v1/client.proto


export interface CreatePartitionsRequest {
  'name'?: (string);
  'totalPartitions'?: (number);
}

export interface CreatePartitionsRequest__Output {
  'name': (string);
  'totalPartitions': (number);
}
