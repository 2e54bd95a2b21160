// Original file: proto/cairn/v1/client.proto

import type { GroupListing as _cairn_v1_GroupListing, GroupListing__Output as _cairn_v1_GroupListing__Output } from '../../cairn/v1/GroupListing.js';

export interface ListGroupsResponse {
  'groups'?: (_cairn_v1_GroupListing)[];
}

export interface ListGroupsResponse__Output {
  'groups': (_cairn_v1_GroupListing__Output)[];
}
