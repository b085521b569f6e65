#!/usr/bin/env bash
# `npm start`: everything a fresh Debian machine needs, then the site on
# http://localhost:3000. Safe to run again: finished steps are skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

check_node
ensure_node_modules
ensure_build

export PORT="${PORT:-3000}"
log "starting the site (database: ${DATABASE_URL:+\$DATABASE_URL}${DATABASE_URL:-embedded, in ${BERTH_DATA_DIR:-data}/pglite})"
exec node --import tsx web/server/main.ts
