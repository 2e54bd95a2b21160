// Original file: proto/cairn/v1/client.proto


export interface TopicPartitions {
  'topic'?: (string);
  'partitions'?: (number)[];
}

export interface TopicPartitions__Output {
  'topic': (string);
  'partitions': (number)[];
}
