/** Loads the internal cluster protocol (node ↔ controller) once. */
import { loadPackageDefinition } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { protoDir } from '../protocol/proto.js';
import type { ProtoGrpcType } from '../gen/cluster.js';

let loaded: ProtoGrpcType | undefined;

export function clusterProto(): ProtoGrpcType {
  loaded ??= loadPackageDefinition(
    loadSync('cairn/v1/cluster.proto', { longs: String, enums: String, defaults: true, oneofs: true, includeDirs: [protoDir()] }),
  ) as unknown as ProtoGrpcType;
  return loaded;
}
