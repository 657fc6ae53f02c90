#!/usr/bin/env bash
# Service centers (issue 15), measured in one run on this machine:
#  1. the nearest-center index (build/jiceng_bench_geo): a ~200,000-point grid against
#     2,300 centers, and one question (budgets: ≤ 1 s, ≤ 0.1 ms);
#  2. `GET /api/centers?near=…&limit=10` (public, the demo's 1,109 centers) against nginx
#     serving the same bytes from a file, with the same wrk settings (medians of ROUNDS);
#  3. on PostgreSQL (run under scripts/with-postgres.sh; skipped without it): CONNS
#     residents booking one slot whose last seats go — `POST /api/bookings` attempts per
#     second, the first CONNS of them taking the slot's CONNS seats and the rest answered
#     409 — against PostgreSQL's own loop of the statement that takes a seat
#     (`UPDATE center_slots SET booked = booked + 1 WHERE … AND booked < capacity`, one
#     transaction each, pgbench with as many clients), on the same row, in the same run.
#
#   make bench-centers            # wrk -t2 -c64 -d10s, 3 rounds, PostgreSQL included
#   ROUNDS=5 DURATION=20s scripts/with-postgres.sh bench/centers.sh
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${JICENG_BIN:-build/jiceng}
BIN=$(realpath "$BIN")
THREADS=${THREADS:-2}
CONNS=${CONNS:-64}
DURATION=${DURATION:-10s}
ROUNDS=${ROUNDS:-3}
for tool in wrk nginx curl; do command -v $tool >/dev/null || { echo "missing $tool (make deps-bench)" >&2; exit 1; }; done
. bench/lib.sh
bench_start centers

echo "== 1. nearest-center index"
./build/jiceng_bench_geo

echo
echo "== 2. GET /api/centers?near= against nginx"
db="sqlite:$work/bench.db"
"$BIN" demo --db "$db" --members 0 >/dev/null
serve "$db"
query="/api/centers?near=22.5431,114.0579&limit=10"
curl -sf "$url$query" >"$work/near.json"
nginx_start "$query" "location = /api/centers { default_type application/json; alias $work/near.json; }"
cmp <(curl -s "http://127.0.0.1:$nport$query") "$work/near.json" || { echo "nginx serves different bytes" >&2; exit 1; }

nginx_runs="" jiceng_runs=""
for round in $(seq 1 "$ROUNDS"); do
  n=$(wrk_rate "http://127.0.0.1:$nport$query"); nginx_runs+="$n "
  j=$(wrk_rate "$url$query"); jiceng_runs+="$j "
  echo "round $round  nginx $n req/s  jiceng $j req/s"
done
n=$(echo $nginx_runs | tr ' ' '\n' | median)
j=$(echo $jiceng_runs | tr ' ' '\n' | median)
printf '\n%-52s %10s %10s %7s\n' "endpoint (wrk -t$THREADS -c$CONNS -d$DURATION)" nginx jiceng ratio
printf '%-52s %10.0f %10.0f %7s\n' "GET /api/centers?near= (10 nearest, $(wc -c <"$work/near.json") B)" "$n" "$j" "$(ratio "$j" "$n")"
echo "medians of $ROUNDS rounds; nginx serves the answer from a file, jiceng computes it"

echo
echo "== 3. bookings on the last seats (PostgreSQL) against PostgreSQL's own conditional update"
if [ -z "${JICENG_TEST_PG:-}" ]; then
  echo "skipped: run under scripts/with-postgres.sh (make bench-centers does)"
  exit 0
fi
stop_server
# Residents' accounts have passwords here (the bench signs them in by password, not by
# code): hashed at the test cost, which changes nothing on the booking path.
export JICENG_PASSWORD_HASH_COST=test JICENG_ALLOW_TEST_PASSWORD_HASH=1
pg="${JICENG_TEST_PG%/*}/jiceng_bookings"
psql -X -q "$JICENG_TEST_PG" -c "DROP DATABASE IF EXISTS jiceng_bookings" -c "CREATE DATABASE jiceng_bookings"
"$BIN" demo --db "$pg" --members 0 >/dev/null
serve "$pg"
# A center near the city's centre and a service it offers by appointment to anyone.
center=$(curl -sf "$url/api/centers?near=22.5431,114.0579&limit=1" | jq '.items[0].id')
service=$(curl -sf "$url/api/centers/$center" |
  jq '[.services[] | select(.offering.appointment and .eligibility == "anyone")][0].id')
curl -sf -X PUT -H "Cookie: $cookie" -H 'Content-Type: application/json' \
  -d "{\"seats\":$CONNS,\"min_notice_min\":0,\"horizon_days\":14}" \
  "$url/api/centers/$center/services/$service" >/dev/null
# The first bookable slot from tomorrow on.
start=""
for d in $(seq 1 7); do
  day=$(TZ=Asia/Shanghai date -d "+$d day" +%F)
  start=$(curl -sf "$url/api/centers/$center/slots?service=$service&date=$day" | jq -r '.items[0].start // empty')
  [ -n "$start" ] && break
done
[ -n "$start" ] || { echo "no slot in the coming week at center $center" >&2; exit 1; }
# CONNS residents signed in; each wrk connection books as one of them, again and again.
{
  echo 'local cookies = {'
  for i in $(seq 1 "$CONNS"); do
    echo 'Bench-pass-2024-x' | "$BIN" user add --db "$pg" --username "resident$i" --name "居民$i" \
      --role resident --password-stdin --keep-password >/dev/null
    c=$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
      -d "{\"username\":\"resident$i\",\"password\":\"Bench-pass-2024-x\"}" "$url/api/auth/login" |
      grep -i '^set-cookie:' | sed 's/^[^:]*: *//; s/;.*//' | tr -d '\r')
    [ -n "$c" ] || { echo "resident login failed" >&2; exit 1; }
    echo "  \"$c\","
  done
  echo '}'
  cat <<LUA
local body = '{"center_id":$center,"service_id":$service,"start":"$start"}'
local n = 0
request = function()
  n = n + 1
  return wrk.format("POST", "/api/bookings",
    {["Content-Type"] = "application/json", ["Cookie"] = cookies[(n % #cookies) + 1]}, body)
end
LUA
} >"$work/book.lua"
start_ms=$(($(date -d "$start" +%s) * 1000))
where="center_id = $center AND service_id = $service AND start_at = $start_ms"
echo "UPDATE center_slots SET booked = booked + 1 WHERE $where AND booked < capacity;" >"$work/take.sql"
pgb=$(ls /usr/lib/postgresql/*/bin/pgbench | tail -1)
jiceng_runs="" pg_runs=""
for round in $(seq 1 "$ROUNDS"); do
  j=$(wrk_rate "$url/api/bookings" "" -s "$work/book.lua"); jiceng_runs+="$j "
  p=$("$pgb" -n -c "$CONNS" -j "$THREADS" -T "${DURATION%s}" -f "$work/take.sql" "$pg" 2>/dev/null |
    awk '/^tps/ {print $3; exit}'); pg_runs+="$p "
  echo "round $round  jiceng $j bookings/s  postgresql $p updates/s"
done
# The seats taken are exactly the slot's: the first CONNS bookings and not one more.
read -r booked capacity made < <(psql -X -qtA -F ' ' "$pg" -c \
  "SELECT s.booked, s.capacity, (SELECT COUNT(*) FROM bookings WHERE $where AND status = 'booked') FROM center_slots s WHERE $where")
j=$(echo $jiceng_runs | tr ' ' '\n' | median)
p=$(echo $pg_runs | tr ' ' '\n' | median)
printf '\n%-52s %10s %10s %7s\n' "booking one slot (wrk/pgbench, $CONNS clients, $DURATION)" postgresql jiceng ratio
printf '%-52s %10.0f %10.0f %7s\n' "POST /api/bookings vs its UPDATE alone (per second)" "$p" "$j" "$(ratio "$j" "$p")"
echo "seats: $capacity, taken: $booked, live bookings: $made (must be $CONNS, $CONNS, $CONNS)"
[ "$booked" = "$CONNS" ] && [ "$made" = "$CONNS" ] || { echo "overbooked or lost a booking" >&2; exit 1; }
