#!/usr/bin/env bash
# Berth host setup: idempotent, safe to re-run, quick when nothing is to do.
#   sandbox/host/setup.sh                 # packages, users, netns, firewall, daemon, registry
#   sandbox/host/setup.sh --with-images   # ... then build and push the images too
# Exits non-zero naming the step that failed.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=config.sh
. "$HERE/config.sh"

[[ $(id -u) == 0 ]] || die "setup must run as root (it installs packages and creates a network namespace)"

with_images=false
for arg in "$@"; do
  case $arg in
    --with-images) with_images=true ;;
    *) die "unknown argument: $arg (known: --with-images)" ;;
  esac
done

step() { # step NAME SCRIPT: run one step, timing it, naming it on failure
  local name=$1 script=$2 t0 t1
  t0=$(date +%s%N)
  "$script" || die "setup failed at step '$name' ($script)"
  t1=$(date +%s%N)
  log "  ($name: $(((t1 - t0) / 1000000)) ms)"
}

t_start=$(date +%s%N)
step packages "$HERE/packages.sh"
step users "$HERE/users.sh"
step seccomp "$HERE/seccomp.sh"
step netns "$HERE/netns.sh"
step firewall "$HERE/firewall.sh"   # before the daemon: no engine ever runs unfiltered
step daemon "$HERE/daemon.sh"
step registry "$HERE/registry.sh"
step registry-tls "$HERE/registry-tls.sh"
step gateway "$HERE/gateway.sh"
if $with_images; then
  step images "$HERE/../images/build.sh"
fi
t_end=$(date +%s%N)

repos=$(curl -fsS --max-time 2 "http://$BERTH_REGISTRY/v2/_catalog?n=1000" | jq -r '.repositories | length' 2>/dev/null || echo '?')
engine=$(bdocker image inspect -f 'recipe {{index .Config.Labels "org.berth.recipe"}}' "$BERTH_ENGINE_IMAGE" 2>/dev/null) ||
  engine='not built (run sandbox/images/build.sh)'

cat <<SUMMARY
[berth] ready in $(((t_end - t_start) / 1000000)) ms
  daemon     DOCKER_HOST=$BERTH_DOCKER_HOST  (data $BERTH_DATA_ROOT, netns $BERTH_NETNS, userns-remap $BERTH_REMAP_USER)
  network    engines $BERTH_SUBNET on $BERTH_BRIDGE, host reaches them via $BERTH_NS_IP; engines reach only the registry
  registry   http://$BERTH_REGISTRY  ($repos repositories)
  engine     $BERTH_ENGINE_IMAGE: $engine
  seccomp    $BERTH_SECCOMP
  logs       $BERTH_LOG/
SUMMARY
