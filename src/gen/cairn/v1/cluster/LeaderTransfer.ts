// Original file: proto/cairn/v1/cluster.proto


export interface LeaderTransfer {
  'group'?: (number);
  'to'?: (number);
}

export interface LeaderTransfer__Output {
  'group': (number);
  'to': (number);
}
