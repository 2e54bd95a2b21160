// Original file: proto/cairn/v1/client.proto


export interface CommitOffsetsResponse {
}

export interface CommitOffsetsResponse__Output {
}
