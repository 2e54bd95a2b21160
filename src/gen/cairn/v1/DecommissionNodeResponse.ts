// Original file: proto/cairn/v1/client.proto


export interface DecommissionNodeResponse {
}

export interface DecommissionNodeResponse__Output {
}
