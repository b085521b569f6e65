#!/usr/bin/env bash
# Build Berth's Debian bookworm base (berth/base:bookworm) with mmdebstrap,
# the way the official debian:bookworm-slim image is made:
#  - variant minbase (Essential + apt), merged /usr via mmdebstrap's hook
#    (the usrmerge package would pull in perl: ~90 MB more);
#  - dpkg path-exclude for man pages, docs (copyright files kept), locales;
#  - policy-rc.d exiting 101 (services never start during apt-get install);
#  - apt "docker-clean": no package cache or lists left in layers.
# Prints the image's recipe hash on stdout. Skips the build if it is current.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

SOURCES=${BERTH_APT_SOURCES:-/etc/apt/sources.list.d/debian.sources}
[[ -r $SOURCES ]] || SOURCES=/etc/apt/sources.list
# Contents only (cat | sha256sum): a hash that named the files would differ
# between two checkouts of the same commit and rebuild everything.
hash=$(recipe_hash "$RECIPES/base" "$(cat "$SOURCES" "$0" | sha256sum)")

if image_current "$BASE_IMAGE" "$hash" && [[ -f $BASE_ROOTFS/.berth-$hash ]]; then
  log "base: $BASE_IMAGE current ($hash)" >&2
  echo "$hash"
  exit 0
fi

log "base: building $BASE_IMAGE with mmdebstrap (about 30 s)" >&2
t0=$(now_ms)
rm -rf "$BASE_ROOTFS"
mkdir -p "$(dirname "$BASE_ROOTFS")"
# Into a directory, finished below in plain shell: mmdebstrap removes a
# policy-rc.d added by its own hooks when it restores the chroot at the end.
# The host's own apt sources, so the build works wherever the host's apt does.
mmdebstrap --variant=minbase --quiet \
  --hook-dir=/usr/share/mmdebstrap/hooks/merged-usr \
  --aptopt='Acquire::Check-Valid-Until "false"' \
  --dpkgopt="$RECIPES/base/dpkg-excludes" \
  "$SUITE" "$BASE_ROOTFS" "$SOURCES" >"$BUILD_DIR/base/mmdebstrap.log" 2>&1 \
  || { tail -30 "$BUILD_DIR/base/mmdebstrap.log" >&2; die "base: mmdebstrap failed"; }

r=$BASE_ROOTFS
install -m 755 "$RECIPES/base/policy-rc.d" "$r/usr/sbin/policy-rc.d"
install -m 644 "$RECIPES/base/docker-clean" "$r/etc/apt/apt.conf.d/docker-clean"
rm -f "$r/etc/apt/apt.conf.d/99mmdebstrap"
# Docker bind-mounts its own; empty files keep package layers from creating them.
: >"$r/etc/resolv.conf"
: >"$r/etc/hostname"
rm -rf "$r"/var/log/apt/* "$r"/var/log/dpkg.log "$r"/var/cache/ldconfig/aux-cache \
  "$r"/var/cache/apt/*.bin "$r"/var/lib/apt/lists/* "${r:?}"/dev/*

bdocker image rm -f "$BASE_IMAGE" >/dev/null 2>&1 || true
tar -C "$r" --numeric-owner --xattrs --sort=name -c . | bdocker import \
  --change "LABEL $BERTH_LABEL=true" --change "LABEL org.berth.recipe=$hash" \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'CMD ["bash"]' - "$BASE_IMAGE" >/dev/null
touch "$r/.berth-$hash"   # after the import: marks the unpacked copy as current
log "base: built $BASE_IMAGE in $(($(now_ms) - t0)) ms, $(image_mb "$BASE_IMAGE") MB" >&2
echo "$hash"
