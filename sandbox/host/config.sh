# shellcheck shell=bash
# shellcheck disable=SC2034 # variables for the scripts that source this file
# Names, paths and addresses shared by every Berth host script. Sourced, not run.
# Each value can be overridden from the environment (e.g. BERTH_SUBNET=... setup.sh),
# which is how two Berth hosts with clashing private ranges can be told apart.

# --- Berth's own Docker daemon (the "host engine daemon") ---------------------
# Everything below is Berth's alone, so it never collides with a Docker the
# machine may already run (/var/run/docker.sock, /var/lib/docker, docker0).
BERTH_RUN=${BERTH_RUN:-/run/berth}
BERTH_STATE=${BERTH_STATE:-/var/lib/berth}
BERTH_LOG=${BERTH_LOG:-/var/log/berth}
BERTH_SOCK=${BERTH_SOCK:-$BERTH_RUN/docker.sock}
BERTH_DOCKER_HOST="unix://$BERTH_SOCK"
BERTH_DATA_ROOT=${BERTH_DATA_ROOT:-$BERTH_STATE/docker}
BERTH_EXEC_ROOT=${BERTH_EXEC_ROOT:-$BERTH_RUN/docker-exec}
BERTH_DAEMON_JSON=${BERTH_DAEMON_JSON:-$BERTH_STATE/daemon.json}
BERTH_DOCKERD_PID=$BERTH_RUN/dockerd.pid
# Members of this group may use Berth's socket (the sandbox service need not be root).
BERTH_GROUP=${BERTH_GROUP:-berth}

# --- User namespace remapping ------------------------------------------------
# Root inside an engine is this user's subordinate range on the host. The range
# is 64 x 65536 so engines can themselves map users again (nested remap, rootless).
BERTH_REMAP_USER=${BERTH_REMAP_USER:-berth-remap}
BERTH_SUBID_START=${BERTH_SUBID_START:-1000000000}
BERTH_SUBID_COUNT=${BERTH_SUBID_COUNT:-4194304}

# --- Network -----------------------------------------------------------------
# Berth's daemon lives in its own network namespace, linked to the host by one
# veth pair; its iptables rules and bridge exist only there.
BERTH_NETNS=${BERTH_NETNS:-berth}
BERTH_VETH_HOST=${BERTH_VETH_HOST:-berth-h}   # host side
BERTH_VETH_NS=${BERTH_VETH_NS:-berth-n}       # namespace side
BERTH_LINK_NET=${BERTH_LINK_NET:-10.213.255.0/30}
BERTH_HOST_IP=${BERTH_HOST_IP:-10.213.255.1}  # the host, as seen from the namespace
BERTH_NS_IP=${BERTH_NS_IP:-10.213.255.2}      # the namespace (registry listens here)
BERTH_BRIDGE=${BERTH_BRIDGE:-berth0}          # engines' bridge, inside the namespace
BERTH_SUBNET=${BERTH_SUBNET:-10.213.0.0/20}   # engines' addresses (4094 engines)
BERTH_GATEWAY=${BERTH_GATEWAY:-10.213.0.1}

# --- Registry ----------------------------------------------------------------
BERTH_REGISTRY_PORT=${BERTH_REGISTRY_PORT:-5000}
BERTH_REGISTRY_DIR=${BERTH_REGISTRY_DIR:-$BERTH_STATE/registry}
# Engines (and the host) reach the registry here ...
BERTH_REGISTRY="$BERTH_NS_IP:$BERTH_REGISTRY_PORT"
# ... and Berth's daemon pushes to it over loopback, which Docker treats as
# insecure (plain HTTP) without extra configuration.
BERTH_REGISTRY_LOCAL="127.0.0.1:$BERTH_REGISTRY_PORT"

# --- Registry gateway ---------------------------------------------------------
# Engines never reach the registry itself: their registry traffic (to
# $BERTH_NS_IP:5000 and :443) is DNATed to the gateway on the host's end of
# the link, which checks who may push where (sandbox/src/registry/).
BERTH_GATEWAY_PORT=${BERTH_GATEWAY_PORT:-15000}          # registry.berth:5000
BERTH_GATEWAY_HUB_PORT=${BERTH_GATEWAY_HUB_PORT:-15443}  # registry-1.docker.io:443
BERTH_REGISTRY_TLS=${BERTH_REGISTRY_TLS:-$BERTH_STATE/registry-tls}
BERTH_REGISTRY_SECRET=${BERTH_REGISTRY_SECRET:-$BERTH_STATE/registry-secret}

# --- Labels ------------------------------------------------------------------
# Every object Berth creates carries BERTH_LABEL=true so sweeps touch nothing else.
BERTH_LABEL=org.berth.managed
BERTH_ENGINE_IMAGE=${BERTH_ENGINE_IMAGE:-berth/engine:latest}

# Directory holding these scripts (and the generated seccomp profile).
BERTH_HOST_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BERTH_SECCOMP=$BERTH_HOST_DIR/engine-seccomp.json

# The Debian docker CLI: /usr/local/bin may hold a newer client we did not test.
BERTH_DOCKER_CLI=${BERTH_DOCKER_CLI:-/usr/bin/docker}

# Run the docker CLI against Berth's daemon.
bdocker() { DOCKER_HOST=$BERTH_DOCKER_HOST "$BERTH_DOCKER_CLI" "$@"; }
# Run a command inside Berth's network namespace.
in_ns() { ip netns exec "$BERTH_NETNS" "$@"; }

# running_pid PIDFILE NAME: the pid in PIDFILE if that process is alive and
# is NAME (a stale pidfile may name a pid reused by something else).
running_pid() {
  local pid
  pid=$(cat "$1" 2>/dev/null) || return 1
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null && grep -q "$2" "/proc/$pid/comm" && echo "$pid"
}

log() { printf '[berth] %s\n' "$*"; }
die() { printf '[berth] ERROR: %s\n' "$*" >&2; exit 1; }
