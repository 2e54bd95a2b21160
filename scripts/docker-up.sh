#!/usr/bin/env bash
# Makes sure a Docker engine answers on this machine: installs docker.io (and
# the iptables/nftables the chaos suite uses) if missing, starts dockerd in
# the background if none runs, and waits until `docker info` answers.
# Idempotent, and safe to run concurrently (a lock serialises the start).
#
#   scripts/docker-up.sh            # deadline 120 s
#   DOCKER_UP_TIMEOUT_S=300 scripts/docker-up.sh
set -euo pipefail

timeout_s="${DOCKER_UP_TIMEOUT_S:-120}"
log="${DOCKERD_LOG:-/var/log/cairn-dockerd.log}"

answers() { docker info >/dev/null 2>&1; }

if command -v docker >/dev/null && answers; then
  echo "docker-up: the engine answers already"
  exit 0
fi

missing=()
command -v dockerd >/dev/null || missing+=(docker.io)
command -v iptables >/dev/null || missing+=(iptables)
command -v nft >/dev/null || missing+=(nftables)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "docker-up: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi

exec 9>/run/cairn-docker-up.lock
flock -w "$timeout_s" 9

# A dockerd killed with its session may linger a moment as a zombie: it does not count.
alive() {
  local state
  state="$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null || true)"
  [ -n "$state" ] && [ "$state" != Z ]
}
dockerd_running() {
  local pid
  for pid in $(pgrep -x dockerd); do
    if alive "$pid"; then return 0; fi
  done
  return 1
}

dockerd_pid=""
start_dockerd() {
  echo "docker-up: starting dockerd (log: $log)"
  # dockerd waits for (or refuses to start beside) the processes its pid files name, even zombies
  # of a dockerd and containerd killed with a session: pid files of dead processes go.
  local pidfile
  for pidfile in /var/run/docker.pid /var/run/docker/containerd/containerd.pid; do
    if [ -f "$pidfile" ] && ! alive "$(cat "$pidfile")"; then rm -f "$pidfile"; fi
  done
  # Its own session, so it outlives this script and the shell that ran it; not holding the lock.
  setsid dockerd >>"$log" 2>&1 </dev/null 9>&- &
  dockerd_pid=$!
}

# Another run may have started it while this one waited for the lock.
if ! answers && ! dockerd_running; then start_dockerd; fi

deadline=$((SECONDS + timeout_s))
until answers; do
  if [ "$SECONDS" -ge "$deadline" ]; then
    echo "docker-up: docker info did not answer within ${timeout_s} s; end of $log:" >&2
    tail -n 30 "$log" >&2 || true
    exit 1
  fi
  if [ -n "$dockerd_pid" ] && ! alive "$dockerd_pid"; then
    status=0
    wait "$dockerd_pid" || status=$?
    echo "docker-up: dockerd exited (status $status); end of $log:" >&2
    tail -n 30 "$log" >&2 || true
    exit 1
  fi
  # The dockerd seen at first, someone else's, was on its way out: start one.
  if [ -z "$dockerd_pid" ] && ! dockerd_running; then start_dockerd; fi
  sleep 0.5
done
echo "docker-up: the engine answers ($(docker version --format '{{.Server.Version}}' 2>/dev/null))"
