// Original file: proto/cairn/v1/client.proto


export interface AclBinding {
  'principal'?: (string);
  'resourceType'?: (string);
  'patternType'?: (string);
  'resourceName'?: (string);
  'operation'?: (string);
  'permission'?: (string);
}

export interface AclBinding__Output {
  'principal': (string);
  'resourceType': (string);
  'patternType': (string);
  'resourceName': (string);
  'operation': (string);
  'permission': (string);
}
