#!/usr/bin/env bash
# Runs a command with a private, throw-away PostgreSQL 15 server: initdb into a temporary
# directory, start it on a free loopback port, export JICENG_TEST_PG, run "$@", and stop
# and delete the server afterwards whatever happened.
#   scripts/with-postgres.sh ./build/jiceng_tests
#   PG_TMPDIR=/dev/shm scripts/with-postgres.sh …   # the data directory in memory
# PG_OPTIONS adds server settings, e.g. PG_OPTIONS="-c shared_buffers=2GB" (the benchmarks).
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
[ -x "$PG_BIN/initdb" ] || { echo "PostgreSQL 15 server binaries not found in $PG_BIN (make deps)" >&2; exit 1; }

. "$(dirname "$0")/lib.sh"
port=$(free_port)
# PG_TMPDIR: where the data directory goes (default /tmp). The test targets put it in
# /dev/shm, a memory file system where creating and dropping each test's tables costs less
# (benchmarks keep the disk: a city-scale store would not fit).
dir=$(mktemp -d "${PG_TMPDIR:-/tmp}/jiceng-pg.XXXXXX")
# PostgreSQL refuses to run as root: use the postgres system account when we are root.
as_pg=()
if [ "$(id -u)" = 0 ]; then
  chown postgres:postgres "$dir"
  as_pg=(runuser -u postgres --)
fi

cleanup() {
  "${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT

"${as_pg[@]}" "$PG_BIN/initdb" -D "$dir/data" -U jiceng --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
  || { cat "$dir/initdb.log" >&2; exit 1; }
# A port found free can be taken before the server binds it (another process's outgoing
# connection gets it as its local port): then try another one.
for attempt in 1 2 3 4 5; do
  if "${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200 ${PG_OPTIONS:-}" start >/dev/null; then
    break
  fi
  if [ "$attempt" = 5 ] || ! grep -q 'could not bind\|could not create any TCP/IP sockets' "$dir/server.log"; then
    cat "$dir/server.log" >&2
    exit 1
  fi
  port=$(free_port)
done
"${as_pg[@]}" "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U jiceng jiceng

export JICENG_TEST_PG="postgresql://jiceng@127.0.0.1:$port/jiceng"
echo "PostgreSQL ready at $JICENG_TEST_PG" >&2
"$@"
