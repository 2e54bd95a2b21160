#!/usr/bin/env bash
# Makes a test certificate authority and certificates for Cairn nodes and clients.
#   scripts/gen-certs.sh OUT_DIR [SPEC ...]        (default SPECs: node:1 client)
# SPEC is one of:
#   node:ID   node-ID.crt/.key: a node certificate for node ID. Its URI SAN
#             cairn://CLUSTER/node/ID binds the node id and cluster (the peer
#             port refuses a hello claiming another id); its extended key usage
#             is serverAuth and clientAuth, since nodes serve and dial each other.
#   NAME      NAME.crt/.key: a client certificate with CN=NAME (the user it maps
#             to by default) and extended key usage clientAuth only, so it can
#             never join the peer port, although the same CA signs it.
# Environment:
#   CAIRN_CLUSTER_ID   the cluster node certificates name (default: cairn)
#   CAIRN_CERT_DNS     extra DNS names for node certificates, comma-separated
#   CAIRN_CERT_DAYS    validity in days (default: 365)
#   CAIRN_CA_NAME      CN of a CA made here (default: cairn-test-ca); another
#                      OUT_DIR makes another CA, e.g. for another cluster
# Every node certificate is also valid for localhost and 127.0.0.1. A CA that
# already exists in OUT_DIR is reused, so running the script again renews the
# certificates under the same CA (as a rotation would).
# Not for production: the CA key sits next to the certificates.
set -euo pipefail
out=${1:?usage: gen-certs.sh OUT_DIR [node:ID | NAME ...]}
shift
specs=("$@")
[ ${#specs[@]} -gt 0 ] || specs=(node:1 client)
cluster=${CAIRN_CLUSTER_ID:-cairn}
days=${CAIRN_CERT_DAYS:-365}
mkdir -p "$out"
cd "$out"
if [ ! -f ca.key ]; then
  openssl req -x509 -newkey rsa:2048 -nodes -days "$days" -subj "/CN=${CAIRN_CA_NAME:-cairn-test-ca}" \
    -keyout ca.key -out ca.crt 2>/dev/null
fi
# A URI path segment: percent-encode everything but unreserved characters.
uri_segment() {
  local text=$1 encoded='' c i
  for ((i = 0; i < ${#text}; i++)); do
    c=${text:i:1}
    case $c in
      [A-Za-z0-9._~-]) encoded+=$c ;;
      *) encoded+=$(printf '%%%02X' "'$c") ;;
    esac
  done
  printf '%s' "$encoded"
}
made=()
for spec in "${specs[@]}"; do
  if [[ $spec == node:* ]]; then
    id=${spec#node:}
    [[ $id =~ ^[1-9][0-9]*$ ]] || { echo "gen-certs.sh: node:ID needs a positive node id, got '$spec'" >&2; exit 2; }
    name=node-$id
    sans="URI:cairn://$(uri_segment "$cluster")/node/$id,DNS:localhost,IP:127.0.0.1"
    IFS=',' read -r -a extra <<<"${CAIRN_CERT_DNS:-}"
    for dns in "${extra[@]}"; do [ -z "$dns" ] || sans+=",DNS:$dns"; done
    usage=serverAuth,clientAuth
  else
    [[ $spec =~ ^[A-Za-z0-9._@-]+$ ]] || { echo "gen-certs.sh: a client name is letters, digits and ._@-, got '$spec'" >&2; exit 2; }
    name=$spec
    sans=
    usage=clientAuth
  fi
  {
    echo 'basicConstraints=CA:FALSE'
    echo 'keyUsage=digitalSignature,keyEncipherment'
    echo "extendedKeyUsage=$usage"
    [ -z "$sans" ] || echo "subjectAltName=$sans"
  } >"$name.ext"
  openssl req -newkey rsa:2048 -nodes -subj "/CN=$name" -keyout "$name.key.new" -out "$name.csr" 2>/dev/null
  openssl x509 -req -in "$name.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days "$days" \
    -extfile "$name.ext" -out "$name.crt.new" 2>/dev/null
  # Key first, then certificate, each replaced in one rename: a node reloading meanwhile sees a
  # mismatched pair at worst, which it refuses and retries, never a half-written file.
  mv "$name.key.new" "$name.key"
  mv "$name.crt.new" "$name.crt"
  rm -f "$name.csr" "$name.ext"
  made+=("$name.crt")
done
echo "certificates in $out: ca.crt ${made[*]}"
