#!/usr/bin/env bash
# layer.sh OUT.tar INSTALL-SCRIPT
# Run a recipe's install.sh (apt-get install ...) on top of the unpacked base
# and write only what changed as a tar: the image's package layer.
#
# Why not "RUN apt-get install" in a Dockerfile: builds run on Berth's daemon,
# whose containers have, by design, no route to anything but the registry.
# Here apt runs on the host (chroot over an overlayfs of the base), with the
# host's network and apt sources; the overlay's upper directory is the diff.
# The Dockerfile then starts "FROM base" + "ADD layer.tar /", so every catalog
# image shares the base layer, as the official images do.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

out=$1
script=$2
[[ -r $script ]] || die "layer: $script not readable"
[[ -d $BASE_ROOTFS ]] || die "layer: $BASE_ROOTFS missing; run base.sh first"

work=$(mktemp -d "$BUILD_DIR/layer.XXXXXX")
root=$work/merged
cleanup() {
  umount -R "$root" 2>/dev/null || umount -lR "$root" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/upper" "$work/work" "$root"
mount -t overlay overlay -o "lowerdir=$BASE_ROOTFS,upperdir=$work/upper,workdir=$work/work" "$root"
# What package scripts expect to find; none of it lands in the upper dir.
mount -t proc proc "$root/proc"
mount --rbind /dev "$root/dev"
mount -t tmpfs tmpfs "$root/tmp"
mount --bind /etc/resolv.conf "$root/etc/resolv.conf"   # the base has an empty one

cp "$script" "$root/tmp/install.sh"
# APT_CONFIG-free options via the environment keep recipes plain "apt-get install".
cat >"$root/tmp/apt.conf" <<'APT'
Acquire::Check-Valid-Until "false";
Dpkg::Use-Pty "0";
quiet "2";
APT::Get::Assume-Yes "true";
APT::Install-Recommends "false";
APT
chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LC_ALL=C \
  DEBIAN_FRONTEND=noninteractive APT_CONFIG=/tmp/apt.conf \
  sh -euc 'apt-get update; . /tmp/install.sh; apt-get clean' >"$work/install.log" 2>&1 \
  || { tail -20 "$work/install.log" >&2; die "layer: $script failed"; }
umount -R "$root"

up=$work/upper
# Run-time leftovers that vary from build to build and that images don't need.
rm -rf "$up"/var/lib/apt/lists/* "$up"/var/cache/apt/*.bin "$up"/var/log/apt \
  "$up"/var/log/dpkg.log "$up"/var/cache/ldconfig/aux-cache "$up"/var/cache/debconf/*-old \
  "$up"/var/lib/dpkg/*-old "$up"/tmp "$up"/etc/resolv.conf
# Files deleted from the base show up as overlayfs whiteouts (0:0 char devices).
# ADD cannot express a deletion, so list them for a "RUN rm" in the Dockerfile.
: >"$out.deleted"
while IFS= read -r -d '' f; do
  echo "/${f#"$up"/}" >>"$out.deleted"
  rm -f "$f"
done < <(find "$up" -type c -print0)

tar -C "$up" --numeric-owner --xattrs --xattrs-include='security.capability' \
  --sort=name -cf "$out" .
log "layer: $(basename "$(dirname "$script")") -> $(du -m "$out" | cut -f1) MB ($(wc -l <"$out.deleted") deletions)" >&2
