// Original file: proto/cairn/v1/client.proto


export interface CreateUserResponse {
}

export interface CreateUserResponse__Output {
}
