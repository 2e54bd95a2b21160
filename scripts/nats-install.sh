#!/usr/bin/env bash
# Fetches the two nats-server builds the benchmark compares against, from
# Debian's packages, into .bench/nats/ (gitignored); nothing is installed
# system-wide, so no nats-server service starts on this machine.
#   .bench/nats/2.9/nats-server    bookworm's 2.9 (fsyncs its store every 2 minutes)
#   .bench/nats/2.10/nats-server   trixie's 2.10, which has `sync_interval: always`
#                                  (fsync before every acknowledgement)
# Idempotent: a version already extracted is kept. The trixie source lives
# only in a temporary apt configuration that is deleted afterwards; the
# system's own sources and package lists are not touched.
#   scripts/nats-install.sh [DEST]      (default: .bench/nats)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dest=${1:-$root/.bench/nats}
mkdir -p "$dest"
dest=$(cd "$dest" && pwd)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Downloads the .deb of nats-server for SUITE and extracts its binary to DIR.
fetch() {
  local suite=$1 dir=$2
  if [ -x "$dir/nats-server" ]; then
    echo "$("$dir/nats-server" --version) already in $dir"
    return
  fi
  local apt="$work/apt-$suite"
  mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/deb"
  cat > "$apt/sources.list" <<EOF
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian $suite main
EOF
  local opts=(
    -o "Dir::Etc::SourceList=$apt/sources.list"
    -o "Dir::Etc::SourceParts=/dev/null"
    -o "Dir::State::Lists=$apt/lists"
    -o "Dir::Cache=$apt/cache"
    -o "Dir::State::Status=/var/lib/dpkg/status"
    -o "APT::Get::List-Cleanup=false"
    -o "APT::Sandbox::User=root" # a private folder: apt's sandbox user is not needed
  )
  apt-get "${opts[@]}" -qq update
  (cd "$apt/deb" && apt-get "${opts[@]}" -qq download "nats-server/$suite")
  local deb
  deb=$(ls "$apt"/deb/nats-server_*.deb)
  dpkg-deb -x "$deb" "$apt/root"
  mkdir -p "$dir"
  install -m 755 "$(find "$apt/root/usr" -type f -name nats-server | head -n 1)" "$dir/nats-server"
  echo "$("$dir/nats-server" --version) from $(basename "$deb") in $dir"
}

fetch bookworm "$dest/2.9"
fetch trixie "$dest/2.10"
