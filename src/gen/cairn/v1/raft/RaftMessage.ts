// Original file: proto/cairn/v1/raft.proto

import type { Entry as _cairn_v1_raft_Entry, Entry__Output as _cairn_v1_raft_Entry__Output } from '../../../cairn/v1/raft/Entry.js';
import type { Long } from '@grpc/proto-loader';

export interface RaftMessage {
  'group'?: (number);
  'type'?: (number);
  'from'?: (number);
  'to'?: (number);
  'term'?: (number | string | Long);
  'logTerm'?: (number | string | Long);
  'index'?: (number | string | Long);
  'entries'?: (_cairn_v1_raft_Entry)[];
  'commit'?: (number | string | Long);
  'reject'?: (boolean);
  'rejectHint'?: (number | string | Long);
  'transfer'?: (boolean);
  'quiesce'?: (boolean);
  'boot'?: (number);
}

export interface RaftMessage__Output {
  'group': (number);
  'type': (number);
  'from': (number);
  'to': (number);
  'term': (string);
  'logTerm': (string);
  'index': (string);
  'entries': (_cairn_v1_raft_Entry__Output)[];
  'commit': (string);
  'reject': (boolean);
  'rejectHint': (string);
  'transfer': (boolean);
  'quiesce': (boolean);
  'boot': (number);
}
