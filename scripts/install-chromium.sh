#!/usr/bin/env bash
# Installs Debian's Chromium for the web console's browser test
# (test/integration/console.test.ts drives /usr/bin/chromium through
# playwright-core). Playwright's own browser download cannot work here: the
# machines reach only the npm registry and Debian's packages.
# Idempotent: does nothing when /usr/bin/chromium is already there.
#   scripts/install-chromium.sh
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  echo "$(/usr/bin/chromium --version 2>/dev/null || echo chromium) already installed"
  exit 0
fi
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
/usr/bin/chromium --version
