// Original file: proto/cairn/v1/client.proto


export interface Broker {
  'nodeId'?: (number);
  'address'?: (string);
  'rack'?: (string);
  'live'?: (boolean);
}

export interface Broker__Output {
  'nodeId': (number);
  'address': (string);
  'rack': (string);
  'live': (boolean);
}
