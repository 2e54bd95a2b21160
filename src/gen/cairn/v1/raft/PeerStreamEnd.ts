// Original file: proto/cairn/v1/raft.proto


export interface PeerStreamEnd {
}

export interface PeerStreamEnd__Output {
}
