// Original file: proto/cairn/v1/client.proto


export interface DescribeTopicRequest {
  'name'?: (string);
}

export interface DescribeTopicRequest__Output {
  'name': (string);
}
