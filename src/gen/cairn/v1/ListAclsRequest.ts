// Original file: proto/cairn/v1/client.proto

import type { AclBinding as _cairn_v1_AclBinding, AclBinding__Output as _cairn_v1_AclBinding__Output } from '../../cairn/v1/AclBinding.js';

export interface ListAclsRequest {
  'filter'?: (_cairn_v1_AclBinding | null);
}

export interface ListAclsRequest__Output {
  'filter': (_cairn_v1_AclBinding__Output | null);
}
