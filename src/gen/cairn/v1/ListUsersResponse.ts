// Original file: proto/cairn/v1/client.proto

import type { UserInfo as _cairn_v1_UserInfo, UserInfo__Output as _cairn_v1_UserInfo__Output } from '../../cairn/v1/UserInfo.js';

export interface ListUsersResponse {
  'users'?: (_cairn_v1_UserInfo)[];
}

export interface ListUsersResponse__Output {
  'users': (_cairn_v1_UserInfo__Output)[];
}
