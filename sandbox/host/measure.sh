#!/usr/bin/env bash
# shellcheck disable=SC2016 # scripts run in an engine: $ is theirs
# measure.sh [RUNS]: measure, on this machine, what the sandbox's targets are
# about: engine start (docker run -> nested API answers), idle memory of one
# engine, cold pulls from Berth's registry, image sizes and build times.
set -euo pipefail
# shellcheck source=config.sh
. "$(dirname "$0")/config.sh"

runs=${1:-10}
prefix=berth-measure-$$
engines=()
cleanup() {
  for e in "${engines[@]}"; do
    bdocker rm -f "$e" >/dev/null 2>&1 || true
    bdocker volume rm "$e-docker" >/dev/null 2>&1 || true
  done
}
trap cleanup EXIT
now_ms() { echo $(($(date +%s%N) / 1000000)); }
pct() { # pct P < numbers: the P-th percentile (nearest rank)
  sort -n | awk -v p="$1" '{a[NR]=$1} END {i=int((p/100)*NR+0.999); if (i<1) i=1; print a[i]}'
}
start_engine() { # start_engine NAME: prints "run_ms ready_ms"
  local t0 t1 ip
  t0=$(now_ms)
  "$BERTH_HOST_DIR/run-engine.sh" "$1" >/dev/null 2>&1
  t1=$(now_ms)
  engines+=("$1")
  ip=$(bdocker inspect -f '{{.NetworkSettings.IPAddress}}' "$1")
  # As the sandbox service would: poll the nested API from the host.
  until curl -fs --max-time 1 "http://$ip:2375/info" >/dev/null 2>&1; do
    (($(now_ms) - t0 < 30000)) || { echo "engine $1 not ready in 30 s" >&2; return 1; }
    sleep 0.01
  done
  echo "$((t1 - t0)) $(($(now_ms) - t0))"
}

echo "== engine start: docker run -> nested /info answers ($runs runs, sequential)"
: >/tmp/berth-start.$$
for i in $(seq "$runs"); do
  start_engine "$prefix-s$i" >>/tmp/berth-start.$$
done
printf '  docker run:   p50 %s ms  p95 %s ms\n' "$(cut -d' ' -f1 /tmp/berth-start.$$ | pct 50)" "$(cut -d' ' -f1 /tmp/berth-start.$$ | pct 95)"
printf '  ready:        p50 %s ms  p95 %s ms  (min %s, max %s)\n' \
  "$(cut -d' ' -f2 /tmp/berth-start.$$ | pct 50)" "$(cut -d' ' -f2 /tmp/berth-start.$$ | pct 95)" \
  "$(cut -d' ' -f2 /tmp/berth-start.$$ | sort -n | head -1)" "$(cut -d' ' -f2 /tmp/berth-start.$$ | sort -n | tail -1)"
rm -f /tmp/berth-start.$$

echo "== idle memory (cgroup of each engine started above, after 10 s idle)"
sleep 10
for e in "${engines[@]}"; do
  id=$(bdocker inspect -f '{{.Id}}' "$e")
  cg=/sys/fs/cgroup/memory/berth/$id   # daemon.json: "cgroup-parent": "/berth"
  usage=$(cat "$cg/memory.usage_in_bytes")
  rss=$(awk '$1 == "total_rss" {print $2}' "$cg/memory.stat")
  echo "$usage $rss"
done >/tmp/berth-mem.$$
printf '  usage p50 %s MiB, rss p50 %s MiB (memory.usage_in_bytes incl. page cache; total_rss)\n' \
  "$(cut -d' ' -f1 /tmp/berth-mem.$$ | pct 50 | awk '{printf "%.1f", $1/1048576}')" \
  "$(cut -d' ' -f2 /tmp/berth-mem.$$ | pct 50 | awk '{printf "%.1f", $1/1048576}')"
rm -f /tmp/berth-mem.$$
cleanup; engines=()

echo "== cold pulls from Berth's registry (each in a fresh engine, --cpus 1)"
for image in busybox redis nginx python postgres node:18 node:20; do
  e=$prefix-p${image//[:.]/-}
  start_engine "$e" >/dev/null
  ms=$(bdocker exec "$e" bash -c 's=$(date +%s%N); docker pull -q '"$image"' >/dev/null; echo $((($(date +%s%N) - s) / 1000000))')
  printf '  %-10s %6s ms\n' "$image" "$ms"
  bdocker rm -f "$e" >/dev/null; bdocker volume rm "$e-docker" >/dev/null
done
engines=()

echo "== images (size on Berth's daemon; last build times from the build report)"
bdocker images --filter "label=$BERTH_LABEL=true" --format '  {{.Repository}}:{{.Tag}}\t{{.Size}}' | sort
report=$BERTH_STATE/build/build-report.tsv
if [[ -f $report ]]; then
  echo "  last builds:"
  awk -F'\t' '{last[$2]=$3"\t"$4} END {for (n in last) printf "    %-10s %s\n", n, last[n]}' "$report" | sort
fi
