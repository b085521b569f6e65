#!/usr/bin/env bash
# Network policy, enforced with iptables *inside Berth's namespace only* (the
# host's tables are never touched). Engines may reach Berth's registry and
# nothing else: not each other, not the host's services, not the outside.
# The host side (the sandbox API) may open connections to any engine port.
#
# The chains are Berth's own (BERTH-*). iptables-restore --noflush replaces
# their contents in one atomic commit, so a re-run never opens a gap.
set -euo pipefail
# shellcheck source=config.sh
. "$(dirname "$0")/config.sh"

in_ns iptables-restore -w --noflush <<RULES
*filter
:BERTH-FORWARD - [0:0]
:BERTH-INPUT - [0:0]
# From the host side: allowed (port preview, the API reaching an engine).
-A BERTH-FORWARD -i $BERTH_VETH_NS -j ACCEPT
# Replies to connections that were allowed.
-A BERTH-FORWARD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
# Everything else an engine sends through the namespace: to another engine
# (bridged, seen here thanks to br_netfilter), to the host, or outward.
-A BERTH-FORWARD -j DROP
# Traffic to the namespace's own addresses, including the bridge gateway.
-A BERTH-INPUT -i lo -j ACCEPT
-A BERTH-INPUT -i $BERTH_VETH_NS -j ACCEPT
-A BERTH-INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
# The registry is the one service engines may use.
-A BERTH-INPUT -d $BERTH_NS_IP -p tcp --dport $BERTH_REGISTRY_PORT -j ACCEPT
-A BERTH-INPUT -j DROP
COMMIT
RULES

# IPv6 is disabled in the namespace (netns.sh); drop it anyway should it return.
in_ns ip6tables-restore -w --noflush <<RULES
*filter
:BERTH-FORWARD - [0:0]
:BERTH-INPUT - [0:0]
-A BERTH-FORWARD -j DROP
-A BERTH-INPUT -i lo -j ACCEPT
-A BERTH-INPUT -j DROP
COMMIT
RULES

# Hook the chains once each. dockerd jumps to DOCKER-USER before any rule of
# its own (and re-inserts that jump first when it starts), so our chain runs
# ahead of Docker's ACCEPTs; the FORWARD hook covers the time before dockerd.
for bin in iptables ip6tables; do
  ipt() { in_ns "$bin" -w "$@"; }
  ipt -N DOCKER-USER 2>/dev/null || true
  ipt -C DOCKER-USER -j BERTH-FORWARD 2>/dev/null || ipt -I DOCKER-USER 1 -j BERTH-FORWARD
  ipt -C FORWARD -j BERTH-FORWARD 2>/dev/null || ipt -I FORWARD 1 -j BERTH-FORWARD
  ipt -C INPUT -j BERTH-INPUT 2>/dev/null || ipt -I INPUT 1 -j BERTH-INPUT
done

log "firewall: engines may reach only the registry $BERTH_REGISTRY; the host may reach engines"
