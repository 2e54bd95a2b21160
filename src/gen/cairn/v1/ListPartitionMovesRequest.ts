// Original file: proto/cairn/v1/client.proto


export interface ListPartitionMovesRequest {
}

export interface ListPartitionMovesRequest__Output {
}
