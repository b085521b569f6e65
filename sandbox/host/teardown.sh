#!/usr/bin/env bash
# teardown.sh [--purge]: stop Berth's registry and daemon and remove Berth's
# network namespace, veth and route. Touches nothing Berth did not create.
# Engines stop with the daemon. --purge also deletes Berth's data
# (/var/lib/berth: images, volumes, registry storage).
set -euo pipefail
# shellcheck source=config.sh
. "$(dirname "$0")/config.sh"

purge=false
[[ ${1:-} == --purge ]] && purge=true

stop() { # stop NAME PIDFILE COMM
  local pid
  pid=$(cat "$2" 2>/dev/null) || { log "teardown: $1 not running"; return 0; }
  if kill -0 "$pid" 2>/dev/null && grep -q "$3" "/proc/$pid/comm"; then
    kill -TERM "$pid"
    for _ in $(seq 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    log "teardown: stopped $1 (pid $pid)"
  fi
  rm -f "$2"
}

stop registry "$BERTH_RUN/registry.pid" registry
if $purge && bdocker version >/dev/null 2>&1; then
  # live-restore would leave engines running after dockerd stops: remove ours.
  ids=$(bdocker ps -aq --filter "label=$BERTH_LABEL=true")
  # shellcheck disable=SC2086 # one id per word
  if [[ -n $ids ]]; then bdocker rm -f $ids >/dev/null; fi
fi
stop dockerd "$BERTH_DOCKERD_PID" dockerd

ip route del "$BERTH_SUBNET" via "$BERTH_NS_IP" 2>/dev/null || true
ip link del "$BERTH_VETH_HOST" 2>/dev/null || true
if [[ -e /run/netns/$BERTH_NETNS ]]; then
  ip netns del "$BERTH_NETNS"
  log "teardown: removed netns $BERTH_NETNS"
fi
if $purge; then
  # Mounts left by containers must go before their directories.
  grep -o " ${BERTH_DATA_ROOT}[^ ]*" /proc/mounts | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
  rm -rf "$BERTH_STATE" "$BERTH_RUN"
  log "teardown: purged $BERTH_STATE"
fi
