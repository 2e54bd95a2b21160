// Original file: proto/cairn/v1/client.proto


export interface RecommissionNodeResponse {
}

export interface RecommissionNodeResponse__Output {
}
