// Original file: proto/cairn/v1/client.proto


export interface DeleteTopicRequest {
  'name'?: (string);
}

export interface DeleteTopicRequest__Output {
  'name': (string);
}
