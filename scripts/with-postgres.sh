#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL server (Debian's postgresql package) on 127.0.0.1,
# exporting TEST_DATABASE_URL for it; the server and its data folder are removed afterwards.
# Usage: scripts/with-postgres.sh <command...>
set -euo pipefail
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$PGBIN" ] || { echo "PostgreSQL is not installed (apt-get install -y postgresql)" >&2; exit 1; }
PORT=${PGPORT_TEST:-54329}
PGDATA=$(mktemp -d /tmp/convlab-pg.XXXXXX)
as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$1"; else sh -c "$1"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$PGDATA"
as_pg "$PGBIN/initdb -D $PGDATA -U postgres --auth=trust -E UTF8" >/dev/null
as_pg "$PGBIN/pg_ctl -D $PGDATA -l $PGDATA/server.log -o '-c listen_addresses=127.0.0.1 -p $PORT -k $PGDATA -c max_connections=200 -c fsync=off' -w start" >/dev/null
cleanup() { as_pg "$PGBIN/pg_ctl -D $PGDATA -m fast stop" >/dev/null 2>&1 || true; rm -rf "$PGDATA"; }
trap cleanup EXIT
export TEST_DATABASE_URL="postgresql://postgres@127.0.0.1:$PORT/postgres"
"$@"
