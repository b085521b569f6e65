#!/usr/bin/env bash
# Start Berth's registry gateway (sandbox/src/registry/main.ts): the one door
# from engines to the registry. It listens on the host's end of the link
# (BERTH_HOST_IP) on two ports that firewall.sh DNATs engines' registry
# traffic to. Restarts it only when its code or certificates changed.
set -euo pipefail
. "$(dirname "$0")/config.sh"

repo=$(cd "$BERTH_HOST_DIR/../.." && pwd)
pidfile=$BERTH_RUN/gateway.pid
stamp=$BERTH_RUN/gateway.stamp
mkdir -p "$BERTH_RUN" "$BERTH_LOG"
[[ -x $repo/node_modules/.bin/tsx ]] || die "gateway: npm dependencies are missing (run npm ci in $repo)"

# What the running gateway was started from: its sources and its certificate.
wanted=$(cat "$repo"/sandbox/src/registry/*.ts "$repo"/sandbox/src/config.ts "$BERTH_REGISTRY_TLS/hub.crt" | sha256sum | cut -c1-16)
answers() { curl -s -o /dev/null --max-time 2 "http://$BERTH_HOST_IP:$BERTH_GATEWAY_PORT/v2/"; }

if pid=$(running_pid "$pidfile" node); then
  if [[ "$(cat "$stamp" 2>/dev/null)" == "$wanted" ]] && answers; then
    log "gateway: running (pid $pid) on $BERTH_HOST_IP:$BERTH_GATEWAY_PORT and :$BERTH_GATEWAY_HUB_PORT"
    exit 0
  fi
  log "gateway: code changed, restarting (pid $pid)"
  kill -TERM "$pid"
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
fi

log "gateway: starting (log $BERTH_LOG/gateway.log)"
(
  cd "$repo"
  BERTH_HOST_IP=$BERTH_HOST_IP BERTH_GATEWAY_PORT=$BERTH_GATEWAY_PORT BERTH_GATEWAY_HUB_PORT=$BERTH_GATEWAY_HUB_PORT \
    BERTH_REGISTRY_UPSTREAM="http://$BERTH_REGISTRY" BERTH_REGISTRY_TLS=$BERTH_REGISTRY_TLS \
    BERTH_REGISTRY_SECRET=$BERTH_REGISTRY_SECRET \
    setsid nohup node --import tsx sandbox/src/registry/main.ts >>"$BERTH_LOG/gateway.log" 2>&1 </dev/null &
  echo $! >"$pidfile"
)
echo "$wanted" >"$stamp"
for _ in $(seq 100); do
  answers && break
  sleep 0.1
done
answers || die "gateway: did not answer on $BERTH_HOST_IP:$BERTH_GATEWAY_PORT within 10 s; see $BERTH_LOG/gateway.log"
log "gateway: ready (pid $(running_pid "$pidfile" node))"
