#!/usr/bin/env bash
# Cold start at city scale: the time from launching `jiceng serve` on an existing store to
# the first 200 of the root's meeting-stats (a year) and compliance (a quarter, by child),
# medians over ROUNDS restarts, on SQLite and (with PG_URL) PostgreSQL. The stores are built
# once, outside the repository (≈11 min SQLite, ≈25 min PostgreSQL):
#
#   jiceng demo --db sqlite:/work/bench-data/city.db --scale city --meeting-years 5 --minutes-docs 100000
#   jiceng demo --db postgresql://…/jiceng        --scale city --meeting-years 5 --minutes-docs 100000
#   SQLITE_DB=/work/bench-data/city.db PG_URL=postgresql://…/jiceng ROUNDS=5 bench/coldstart.sh
#
# With the keys the stores were built with (JICENG_PII_KEY, JICENG_AUDIT_KEY; PostgreSQL
# needs the audit key). The first start of a store made before migration 19 recounts the
# facts table once (printed as "first start"); later starts read the table.
#
# Each round: kill the server, drop the OS page cache if we may (else the store is warm in
# it — say which), start `jiceng serve`, log in (retrying while it starts), then ask the
# root's meeting-stats and compliance until each answers 200. Printed: seconds from launch
# to each first 200, to /readyz 200, and the server's own facts load time (/metrics).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$(realpath "${JICENG_BIN:-build/jiceng}")
ROUNDS=${ROUNDS:-5}
for tool in curl python3; do command -v $tool >/dev/null || { echo "missing $tool" >&2; exit 1; }; done
. scripts/lib.sh

work=$(mktemp -d /tmp/jiceng-coldstart.XXXXXX)
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
export JICENG_ACCESS_LOG=""
now() { date +%s.%N; }
since() { awk -v s="$1" -v e="$(now)" 'BEGIN {printf "%.2f", e - s}'; }
median() { sort -g | awk '{a[NR]=$1} END {if (NR == 0) print "nan"; else print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
drop_caches() { sync; { echo 3 >/proc/sys/vm/drop_caches; } 2>/dev/null && echo cold || echo warm; }

year=$(( $(TZ=Asia/Shanghai date +%Y) - 1 ))
quarter="${year}Q3"

# One start: prints "stats compliance ready load_seconds rebuild_seconds".
start_once() {  # STORE-URL USER
  local db=$1 user=$2 port t0 cookie="" code
  port=$(free_port)
  url="http://127.0.0.1:$port"
  t0=$(now)
  "$BIN" serve --db "$db" --listen "127.0.0.1:$port" --web "$work/none" >>"$work/serve.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 6000); do
    cookie=$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
      -d "{\"username\":\"$user\",\"password\":\"Bench-pass-2024-x\"}" "$url/api/auth/login" 2>/dev/null |
      grep -i '^set-cookie:' | sed 's/^[^:]*: *//; s/;.*//' | tr -d '\r') || true
    [ -n "$cookie" ] && break
    sleep 0.05
  done
  [ -n "$cookie" ] || { echo "login failed" >&2; tail "$work/serve.log" >&2; exit 1; }
  local stats="" compliance="" ready=""
  for _ in $(seq 1 6000); do
    code=$(curl -s -o /dev/null -w '%{http_code}' -m 600 -H "Cookie: $cookie" "$url/api/orgs/$root/meeting-stats?period=$year")
    [ "$code" = 200 ] && { stats=$(since "$t0"); break; }
    sleep 0.05
  done
  for _ in $(seq 1 6000); do
    code=$(curl -s -o /dev/null -w '%{http_code}' -m 600 -H "Cookie: $cookie" "$url/api/orgs/$root/compliance?period=$quarter&group=children")
    [ "$code" = 200 ] && { compliance=$(since "$t0"); break; }
    sleep 0.05
  done
  for _ in $(seq 1 6000); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$url/readyz")" = 200 ] && { ready=$(since "$t0"); break; }
    sleep 0.05
  done
  local metrics; metrics=$(curl -s "$url/metrics")
  local load rebuild
  load=$(echo "$metrics" | awk '/^jiceng_facts_load_seconds/ {print $2}')
  rebuild=$(echo "$metrics" | awk '/^jiceng_facts_rebuild_seconds/ {print $2}')
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
  echo "$stats $compliance $ready ${load:-nan} ${rebuild:-nan}"
}

run_store() {  # LABEL STORE-URL ROOT-ID
  local label=$1 db=$2
  root=$3
  local user=cold$RANDOM
  echo 'Bench-pass-2024-x' | "$BIN" user add --db "$db" --username "$user" --name 压测 --role city_admin --password-stdin --keep-password >/dev/null
  echo "== $label ($db), root $root, $ROUNDS rounds"
  local first; first=$(start_once "$db" "$user")
  echo "[$label] first start: stats ${first%% *} s; all (stats compliance ready load rebuild): $first"
  : >"$work/rounds"
  for i in $(seq "$ROUNDS"); do
    local cache; cache=$(drop_caches)
    local r; r=$(start_once "$db" "$user")
    echo "   round $i ($cache page cache): $r"
    echo "$r" >>"$work/rounds"
  done
  for col in 1 2 3 4; do
    awk -v c=$col '{print $c}' "$work/rounds" | median >"$work/m$col"
  done
  printf '[%s] restart, medians of %s: meeting-stats 200 after %s s, compliance 200 after %s s, /readyz 200 after %s s (facts load %s s)\n' \
    "$label" "$ROUNDS" "$(cat "$work/m1")" "$(cat "$work/m2")" "$(cat "$work/m3")" "$(cat "$work/m4")"
}

if [ -n "${SQLITE_DB:-}" ]; then
  export JICENG_AUDIT_CHECKPOINT_FILE=${SQLITE_CHECKPOINTS:-$work/sqlite-checkpoints}
  run_store sqlite "sqlite:$SQLITE_DB" "$(sqlite3 "$SQLITE_DB" 'SELECT id FROM orgs WHERE parent_id IS NULL')"
fi
if [ -n "${PG_URL:-}" ]; then
  export JICENG_AUDIT_CHECKPOINT_FILE=${PG_CHECKPOINTS:-$work/pg-checkpoints}
  run_store postgres "$PG_URL" "$(psql -X -qtA "$PG_URL" -c 'SELECT id FROM orgs WHERE parent_id IS NULL')"
fi
