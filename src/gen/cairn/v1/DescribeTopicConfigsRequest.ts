// Original file: proto/cairn/v1/client.proto


export interface DescribeTopicConfigsRequest {
  'name'?: (string);
}

export interface DescribeTopicConfigsRequest__Output {
  'name': (string);
}
