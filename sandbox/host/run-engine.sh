#!/usr/bin/env bash
# run-engine.sh NAME: start one engine container on Berth's daemon with the
# shipped recipe, and print its container id. The sandbox service must create
# engines with exactly these settings (see docs/sandbox-notes.md).
# Limits can be set from the environment: ENGINE_MEMORY, ENGINE_CPUS, ENGINE_PIDS.
set -euo pipefail
# shellcheck source=config.sh
. "$(dirname "$0")/config.sh"

name=${1:?usage: run-engine.sh NAME}
args=(
  --detach --name "$name" --hostname "$name"
  --label "$BERTH_LABEL=true" --label org.berth.role=engine
  # What a nested dockerd needs, and no more. Root in here is an unprivileged
  # host uid (userns-remap), so these capabilities only act on the engine's
  # own namespaces. SYS_PTRACE: runc must open /proc/<pid>/ns/* of nested
  # containers that run as another user, for "docker exec" into them.
  --cap-add SYS_ADMIN --cap-add NET_ADMIN --cap-add SYS_PTRACE
  # Docker's default profile + keyctl/add_key/request_key/pivot_root.
  --security-opt "seccomp=$BERTH_SECCOMP"
  # overlay2 cannot stack on the engine's own overlay root: a volume instead.
  --mount "type=volume,src=$name-docker,dst=/var/lib/docker,volume-label=$BERTH_LABEL=true"
  # Limits hold for everything inside, nested containers included (nested
  # limits are ignored on this cgroup-v1 host, these are not).
  --memory "${ENGINE_MEMORY:-1g}" --memory-swap "${ENGINE_MEMORY:-1g}"
  --cpus "${ENGINE_CPUS:-1}" --pids-limit "${ENGINE_PIDS:-1024}"
  # /proc/sys is read-only in a container; the nested dockerd needs forwarding
  # in the engine's own network namespace (a namespaced sysctl).
  --sysctl net.ipv4.ip_forward=1
  # No DNS server is reachable from an engine. Without this, the host's
  # resolver is copied in and every lookup (dockerd does some on each pull)
  # waits 10 s for a timeout; 127.0.0.1 refuses at once.
  --dns 127.0.0.1
  # Berth's registry gateway answers for its own name and for Docker Hub's;
  # the engine's dockerd trusts Berth's CA for the latter (see the entrypoint).
  --add-host "registry.berth:$BERTH_NS_IP" --add-host "registry-1.docker.io:$BERTH_NS_IP"
  --add-host "index.docker.io:$BERTH_NS_IP"
  --env BERTH_REGISTRY=registry.berth:5000
  --env "BERTH_HUB_CA=$(cat "$BERTH_REGISTRY_TLS/ca.crt")"
  # The host's link address may use the engine's API on tcp :2375.
  --env "BERTH_ENGINE_API_FROM=$BERTH_HOST_IP"
)
bdocker run "${args[@]}" "$BERTH_ENGINE_IMAGE"
