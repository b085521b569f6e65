#!/usr/bin/env bash
# The unprivileged user whose subordinate ids back root inside every engine
# (dockerd --userns-remap), and the group allowed to use Berth's socket.
set -euo pipefail
# shellcheck source=config.sh
. "$(dirname "$0")/config.sh"

if ! getent group "$BERTH_GROUP" >/dev/null; then
  groupadd --system "$BERTH_GROUP"
  log "users: created group $BERTH_GROUP"
fi

if ! getent passwd "$BERTH_REMAP_USER" >/dev/null; then
  useradd --system --no-create-home --home-dir /nonexistent \
    --shell /usr/sbin/nologin --user-group "$BERTH_REMAP_USER"
  log "users: created user $BERTH_REMAP_USER"
fi

# dockerd reads the remap range from /etc/subuid and /etc/subgid.
for f in /etc/subuid /etc/subgid; do
  touch "$f"
  if ! grep -q "^$BERTH_REMAP_USER:" "$f"; then
    end=$((BERTH_SUBID_START + BERTH_SUBID_COUNT))
    # Refuse to overlap a range another user already owns.
    while IFS=: read -r owner start count; do
      [[ -n $owner && -n $start && -n $count ]] || continue
      if ((start < end && BERTH_SUBID_START < start + count)); then
        die "users: $f range of $owner overlaps $BERTH_SUBID_START+$BERTH_SUBID_COUNT (set BERTH_SUBID_START)"
      fi
    done <"$f"
    echo "$BERTH_REMAP_USER:$BERTH_SUBID_START:$BERTH_SUBID_COUNT" >>"$f"
    log "users: added $BERTH_REMAP_USER:$BERTH_SUBID_START:$BERTH_SUBID_COUNT to $f"
  fi
done
log "users: $BERTH_REMAP_USER -> $(grep "^$BERTH_REMAP_USER:" /etc/subuid)"
