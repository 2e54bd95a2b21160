// Original file: proto/cairn/v1/client.proto


export interface AlterTopicConfigsRequest {
  'name'?: (string);
  'set'?: ({[key: string]: string});
  'reset'?: (string)[];
}

export interface AlterTopicConfigsRequest__Output {
  'name': (string);
  'set': ({[key: string]: string});
  'reset': (string)[];
}
