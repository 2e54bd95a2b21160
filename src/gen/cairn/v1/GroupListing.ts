// Original file: proto/cairn/v1/client.proto


export interface GroupListing {
  'groupId'?: (string);
  'state'?: (string);
  'members'?: (number);
  'coordinator'?: (number);
}

export interface GroupListing__Output {
  'groupId': (string);
  'state': (string);
  'members': (number);
  'coordinator': (number);
}
