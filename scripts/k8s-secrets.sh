#!/usr/bin/env bash
# Writes the Secrets deploy/k8s needs, for a cluster without cert-manager:
#   scripts/k8s-secrets.sh NAMESPACE [REPLICAS] [OUT_DIR]    (REPLICAS 3, OUT_DIR ./cairn-secrets)
# OUT_DIR gets the CA and certificates (scripts/gen-certs.sh: node:1..REPLICAS, valid
# for the pods' names in NAMESPACE, and a client certificate "admin"), a random
# bootstrap password and metrics token, and secrets.yaml with the Secrets
# cairn-node-N-tls (tls.crt, tls.key, ca.crt, as cert-manager writes them),
# cairn-admin (password) and cairn-metrics-token (token):
#   kubectl -n NAMESPACE apply -f OUT_DIR/secrets.yaml && kubectl -n NAMESPACE apply -k deploy/k8s
# Running it again renews the certificates under the same CA; applying the new
# secrets.yaml rotates them without a restart. Keep OUT_DIR (it holds the CA key)
# somewhere safe, or use the cert-manager component instead.
set -euo pipefail
namespace=${1:?usage: k8s-secrets.sh NAMESPACE [REPLICAS] [OUT_DIR]}
replicas=${2:-3}
out=${3:-./cairn-secrets}
[[ $replicas =~ ^[1-9][0-9]*$ ]] || { echo "k8s-secrets.sh: REPLICAS must be a positive integer, got '$replicas'" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
dns="cairn.$namespace.svc.cluster.local,cairn.$namespace.svc"
specs=()
for ((n = 1; n <= replicas; n++)); do specs+=("node:$n"); done
for ((n = 1; n <= replicas; n++)); do
  # Each node's certificate carries every pod name: simpler, and the node id binds it, not the name.
  dns+=",cairn-$((n - 1)).cairn-headless.$namespace.svc.cluster.local"
done
CAIRN_CLUSTER_ID=${CAIRN_CLUSTER_ID:-cairn} CAIRN_CERT_DNS=$dns "$here/gen-certs.sh" "$out" "${specs[@]}" admin >/dev/null
umask 077
[ -s "$out/admin-password" ] || openssl rand -base64 24 | tr -d '\n' >"$out/admin-password"
[ -s "$out/metrics-token" ] || openssl rand -hex 24 | tr -d '\n' >"$out/metrics-token"
b64() { base64 <"$1" | tr -d '\n'; }
secret() { # NAME KEY=FILE...
  local name=$1 pair
  shift
  printf 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: %s\n  labels:\n    app.kubernetes.io/name: cairn\ntype: Opaque\ndata:\n' "$name"
  for pair in "$@"; do printf '  %s: %s\n' "${pair%%=*}" "$(b64 "${pair#*=}")"; done
}
{
  for ((n = 1; n <= replicas; n++)); do
    secret "cairn-node-$n-tls" "tls.crt=$out/node-$n.crt" "tls.key=$out/node-$n.key" "ca.crt=$out/ca.crt"
    echo '---'
  done
  secret cairn-admin "password=$out/admin-password"
  echo '---'
  secret cairn-metrics-token "token=$out/metrics-token"
} >"$out/secrets.yaml"
echo "wrote $out/secrets.yaml: cairn-node-{1..$replicas}-tls, cairn-admin, cairn-metrics-token (the admin password is in $out/admin-password)"
