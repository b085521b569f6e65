#!/usr/bin/env bash
# Start Berth's own dockerd (the host engine daemon) inside Berth's network
# namespace, with its own socket, data root, exec root, pidfile and bridge,
# and with user-namespace remapping. Restarts it only if its config changed
# (live-restore keeps running engines up across that restart).
set -euo pipefail
# shellcheck source=config.sh
. "$(dirname "$0")/config.sh"

mkdir -p "$BERTH_RUN" "$BERTH_STATE" "$BERTH_LOG" "$BERTH_DATA_ROOT"
chmod 711 "$BERTH_STATE" "$BERTH_DATA_ROOT"

# A config file of our own: Debian's dockerd otherwise reads
# /etc/docker/daemon.json, which belongs to whatever Docker the host runs.
config=$(jq -n \
  --arg sock "$BERTH_DOCKER_HOST" --arg data "$BERTH_DATA_ROOT" \
  --arg exec "$BERTH_EXEC_ROOT" --arg pid "$BERTH_DOCKERD_PID" \
  --arg group "$BERTH_GROUP" --arg bridge "$BERTH_BRIDGE" \
  --arg remap "$BERTH_REMAP_USER" '{
    hosts: [$sock], "data-root": $data, "exec-root": $exec, pidfile: $pid,
    group: $group,
    bridge: $bridge,
    icc: false,
    "ip-masq": false,
    "userns-remap": $remap,
    "storage-driver": "overlay2",
    "cgroup-parent": "/berth",
    "live-restore": true,
    "log-driver": "json-file",
    "log-opts": {"max-size": "1m", "max-file": "2"}
  }')
# Why: cgroup-parent puts engines under /sys/fs/cgroup/<ctrl>/berth/<id>,
# apart from another Docker's /docker; icc=false is a second guard (after
# firewall.sh) against engine-to-engine traffic; ip-masq=false because engines
# have nowhere outward to be NATed to; the log limits keep a chatty engine
# from filling the host's disk.

answers() { curl -fsS --max-time 2 --unix-socket "$BERTH_SOCK" http://berth/_ping >/dev/null 2>&1; }

if [[ "$(cat "$BERTH_DAEMON_JSON" 2>/dev/null)" != "$config" ]]; then
  printf '%s\n' "$config" >"$BERTH_DAEMON_JSON"
  if pid=$(running_pid "$BERTH_DOCKERD_PID" dockerd); then
    log "daemon: config changed, restarting dockerd (pid $pid; engines keep running)"
    kill -TERM "$pid"
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && die "daemon: dockerd $pid did not stop"
  fi
fi

if pid=$(running_pid "$BERTH_DOCKERD_PID" dockerd) && answers; then
  log "daemon: running (pid $pid) on $BERTH_SOCK"
  exit 0
fi

log "daemon: starting dockerd in netns $BERTH_NETNS (log $BERTH_LOG/dockerd.log)"
# setsid + nohup: detached from this shell and its terminal, no systemd needed.
# nsenter --net, not "ip netns exec": the latter also remounts /sys, which
# hides the cgroup mounts dockerd needs ("Devices cgroup isn't mounted").
setsid nohup nsenter --net="/run/netns/$BERTH_NETNS" dockerd --config-file "$BERTH_DAEMON_JSON" \
  >>"$BERTH_LOG/dockerd.log" 2>&1 </dev/null &

for _ in $(seq 300); do
  answers && break
  sleep 0.1
done
answers || die "daemon: dockerd did not answer on $BERTH_SOCK within 30 s; see $BERTH_LOG/dockerd.log"
log "daemon: ready (pid $(running_pid "$BERTH_DOCKERD_PID" dockerd)) on $BERTH_SOCK"
