// Original file: proto/cairn/v1/client.proto


export interface DeleteGroupResponse {
}

export interface DeleteGroupResponse__Output {
}
