#!/usr/bin/env bash
# Puts promtool, Prometheus's rule checker, on PATH: the monitoring tests check
# the alert rules of deploy/k8s/components/monitoring with it. Debian ships it
# in the `prometheus` package. Nothing to do when it is already there.
set -euo pipefail

if command -v promtool >/dev/null 2>&1; then
  exit 0
fi
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "install-promtool: promtool is missing and installing it needs root (apt-get install prometheus)" >&2; exit 1; }
  sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
# The package's server is not started: with no init system here, or policy-rc.d, its service stays down.
if ! "${sudo[@]}" apt-get install -y -qq --no-install-recommends prometheus >/dev/null; then
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends prometheus >/dev/null
fi
command -v promtool >/dev/null 2>&1 || { echo "install-promtool: the prometheus package installed no promtool" >&2; exit 1; }
promtool --version | head -1
