/** Loads the internal peer protocol (proto/cairn/v1/raft.proto) once, with the options src/gen was generated for. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPackageDefinition } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import type { ProtoGrpcType } from '../gen/raft.js';

const PROTO_FILE = 'cairn/v1/raft.proto';
// This module runs from src/transport (tsx, vitest) and from dist/src/transport (after tsc).
const PROTO_DIR_CANDIDATES = ['../../proto/', '../../../proto/'];

export type PeerProto = ProtoGrpcType['cairn']['v1']['raft'];

let loaded: PeerProto | null = null;

export function peerProto(): PeerProto {
  if (loaded !== null) return loaded;
  const dirs = PROTO_DIR_CANDIDATES.map((relative) => fileURLToPath(new URL(relative, import.meta.url)));
  const protoDir = dirs.find((dir) => existsSync(join(dir, PROTO_FILE)));
  if (protoDir === undefined) throw new Error(`${PROTO_FILE} not found in ${dirs.join(' or ')}`);
  const definition = loadSync(PROTO_FILE, {
    includeDirs: [protoDir],
    longs: String,
    enums: String,
    defaults: true,
    oneofs: true,
    keepCase: false,
  });
  loaded = (loadPackageDefinition(definition) as unknown as ProtoGrpcType).cairn.v1.raft;
  return loaded;
}
