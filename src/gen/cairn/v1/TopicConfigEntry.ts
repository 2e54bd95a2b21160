// Original file: proto/cairn/v1/client.proto


export interface TopicConfigEntry {
  'key'?: (string);
  'value'?: (string);
  'source'?: (string);
  'accepts'?: (string);
}

export interface TopicConfigEntry__Output {
  'key': (string);
  'value': (string);
  'source': (string);
  'accepts': (string);
}
