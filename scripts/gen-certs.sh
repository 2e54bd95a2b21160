#!/usr/bin/env bash
# Makes a test certificate authority and certificates for Cairn nodes and clients.
#   scripts/gen-certs.sh OUT_DIR [NAME ...]
# Each NAME gets NAME.crt and NAME.key, valid for NAME, localhost and 127.0.0.1,
# usable as both server and client certificate (nodes are both to each other).
# Not for production: the CA key sits next to the certificates.
set -euo pipefail
out=${1:?usage: gen-certs.sh OUT_DIR [NAME ...]}
shift
names=("$@")
[ ${#names[@]} -gt 0 ] || names=(node client)
mkdir -p "$out"
cd "$out"
if [ ! -f ca.key ]; then
  openssl req -x509 -newkey rsa:2048 -nodes -days 365 -subj "/CN=cairn-test-ca" \
    -keyout ca.key -out ca.crt 2>/dev/null
fi
for name in "${names[@]}"; do
  cat > "$name.ext" <<EXT
basicConstraints=CA:FALSE
keyUsage=digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth,clientAuth
subjectAltName=DNS:$name,DNS:localhost,IP:127.0.0.1
EXT
  openssl req -newkey rsa:2048 -nodes -subj "/CN=$name" -keyout "$name.key" -out "$name.csr" 2>/dev/null
  openssl x509 -req -in "$name.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days 365 \
    -extfile "$name.ext" -out "$name.crt" 2>/dev/null
  rm -f "$name.csr" "$name.ext"
done
echo "certificates in $out: ca.crt ${names[*]/%/.crt}"
