// Original file: proto/cairn/v1/client.proto


export interface DeleteUserResponse {
}

export interface DeleteUserResponse__Output {
}
