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
# Registry traffic, DNATed below to the gateway on the host's end of the link.
-A BERTH-FORWARD -i $BERTH_BRIDGE -d $BERTH_HOST_IP -p tcp -m multiport --dports $BERTH_GATEWAY_PORT,$BERTH_GATEWAY_HUB_PORT -j ACCEPT
# Everything else an engine sends through the namespace: to another engine
# (bridged, seen here thanks to br_netfilter), to the host, or outward.
-A BERTH-FORWARD -j DROP
# Traffic to the namespace's own addresses, including the bridge gateway.
-A BERTH-INPUT -i lo -j ACCEPT
-A BERTH-INPUT -i $BERTH_VETH_NS -j ACCEPT
-A BERTH-INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
# Nothing else: engines reach the registry only through the gateway (below).
-A BERTH-INPUT -j DROP
COMMIT
RULES

# Engines' registry traffic goes to the gateway, which decides who may push
# where; the registry itself (on $BERTH_NS_IP:$BERTH_REGISTRY_PORT) is then
# reachable from the host side only.
in_ns iptables-restore -w --noflush <<RULES
*nat
:BERTH-PREROUTING - [0:0]
-A BERTH-PREROUTING -i $BERTH_BRIDGE -d $BERTH_NS_IP -p tcp --dport $BERTH_REGISTRY_PORT -j DNAT --to-destination $BERTH_HOST_IP:$BERTH_GATEWAY_PORT
-A BERTH-PREROUTING -i $BERTH_BRIDGE -d $BERTH_NS_IP -p tcp --dport 443 -j DNAT --to-destination $BERTH_HOST_IP:$BERTH_GATEWAY_HUB_PORT
COMMIT
RULES
in_ns iptables -w -t nat -C PREROUTING -j BERTH-PREROUTING 2>/dev/null || in_ns iptables -w -t nat -I PREROUTING 1 -j BERTH-PREROUTING

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

log "firewall: engines may reach only the registry gateway (via $BERTH_NS_IP:$BERTH_REGISTRY_PORT and :443); the host may reach engines"
