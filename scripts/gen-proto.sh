#!/usr/bin/env bash
# Generates TypeScript types for proto/ into src/gen/. Never edit src/gen by hand;
# CI regenerates and fails if the committed files differ.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf src/gen
npx --no-install proto-loader-gen-types --longs=String --enums=String --defaults --oneofs \
  --grpcLib=@grpc/grpc-js --importFileExtension=.js --outDir=src/gen \
  cairn/v1/raft.proto cairn/v1/cluster.proto cairn/v1/client.proto --includeDirs proto >/dev/null
