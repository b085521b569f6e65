#!/usr/bin/env bash
# Berth's private CA and a certificate for Docker Hub's names, signed by it.
# Engines trust this CA for registry-1.docker.io only (their dockerd reads
# /etc/docker/certs.d/registry-1.docker.io/ca.crt), and their /etc/hosts sends
# that name to Berth's registry gateway: `docker pull redis` gets Berth's
# catalog, and an image Berth lacks gets Berth's own "no such image" answer
# instead of a DNS error about Docker Hub. Nothing outside engines trusts it.
set -euo pipefail
. "$(dirname "$0")/config.sh"

dir=$BERTH_REGISTRY_TLS
mkdir -p "$dir"
chmod 700 "$dir"

if [[ -s $dir/hub.crt && -s $dir/hub.key && -s $dir/ca.crt ]] &&
  openssl x509 -checkend $((30 * 24 * 3600)) -noout -in "$dir/hub.crt" >/dev/null 2>&1; then
  log "registry-tls: certificate for Docker Hub's names present in $dir"
  exit 0
fi

log "registry-tls: making Berth's CA and a certificate for registry-1.docker.io"
openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=Berth sandbox CA" \
  -keyout "$dir/ca.key" -out "$dir/ca.crt" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=registry-1.docker.io" \
  -keyout "$dir/hub.key" -out "$dir/hub.csr" 2>/dev/null
printf 'subjectAltName=DNS:registry-1.docker.io,DNS:index.docker.io,DNS:docker.io\nextendedKeyUsage=serverAuth\n' >"$dir/hub.ext"
openssl x509 -req -in "$dir/hub.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial \
  -days 825 -extfile "$dir/hub.ext" -out "$dir/hub.crt" 2>/dev/null
rm -f "$dir/hub.csr" "$dir/hub.ext"
chmod 600 "$dir"/*.key
log "registry-tls: done ($dir)"
