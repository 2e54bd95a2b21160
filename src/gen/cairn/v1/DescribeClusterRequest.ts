// Original file: proto/cairn/v1/client.proto


export interface DescribeClusterRequest {
}

export interface DescribeClusterRequest__Output {
}
