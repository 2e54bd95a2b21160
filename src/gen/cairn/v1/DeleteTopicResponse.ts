// Original file: proto/cairn/v1/client.proto


export interface DeleteTopicResponse {
}

export interface DeleteTopicResponse__Output {
}
