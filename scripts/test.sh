#!/usr/bin/env bash
# `npm test`: the whole suite on a fresh Debian machine, as root. Installs what
# is missing (PostgreSQL, Chromium, npm dependencies), starts a throwaway
# PostgreSQL server, then runs static checks, unit and integration tests (on
# PostgreSQL and on the embedded PGlite), and browser tests in Chromium against
# the built site on each database. The sandbox tests run real engines on
# Berth's own Docker daemon, which sandbox/host/setup.sh prepares (as root).
# Ends with one line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

check_node
ensure_packages postgresql chromium fonts-dejavu-core
ensure_node_modules
ensure_sandbox_host

reports=.tmp/reports
rm -rf "$reports" test-results && mkdir -p "$reports"
failed_stages=()

# Runs one stage, remembering a failure but going on, so one run shows everything.
stage() {
	local name=$1
	shift
	log "── $name"
	"$@" || failed_stages+=("$name")
}

vitest() {
	local report=$1
	shift
	npx vitest run --reporter=default --reporter=json --outputFile.json="$reports/$report.json" "$@"
}

pg_dir=$PWD/.tmp/postgres
pg_port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
trap 'scripts/test-postgres.sh stop "$pg_dir"' EXIT
log "starting a throwaway PostgreSQL server on port $pg_port"
TEST_DATABASE_URL=$(scripts/test-postgres.sh start "$pg_dir" "$pg_port") || die "could not start PostgreSQL for the tests"
export TEST_DATABASE_URL BERTH_REQUIRE_POSTGRES=1

stage "format and lint" npm run --silent lint
stage "types (svelte-check)" npm run --silent check
stage "boundaries" npm run --silent boundaries
stage "unit and integration tests" vitest unit-integration --project unit --project integration
stage "sandbox tests (real engines)" vitest sandbox --project sandbox
stage "build" ensure_build
# The browser suite runs once per database: PostgreSQL, then the embedded default.
e2e() { E2E_DATABASE=$1 vitest "e2e-$1" --project e2e; }
stage "browser tests on PostgreSQL" e2e postgres
stage "browser tests on PGlite" e2e pglite

npx tsx scripts/test-summary.ts "$reports" "${failed_stages[@]}"
