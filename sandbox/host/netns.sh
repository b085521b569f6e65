#!/usr/bin/env bash
# Berth's network namespace: Berth's daemon, its bridge and its iptables rules
# live there, so they can never delete or reorder the host's docker0 or chains.
#
#   host netns                     netns "berth"
#   berth-h 10.213.255.1/30 <----> berth-n 10.213.255.2/30  (registry :5000)
#   route 10.213.0.0/20 via .2     berth0 10.213.0.1/20 -- engine, engine, ...
#
# The host reaches engines through the route (port preview); engines reach
# nothing on the host side: see firewall.sh.
set -euo pipefail
# shellcheck source=config.sh
. "$(dirname "$0")/config.sh"

if [[ ! -e /run/netns/$BERTH_NETNS ]]; then
  ip netns add "$BERTH_NETNS"
  log "netns: created $BERTH_NETNS"
fi

if ! ip link show "$BERTH_VETH_HOST" >/dev/null 2>&1; then
  ip link add "$BERTH_VETH_HOST" type veth peer name "$BERTH_VETH_NS" netns "$BERTH_NETNS"
  log "netns: created veth $BERTH_VETH_HOST <-> $BERTH_NETNS/$BERTH_VETH_NS"
fi
ip addr replace "$BERTH_HOST_IP/${BERTH_LINK_NET#*/}" dev "$BERTH_VETH_HOST"
ip link set "$BERTH_VETH_HOST" up

in_ns ip link set lo up
in_ns ip addr replace "$BERTH_NS_IP/${BERTH_LINK_NET#*/}" dev "$BERTH_VETH_NS"
in_ns ip link set "$BERTH_VETH_NS" up

# Berth's own bridge; dockerd is started with "bridge": "berth0" and uses it.
if ! in_ns ip link show "$BERTH_BRIDGE" >/dev/null 2>&1; then
  in_ns ip link add "$BERTH_BRIDGE" type bridge
  log "netns: created bridge $BERTH_BRIDGE"
fi
in_ns ip addr replace "$BERTH_GATEWAY/${BERTH_SUBNET#*/}" dev "$BERTH_BRIDGE"
in_ns ip link set "$BERTH_BRIDGE" up

# No default route in the namespace: there is nowhere outward to go at all.
# Only the link net (connected) and the engines' bridge are routable.
in_ns ip route del default 2>/dev/null || true

# Bridged (engine-to-engine) frames must traverse iptables for the rules in
# firewall.sh to see them; these sysctls are per network namespace.
in_ns sysctl -qw net.bridge.bridge-nf-call-iptables=1 net.bridge.bridge-nf-call-ip6tables=1
# Forwarding host <-> engines. Per namespace; the host's own value is untouched.
in_ns sysctl -qw net.ipv4.ip_forward=1
# No IPv6 in Berth's namespace: link-local v6 would be a path around the v4 rules.
in_ns sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1

# The host reaches engine addresses through the namespace (port preview, exec).
ip route replace "$BERTH_SUBNET" via "$BERTH_NS_IP" dev "$BERTH_VETH_HOST"
log "netns: $BERTH_NETNS up; host $BERTH_HOST_IP, namespace $BERTH_NS_IP, engines $BERTH_SUBNET on $BERTH_BRIDGE"
