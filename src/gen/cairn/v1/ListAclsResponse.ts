// Original file: proto/cairn/v1/client.proto

import type { AclBinding as _cairn_v1_AclBinding, AclBinding__Output as _cairn_v1_AclBinding__Output } from '../../cairn/v1/AclBinding.js';

export interface ListAclsResponse {
  'acls'?: (_cairn_v1_AclBinding)[];
}

export interface ListAclsResponse__Output {
  'acls': (_cairn_v1_AclBinding__Output)[];
}
