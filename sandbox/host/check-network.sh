#!/usr/bin/env bash
# check-network.sh: probe the network policy for real, with two engines and a
# listener on the host. Engines must reach Berth's registry and nothing else
# (not each other, not the host's services, not the outside); the host must
# reach ports inside engines (port preview) and their API on :2375.
# No probe leaves the machine: "outward" is checked on the routing table.
set -euo pipefail
# shellcheck source=config.sh
. "$(dirname "$0")/config.sh"

PORT=${CHECK_PORT:-18765}       # a host service bound to 0.0.0.0
a=berth-neta-$$ b=berth-netb-$$
passed=0 failed=0 listener=
cleanup() {
  if [[ -n $listener ]]; then kill "$listener" 2>/dev/null || true; fi
  for e in "$a" "$b"; do
    bdocker rm -f "$e" >/dev/null 2>&1 || true
    bdocker volume rm "$e-docker" >/dev/null 2>&1 || true
  done
}
trap cleanup EXIT

result() { # result EXPECT NAME STATUS
  if [[ $1 == "$3" ]]; then passed=$((passed + 1)); printf 'ok    %s\n' "$2"
  else failed=$((failed + 1)); printf 'FAIL  %s (expected %s)\n' "$2" "$1"; fi
}
probe() { # probe reach|blocked NAME CMD...: run CMD on the host
  local got=blocked; local expect=$1 name=$2; shift 2
  if "$@" >/dev/null 2>&1; then got=reach; fi
  result "$expect" "$name" "$got"
}
in_engine() { bdocker exec "$1" bash -c "$2"; }
curl_t() { echo "curl -fsS --connect-timeout 1 --max-time 2 $1"; }
# A TCP connect from a nested container. (Debian's busybox 1.35 "wget -T"
# segfaults and its "timeout" does not stop wget: nc -w bounds the connect.)
nested_nc() { echo "docker run --rm busybox nc -w 2 $1 </dev/null"; }

python3 -m http.server "$PORT" --bind 0.0.0.0 >/dev/null 2>&1 &
listener=$!
"$BERTH_HOST_DIR/run-engine.sh" "$a" >/dev/null
"$BERTH_HOST_DIR/run-engine.sh" "$b" >/dev/null
for e in "$a" "$b"; do
  for _ in $(seq 200); do in_engine "$e" 'docker version' >/dev/null 2>&1 && break; sleep 0.05; done
done
ip_a=$(bdocker inspect -f '{{.NetworkSettings.IPAddress}}' "$a")
ip_b=$(bdocker inspect -f '{{.NetworkSettings.IPAddress}}' "$b")
host_ip=$(ip -4 -o route get 1.1.1.1 2>/dev/null | sed -n 's/.* src \([0-9.]*\).*/\1/p')   # no packet sent
echo "engines: $a=$ip_a $b=$ip_b; host listener on 0.0.0.0:$PORT; host address $host_ip"

# Listeners inside B: a plain one in the engine, and a nested nginx published on 8080.
in_engine "$b" 'socat TCP-LISTEN:9000,fork,reuseaddr SYSTEM:"echo hello-from-b" >/dev/null 2>&1 &'
in_engine "$b" 'docker run -d -p 8080:80 nginx >/dev/null 2>&1'
for _ in $(seq 100); do curl -fs --max-time 1 "http://$ip_b:8080/" >/dev/null && break; sleep 0.2; done

probe reach   'host -> registry'                        curl -fsS --max-time 2 "http://$BERTH_REGISTRY/v2/"
# Engines reach the registry gateway (DNAT), which asks for a login: any HTTP answer counts.
probe reach   'engine -> registry gateway'              in_engine "$a" "curl -sS --connect-timeout 1 --max-time 2 -o /dev/null http://$BERTH_REGISTRY/v2/"
probe reach   'nested container -> registry'            in_engine "$a" "$(nested_nc "${BERTH_REGISTRY/:/ }")"
probe blocked 'engine -> host service (link address)'   in_engine "$a" "$(curl_t "http://$BERTH_HOST_IP:$PORT/")"
probe blocked "engine -> host service ($host_ip)"       in_engine "$a" "$(curl_t "http://$host_ip:$PORT/")"
probe blocked 'engine -> gateway 10.213.0.1 (namespace)' in_engine "$a" "$(curl_t "http://$BERTH_GATEWAY:$BERTH_REGISTRY_PORT/v2/")"
probe blocked 'nested container -> host service'        in_engine "$a" "$(nested_nc "$BERTH_HOST_IP $PORT")"
probe blocked 'engine A -> engine B listener'           in_engine "$a" "$(curl_t "telnet://$ip_b:9000") </dev/null"
probe blocked 'engine A -> engine B published port'     in_engine "$a" "$(curl_t "http://$ip_b:8080/")"
probe blocked 'engine A -> engine B API :2375'          in_engine "$a" "$(curl_t "http://$ip_b:2375/_ping")"
probe blocked 'engine A -> engine B ping'               in_engine "$a" "ping -c1 -W1 $ip_b"
ll_b=$(in_engine "$b" "ip -6 -o addr show dev eth0 scope link | awk '{print \$4}' | cut -d/ -f1" 2>/dev/null || true)
if [[ -n $ll_b ]]; then
  probe blocked 'engine A -> engine B over IPv6 link-local' in_engine "$a" "ping -6 -c1 -W1 $ll_b%eth0"
else
  result blocked 'engine A -> engine B over IPv6 (engines have no IPv6 address)' blocked
fi
probe reach   'host -> engine B port 9000 (port preview)'  bash -c "curl -fsS --max-time 2 telnet://$ip_b:9000 </dev/null | grep -q hello-from-b"
probe reach   'host -> nested nginx published in B :8080'  bash -c "curl -fsS --max-time 2 http://$ip_b:8080/ | grep -q 'Welcome to nginx'"
probe reach   'host -> engine B API :2375'                 curl -fsS --max-time 2 "http://$ip_b:2375/_ping"
probe blocked 'nested container in B -> B API :2375'       in_engine "$b" "$(nested_nc "$ip_b 2375")"
probe blocked "namespace has no route outward (route get, no packet)" ip netns exec "$BERTH_NETNS" ip route get 1.1.1.1
probe blocked 'host iptables hold no Berth rule'           bash -c 'iptables -S | grep -q BERTH'

echo "$passed passed, $failed failed"
((failed == 0))
