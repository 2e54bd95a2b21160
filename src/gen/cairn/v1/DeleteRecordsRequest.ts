// Original file: proto/cairn/v1/client.proto

import type { DeleteRecordsPartition as _cairn_v1_DeleteRecordsPartition, DeleteRecordsPartition__Output as _cairn_v1_DeleteRecordsPartition__Output } from '../../cairn/v1/DeleteRecordsPartition.js';

export interface DeleteRecordsRequest {
  'partitions'?: (_cairn_v1_DeleteRecordsPartition)[];
}

export interface DeleteRecordsRequest__Output {
  'partitions': (_cairn_v1_DeleteRecordsPartition__Output)[];
}
