#!/usr/bin/env bash
# Start Berth's image registry (Debian's docker-registry, CNCF distribution
# 2.8) inside Berth's namespace, with its own config and storage. Engines
# reach it at $BERTH_REGISTRY and use it as their Docker Hub mirror: images
# pushed as library/<name>:<tag> answer a plain "docker pull <name>:<tag>".
set -euo pipefail
# shellcheck source=config.sh
. "$(dirname "$0")/config.sh"

CONFIG=$BERTH_REGISTRY_DIR/config.yml
PIDFILE=$BERTH_RUN/registry.pid
USER_=docker-registry   # created by the Debian package; the registry needs no root

mkdir -p "$BERTH_REGISTRY_DIR/data" "$BERTH_RUN" "$BERTH_LOG"
chown "$USER_:" "$BERTH_REGISTRY_DIR/data"

# Listens on every address *of Berth's namespace*: 127.0.0.1 for pushes by
# Berth's daemon, $BERTH_NS_IP for engines and the host. firewall.sh allows
# engines this one port. No auth yet: see docs/sandbox-notes.md.
config="version: 0.1
log:
  level: info
  fields: {service: berth-registry}
storage:
  filesystem: {rootdirectory: $BERTH_REGISTRY_DIR/data}
  cache: {blobdescriptor: inmemory}
  delete: {enabled: true}
http:
  addr: 0.0.0.0:$BERTH_REGISTRY_PORT
  headers:
    X-Content-Type-Options: [nosniff]
health:
  storagedriver: {enabled: true, interval: 10s, threshold: 3}"

answers() { curl -fsS --max-time 2 "http://$BERTH_REGISTRY/v2/" >/dev/null 2>&1; }

if [[ "$(cat "$CONFIG" 2>/dev/null)" != "$config" ]]; then
  printf '%s\n' "$config" >"$CONFIG"
  if pid=$(running_pid "$PIDFILE" registry); then
    log "registry: config changed, restarting (pid $pid)"
    kill -TERM "$pid"
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
fi

if pid=$(running_pid "$PIDFILE" registry) && answers; then
  log "registry: running (pid $pid) at http://$BERTH_REGISTRY"
  exit 0
fi

log "registry: starting at http://$BERTH_REGISTRY (log $BERTH_LOG/registry.log)"
# Each of setsid, nohup, nsenter and setpriv execs the next, so $! is the registry.
setsid nohup nsenter --net="/run/netns/$BERTH_NETNS" \
  setpriv --reuid="$USER_" --regid="$USER_" --init-groups \
  docker-registry serve "$CONFIG" >>"$BERTH_LOG/registry.log" 2>&1 </dev/null &
echo $! >"$PIDFILE"

for _ in $(seq 100); do answers && break; sleep 0.1; done
answers || die "registry: no answer at http://$BERTH_REGISTRY within 10 s; see $BERTH_LOG/registry.log"
log "registry: ready (pid $(running_pid "$PIDFILE" registry)) at http://$BERTH_REGISTRY"
