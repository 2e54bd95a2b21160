/**
 * Loads proto/cairn/v1/client.proto at run time. The server loads it through
 * here too (`clusterService()`, `dataService()`), so both sides decode with
 * the same options.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadPackageDefinition } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import type { ClusterDefinition } from '../gen/cairn/v1/Cluster.js';
import type { DataDefinition } from '../gen/cairn/v1/Data.js';
import type { GroupsDefinition } from '../gen/cairn/v1/Groups.js';
import type { SecurityDefinition } from '../gen/cairn/v1/Security.js';
import type { ProtoGrpcType } from '../gen/client.js';

/** The options scripts/gen-proto.sh generates src/gen with; runtime objects must match those types. */
const PROTO_LOADER_OPTIONS = { longs: String, enums: String, defaults: true, oneofs: true } as const;

/** Where proto/ is from this file: src/protocol/ in development, dist/src/protocol/ once built. */
export function protoDir(): string {
  for (const relative of ['../../proto/', '../../../proto/']) {
    const dir = fileURLToPath(new URL(relative, import.meta.url));
    if (existsSync(`${dir}cairn/v1/client.proto`)) return dir;
  }
  throw new Error(`proto/cairn/v1/client.proto not found above ${fileURLToPath(import.meta.url)}`);
}

let loaded: ProtoGrpcType['cairn']['v1'] | undefined;

function clientProto(): ProtoGrpcType['cairn']['v1'] {
  loaded ??= (
    loadPackageDefinition(loadSync('cairn/v1/client.proto', { ...PROTO_LOADER_OPTIONS, includeDirs: [protoDir()] })) as unknown as ProtoGrpcType
  ).cairn.v1;
  return loaded;
}

export function clusterService(): ClusterDefinition {
  return clientProto().Cluster.service;
}

/** The data path (produce, fetch, subscribe, list offsets); the server serves it with the same definition. */
export function dataService(): DataDefinition {
  return clientProto().Data.service;
}

/** Consumer groups: coordinator lookup, heartbeats, offsets and group admin. */
export function groupsService(): GroupsDefinition {
  return clientProto().Groups.service;
}

/** Authentication (tokens), users and ACLs. */
export function securityService(): SecurityDefinition {
  return clientProto().Security.service;
}
