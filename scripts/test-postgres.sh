#!/usr/bin/env bash
# A throwaway PostgreSQL server for the test suite, run from Debian's packages
# as the `postgres` user (the server refuses to run as root).
#   scripts/test-postgres.sh start DIR PORT   prints a DATABASE_URL for it
#   scripts/test-postgres.sh stop DIR
set -euo pipefail
source "$(dirname "$0")/lib.sh"

action=${1:?start or stop}
dir=${2:?data directory}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bin" ] || die "PostgreSQL is not installed (apt-get install postgresql)"

case "$action" in
start)
	port=${3:?port}
	password=berth-test
	rm -rf "$dir" && mkdir -p "$dir" && chown postgres:postgres "$dir"
	echo "$password" >"$dir.pw" && chown postgres "$dir.pw"
	runuser -u postgres -- "$bin/initdb" -D "$dir/data" -U postgres --pwfile="$dir.pw" \
		--auth-host=scram-sha-256 --auth-local=peer -E UTF8 >"$dir/initdb.log" 2>&1 \
		|| die "initdb failed: $(tail -n 5 "$dir/initdb.log")"
	rm -f "$dir.pw"
	# fsync off: a test database that must survive no crash need not be slowed by one.
	runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
		-o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=200" \
		>/dev/null || die "PostgreSQL did not start: $(tail -n 5 "$dir/server.log")"
	echo "postgres://postgres:$password@127.0.0.1:$port/postgres"
	;;
stop)
	[ -d "$dir/data" ] && runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
	rm -rf "$dir"
	;;
*) die "unknown action: $action" ;;
esac
