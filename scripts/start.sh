#!/usr/bin/env bash
# `npm start`: everything a fresh Debian machine needs, then Berth:
#   - Berth's Docker daemon, network namespace, registry and images (sandbox/host/setup.sh)
#   - the sandbox service on http://127.0.0.1:7070
#   - the site on http://localhost:3000
# Safe to run again: finished steps are skipped. Ctrl-C stops the site and the
# service; learners' engines keep running and are picked up on the next start.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

check_node
ensure_node_modules
ensure_build
ensure_sandbox_host

export PORT="${PORT:-3000}"
export SANDBOX_PORT="${SANDBOX_PORT:-7070}"
export SANDBOX_URL="${SANDBOX_URL:-http://127.0.0.1:$SANDBOX_PORT}"

log "starting the sandbox service"
node --import tsx sandbox/src/main.ts &
sandbox_pid=$!
trap 'kill -TERM "$sandbox_pid" 2>/dev/null; wait "$sandbox_pid" 2>/dev/null' EXIT
wait_for_sandbox "$sandbox_pid"

log "starting the site (database: ${DATABASE_URL:+\$DATABASE_URL}${DATABASE_URL:-embedded, in ${BERTH_DATA_DIR:-data}/pglite})"
node --import tsx web/server/main.ts &
site_pid=$!
trap 'kill -TERM "$site_pid" "$sandbox_pid" 2>/dev/null; wait 2>/dev/null' EXIT INT TERM
# Whichever stops first ends `npm start`: a site without its sandbox is not Berth.
wait -n "$site_pid" "$sandbox_pid"
