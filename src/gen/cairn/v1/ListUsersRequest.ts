// Original file: proto/cairn/v1/client.proto


export interface ListUsersRequest {
}

export interface ListUsersRequest__Output {
}
