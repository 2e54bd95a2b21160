// Original file: proto/cairn/v1/client.proto


export interface DescribeGroupRequest {
  'groupId'?: (string);
}

export interface DescribeGroupRequest__Output {
  'groupId': (string);
}
