// Original file: proto/cairn/v1/client.proto


export interface ListGroupsRequest {
}

export interface ListGroupsRequest__Output {
}
