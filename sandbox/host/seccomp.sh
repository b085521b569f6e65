#!/usr/bin/env bash
# Write engine-seccomp.json: Docker 20.10's default seccomp profile (from Debian's
# golang-github-docker-docker-dev) plus the few syscalls a nested dockerd needs.
# Extending the default, rather than seccomp=unconfined, keeps every other
# syscall the default blocks (kexec_load, open_by_handle_at, init_module, ...).
set -euo pipefail
# shellcheck source=config.sh
. "$(dirname "$0")/config.sh"

DEFAULT=/usr/share/gocode/src/github.com/docker/docker/profiles/seccomp/default.json
[[ -r $DEFAULT ]] || die "seccomp: $DEFAULT missing (package golang-github-docker-docker-dev)"

# keyctl/add_key/request_key: runc gives each nested container a session keyring.
# pivot_root: runc switches a nested container's root with it.
EXTRA='{"names":["keyctl","add_key","request_key","pivot_root"],"action":"SCMP_ACT_ALLOW","args":[],"comment":"Berth: nested dockerd/runc","includes":{},"excludes":{}}'

tmp=$(mktemp)
jq --argjson extra "$EXTRA" '.syscalls += [$extra]' "$DEFAULT" >"$tmp"
if cmp -s "$tmp" "$BERTH_SECCOMP"; then
  rm -f "$tmp"
  log "seccomp: $BERTH_SECCOMP up to date"
else
  mv "$tmp" "$BERTH_SECCOMP"
  chmod 644 "$BERTH_SECCOMP"
  log "seccomp: wrote $BERTH_SECCOMP"
fi
