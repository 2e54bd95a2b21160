#!/usr/bin/env bash
# Builds the node image cairn:local on a machine with no image registry:
#
# 1. a base image made from this host's Node runtime: the `node` binary, the
#    shared libraries it and the production native addons link against (as
#    `ldd` lists them), and the few files name resolution needs; imported
#    with `docker import` as cairn-node-base:local;
# 2. the project built on the host (npm run build) and a production-only copy
#    of node_modules (a pruned copy of the installed one: no network needed);
# 3. deploy/docker/Dockerfile, the one users build, with NODE_IMAGE set to
#    that base and INPUT=prebuilt, so its runtime stage takes those artifacts.
#
#   scripts/build-image.sh               # cairn:local
#   IMAGE=cairn:dev scripts/build-image.sh
#   SKIP_BUILD=1 scripts/build-image.sh  # dist/ is already built
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
image="${IMAGE:-cairn:local}"
base_repo="cairn-node-base"

"$root/scripts/docker-up.sh" >/dev/null

# BuildKit builds only the stage INPUT selects. A Docker CLI without the
# buildx plugin can still use the engine's BuildKit if it predates 23.0.
docker_build() {
  if docker buildx version >/dev/null 2>&1; then
    docker build "$@"
  else
    local cli
    for cli in docker /usr/bin/docker; do
      major="$("$cli" version --format '{{.Client.Version}}' 2>/dev/null | cut -d. -f1)"
      if [ -n "$major" ] && [ "$major" -lt 23 ]; then
        DOCKER_BUILDKIT=1 "$cli" build "$@"
        return
      fi
    done
    echo "build-image: needs BuildKit: install the docker buildx plugin" >&2
    return 1
  fi
}

work="$(mktemp -d "${TMPDIR:-/tmp}/cairn-image.XXXXXX")"
trap 'rm -rf "$work"' EXIT

echo "== build-image: project build and production node_modules"
if [ -z "${SKIP_BUILD:-}" ]; then npm run build --silent; fi
context="$work/context"
mkdir -p "$context/dist"
cp package.json package-lock.json "$context/"
cp -r proto "$context/proto"
cp -r dist/src "$context/dist/src"
# The web console's bundle (npm run build:console), served by the node under /ui.
cp -r dist/console-ui "$context/dist/console-ui"
# node_modules may be a symlink to a shared install: copy what it points to.
cp -a "$(readlink -f node_modules)" "$context/node_modules"
(cd "$context" && npm prune --omit=dev --no-audit --no-fund --loglevel=error && rm package-lock.json)

echo "== build-image: base image from the host's Node"
node_bin="$(readlink -f "$(command -v node)")"
# Libraries of node and of every native addon the image will load.
mapfile -t libs < <(
  { ldd "$node_bin"; find "$context/node_modules" -name '*.node' -exec ldd {} \; 2>/dev/null; } |
    awk '/=> \// { print $3 } /^[ \t]*\/[^ ]+ \(/ { print $1 }' | sort -u
)
fingerprint="$( { "$node_bin" --version; for lib in "${libs[@]}"; do sha256sum "$(readlink -f "$lib")"; done; sha256sum "$node_bin"; } | sha256sum | cut -c1-16)"
base="$base_repo:$fingerprint"
if docker image inspect "$base" >/dev/null 2>&1; then
  echo "$base exists"
else
  rootfs="$work/rootfs"
  mkdir -p "$rootfs/usr/local/bin" "$rootfs/etc" "$rootfs/tmp"
  chmod 1777 "$rootfs/tmp"
  cp "$node_bin" "$rootfs/usr/local/bin/node"
  for lib in "${libs[@]}"; do
    mkdir -p "$rootfs$(dirname "$lib")"
    cp -L "$lib" "$rootfs$lib"
  done
  # glibc's own files and dns backends answer host names (Docker provides
  # /etc/hosts and /etc/resolv.conf); a user table names the node's uid.
  printf 'passwd: files\ngroup: files\nhosts: files dns\n' >"$rootfs/etc/nsswitch.conf"
  printf 'root:x:0:0:root:/root:/sbin/nologin\ncairn:x:10001:10001:cairn:/var/lib/cairn:/sbin/nologin\n' >"$rootfs/etc/passwd"
  printf 'root:x:0:\ncairn:x:10001:\n' >"$rootfs/etc/group"
  tar -C "$rootfs" -c . | docker import \
    --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin' \
    --message "Node $("$node_bin" --version) from the build host" - "$base" >/dev/null
  echo "$base imported ($(du -sh "$rootfs" | cut -f1))"
fi
docker tag "$base" "$base_repo:local"
# Base images of an earlier Node or library set are no longer used.
docker images --format '{{.Repository}}:{{.Tag}}' "$base_repo" | grep -vx -e "$base" -e "$base_repo:local" | xargs -r docker rmi >/dev/null 2>&1 || true

echo "== build-image: $image"
docker_build -f "$root/deploy/docker/Dockerfile" \
  --build-arg NODE_IMAGE="$base_repo:local" --build-arg INPUT=prebuilt \
  --label org.opencontainers.image.title=cairn -t "$image" "$context"
# The image this tag named before, if it changed: only ours, by its label.
docker image prune -f --filter label=org.opencontainers.image.title=cairn >/dev/null
echo "build-image: $image ready"
