// Original file: proto/cairn/v1/cluster.proto

import type { PeerHello as _cairn_v1_raft_PeerHello, PeerHello__Output as _cairn_v1_raft_PeerHello__Output } from '../../../cairn/v1/raft/PeerHello.js';
import type { GroupReport as _cairn_v1_cluster_GroupReport, GroupReport__Output as _cairn_v1_cluster_GroupReport__Output } from '../../../cairn/v1/cluster/GroupReport.js';

export interface NodeReport {
  'node'?: (_cairn_v1_raft_PeerHello | null);
  'clientAddress'?: (string);
  'peerAddress'?: (string);
  'rack'?: (string);
  'groups'?: (_cairn_v1_cluster_GroupReport)[];
  'draining'?: (boolean);
  'wantsOffsetsTopic'?: (boolean);
  'cores'?: (number);
  'partitionsPerCore'?: (number);
}

export interface NodeReport__Output {
  'node': (_cairn_v1_raft_PeerHello__Output | null);
  'clientAddress': (string);
  'peerAddress': (string);
  'rack': (string);
  'groups': (_cairn_v1_cluster_GroupReport__Output)[];
  'draining': (boolean);
  'wantsOffsetsTopic': (boolean);
  'cores': (number);
  'partitionsPerCore': (number);
}
