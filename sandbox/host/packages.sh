#!/usr/bin/env bash
# Install, from Debian, the packages Berth's host needs, and only those missing.
set -euo pipefail
# shellcheck source=config.sh
. "$(dirname "$0")/config.sh"

PACKAGES=(
  docker.io containerd runc      # Berth's daemon; also copied into the engine image
  docker-compose                 # compose v1 (Debian has no v2)
  docker-registry                # CNCF distribution 2.8: Berth's image registry
  golang-github-docker-docker-dev  # ships Docker 20.10's default seccomp profile
  mmdebstrap busybox-static      # build the base and busybox images
  iptables iproute2 uidmap       # namespace, firewall, subordinate ids
  openssl                        # Berth's CA for the registry gateway (registry-tls.sh)
  e2fsprogs util-linux           # each engine's disk: mkfs.ext4, mount -o loop, nsenter
  jq curl ca-certificates
)

# One dpkg-query for all packages keeps the "nothing to do" path fast.
missing=()
for p in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null || true)
  [[ $status == ii* ]] || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
  log "packages: all ${#PACKAGES[@]} present"
  exit 0
fi

log "packages: installing ${missing[*]}"
# Installing docker.io/docker-registry on a host without a policy-rc.d would
# start Debian's stock daemons (on /var/run/docker.sock and :5000). Berth runs
# its own, so forbid service starts for the duration of this install only.
cleanup=
if [[ ! -e /usr/sbin/policy-rc.d ]]; then
  printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
  chmod +x /usr/sbin/policy-rc.d
  cleanup=/usr/sbin/policy-rc.d
fi
trap 'if [[ -n $cleanup ]]; then rm -f "$cleanup"; fi' EXIT

# Package lists older than a day (or absent) would make the install fail.
if [[ -z $(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mmin -1440 2>/dev/null | head -1) ]]; then
  apt-get update -qq
fi
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
  || die "apt-get install failed for: ${missing[*]}"
log "packages: installed ${#missing[@]}"
