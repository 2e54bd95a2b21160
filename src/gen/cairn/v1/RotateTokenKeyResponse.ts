// Original file: proto/cairn/v1/client.proto


export interface RotateTokenKeyResponse {
}

export interface RotateTokenKeyResponse__Output {
}
