// Original file: proto/cairn/v1/raft.proto


export interface ConfState {
  'voters'?: (number)[];
  'learners'?: (number)[];
}

export interface ConfState__Output {
  'voters': (number)[];
  'learners': (number)[];
}
