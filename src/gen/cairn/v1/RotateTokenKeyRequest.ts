// Original file: proto/cairn/v1/client.proto


export interface RotateTokenKeyRequest {
}

export interface RotateTokenKeyRequest__Output {
}
