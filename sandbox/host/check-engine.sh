#!/usr/bin/env bash
# shellcheck disable=SC2016 # the checks are scripts run in the engine: $ is theirs
# check-engine.sh: start a fresh engine with the shipped recipe and check, for
# real, what a learner does in it, then the escapes that must fail. Prints one
# line per check and "N passed, N failed"; exits non-zero on any failure.
# Needs setup.sh and sandbox/images/build.sh to have run.
set -euo pipefail
# shellcheck source=config.sh
. "$(dirname "$0")/config.sh"

engine=berth-check-$$
passed=0 failed=0
cleanup() {
  bdocker rm -f "$engine" >/dev/null 2>&1 || true
  bdocker volume rm "$engine-docker" >/dev/null 2>&1 || true
}
trap cleanup EXIT

in_engine() { bdocker exec "$engine" bash -c "$1"; }
# check NAME SCRIPT: SCRIPT (run as root in the engine) must succeed.
check() {
  local out
  if out=$(in_engine "$2" 2>&1); then
    passed=$((passed + 1)); printf 'ok    %s\n' "$1"
  else
    failed=$((failed + 1)); printf 'FAIL  %s\n%s\n' "$1" "$(tail -5 <<<"$out" | sed 's/^/      /')"
  fi
}
# deny NAME SCRIPT: SCRIPT must fail (an escape attempt).
deny() {
  if in_engine "$2" >/dev/null 2>&1; then
    failed=$((failed + 1)); printf 'FAIL  %s (it worked!)\n' "$1"
  else
    passed=$((passed + 1)); printf 'ok    %s (denied)\n' "$1"
  fi
}

"$BERTH_HOST_DIR/run-engine.sh" "$engine" >/dev/null
for _ in $(seq 200); do in_engine 'docker version' >/dev/null 2>&1 && break; sleep 0.05; done

check 'nested docker info answers' 'docker info >/dev/null'
check 'docker run --rm busybox echo hi' '[ "$(docker run --rm busybox echo hi)" = hi ]'
check 'docker pull redis (from the registry mirror)' 'docker pull -q redis >/dev/null'
check 'docker run -d -p 8080:80 nginx, curl it' '
  docker run -d --name web -p 8080:80 nginx >/dev/null
  for i in $(seq 50); do curl -fs localhost:8080 | grep -q "Welcome to nginx" && exit 0; sleep 0.1; done; exit 1'
check 'docker build FROM node:20 (offline)' '
  mkdir -p /root/app && cd /root/app
  printf "console.log(\"built \" + process.version)\n" > index.js
  printf "FROM node:20\nWORKDIR /app\nCOPY index.js .\nRUN node index.js > /app/out.txt\nCMD [\"node\", \"index.js\"]\n" > Dockerfile
  docker build -q -t myapp . >/dev/null && docker run --rm myapp | grep -q "built v20"'
check 'named volume survives container removal' '
  docker run --rm -v data:/data busybox sh -c "echo kept > /data/f"
  [ "$(docker run --rm -v data:/data busybox cat /data/f)" = kept ]'
check 'user-defined network: containers reach each other by name' '
  docker network create appnet >/dev/null
  docker run -d --name pinged --network appnet busybox sleep 60 >/dev/null
  docker run --rm --network appnet busybox ping -c1 -W2 pinged >/dev/null'
check 'docker compose up -d / down --volumes' '
  mkdir -p /root/stack && cd /root/stack
  printf "services:\n  cache:\n    image: redis\n    volumes: [cachedata:/data]\nvolumes:\n  cachedata: {}\n" > compose.yaml
  docker compose up -d >/dev/null 2>&1 && docker compose ps | grep -q Up &&
  docker compose down --volumes >/dev/null 2>&1 && ! docker volume ls -q | grep -q cachedata'
check 'docker exec into redis (runs as redis)' '
  docker run -d --name cache redis >/dev/null
  for i in $(seq 50); do docker exec cache redis-cli ping 2>/dev/null | grep -q PONG && exit 0; sleep 0.1; done; exit 1'
check 'redis: another container connects without a password' '
  docker network create rnet >/dev/null; docker run -d --name r2 --network rnet redis >/dev/null
  for i in $(seq 50); do docker run --rm --network rnet redis redis-cli -h r2 ping 2>/dev/null | grep -q PONG && exit 0; sleep 0.2; done; exit 1'
check 'postgres initialises with POSTGRES_PASSWORD/USER/DB + initdb.d, exec as postgres' '
  mkdir -p /root/init && echo "CREATE TABLE hello (id int); INSERT INTO hello VALUES (42);" > /root/init/01.sql
  docker network create pgnet >/dev/null
  docker run -d --name db --network pgnet -e POSTGRES_PASSWORD=secret -e POSTGRES_USER=app -e POSTGRES_DB=appdb \
    -v /root/init:/docker-entrypoint-initdb.d -p 5432:5432 postgres >/dev/null
  # Ready on TCP, not just on the socket of the temporary init server.
  for i in $(seq 100); do docker exec db pg_isready -h 127.0.0.1 -U app -d appdb >/dev/null 2>&1 && break; sleep 0.2; done
  docker exec -u postgres db psql -U app -d appdb -tAc "select id from hello" | grep -q 42 &&
  docker run --rm --network pgnet -e PGPASSWORD=secret postgres psql -h db -U app -d appdb -tAc "select current_user" | grep -q app &&
  ! docker run --rm --network pgnet -e PGPASSWORD=wrong postgres psql -h db -U app -d appdb -c "select 1" 2>/dev/null'
check 'postgres refuses to start without a password' '
  docker run --name nopw postgres >/dev/null 2>&1; [ "$(docker inspect -f "{{.State.ExitCode}}" nopw)" = 1 ]'
check 'python, node 18, debian, busybox images run' '
  docker run --rm python:3.11 python -c "import sys; assert sys.version_info[:2] == (3, 11)" &&
  docker run --rm node:18 node -e "process.exit(process.version.startsWith(\"v18\") ? 0 : 1)" &&
  docker run --rm debian:bookworm-slim cat /etc/debian_version | grep -q "^12" &&
  docker run --rm node:20-alpine npm --version >/dev/null'
check 'pulling an image Berth lacks fails' '! docker pull no-such-image-here 2>/dev/null'
check 'docker compose shim answers metadata' 'docker compose version | grep -qi compose'
check 'git, curl, nano, vi, bash completion present' 'command -v git curl nano vi >/dev/null && [ -f /usr/share/bash-completion/completions/docker ]'

# Escapes from the engine's root. Each must fail.
deny 'mknod + read the host disk' 'mknod /tmp/hostdisk b 254 0 && head -c1 /tmp/hostdisk'
deny 'mount the host disk' 'mkdir -p /mnt/h && mount /dev/vda /mnt/h'
deny 'reach the host docker socket' 'test -S /var/run/docker.sock && curl -fs --unix-socket /run/berth/docker.sock http://x/_ping'
deny 'write core_pattern' 'echo "|/tmp/x" > /proc/sys/kernel/core_pattern'
deny 'set a cgroup release_agent' 'mkdir -p /tmp/cg && mount -t cgroup -o memory cgroup /tmp/cg && echo /tmp/x > /tmp/cg/release_agent'
deny 'raise own memory limit' 'echo -1 > /sys/fs/cgroup/memory/memory.limit_in_bytes'
deny 'load a kernel module' 'modprobe dummy || insmod /nonexistent.ko'
deny 'privileged nested container mounts the host disk' \
  'docker run --rm --privileged busybox sh -c "mknod /d b 254 0 && mount /d /mnt && ls /mnt/etc"'
# With --pid host a nested container shares the *engine's* pid namespace,
# whose PID 1 is the engine's docker-init, never the host's init.
deny 'nested container with --pid host sees the host init' \
  'docker run --rm --pid host busybox cat /proc/1/cmdline | tr "\0" " " | grep -qv docker-init'
check 'root in the engine is an unprivileged uid on the host' \
  'awk "\$1 == 0 && \$2 != 0 {found=1} END {exit !found}" /proc/self/uid_map'

echo "$passed passed, $failed failed"
((failed == 0))
