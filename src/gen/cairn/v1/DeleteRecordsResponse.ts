// Original file: proto/cairn/v1/client.proto

import type { DeleteRecordsPartitionResult as _cairn_v1_DeleteRecordsPartitionResult, DeleteRecordsPartitionResult__Output as _cairn_v1_DeleteRecordsPartitionResult__Output } from '../../cairn/v1/DeleteRecordsPartitionResult.js';

export interface DeleteRecordsResponse {
  'results'?: (_cairn_v1_DeleteRecordsPartitionResult)[];
}

export interface DeleteRecordsResponse__Output {
  'results': (_cairn_v1_DeleteRecordsPartitionResult__Output)[];
}
