// Original file: proto/cairn/v1/client.proto


export interface CreateAclsResponse {
}

export interface CreateAclsResponse__Output {
}
