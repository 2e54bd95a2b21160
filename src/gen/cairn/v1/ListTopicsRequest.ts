// Original file: proto/cairn/v1/client.proto


export interface ListTopicsRequest {
}

export interface ListTopicsRequest__Output {
}
