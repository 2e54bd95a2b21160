#!/usr/bin/env bash
# Builds the test-only node image with the planted bug (ack-before-commit.ts)
# on top of the ordinary image. Never used outside the chaos suite.
#
#   test/chaos/planted/build-image.sh   # cairn:local → cairn:planted-ack-before-commit
set -euo pipefail
cd "$(dirname "$0")/../../.."
base="${BASE_IMAGE:-cairn:local}"
image="${IMAGE:-cairn:planted-ack-before-commit}"
work="$(mktemp -d "${TMPDIR:-/tmp}/cairn-planted.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# The entrypoint compiled alone, laid out as the image's dist/ is (rootDir = the repository).
npx tsc -p test/chaos/planted/tsconfig.json --outDir "$work/dist"
# A single stage: the classic builder is enough, whichever Docker CLI this is.
DOCKER_BUILDKIT=0 docker build -q -f test/chaos/planted/Dockerfile --build-arg BASE_IMAGE="$base" -t "$image" "$work" >/dev/null
echo "planted build-image: $image ready"
