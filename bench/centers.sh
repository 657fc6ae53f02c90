#!/usr/bin/env bash
# Service centers (issue 15), measured in one run on this machine:
#  1. the nearest-center index (build/jiceng_bench_geo): a ~200,000-point grid against
#     2,300 centers, and one question (budgets: ≤ 1 s, ≤ 0.1 ms);
#  2. `GET /api/centers?near=…&limit=10` (public, the demo's 1,109 centers) against nginx
#     serving the same bytes from a file, with the same wrk settings (medians of ROUNDS).
#
#   make bench-centers            # wrk -t2 -c64 -d10s, 3 rounds
#   ROUNDS=5 DURATION=20s bench/centers.sh
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
chmod 755 "$work"

echo "== 1. nearest-center index"
./build/jiceng_bench_geo

echo
echo "== 2. GET /api/centers?near= against nginx"
db="sqlite:$work/bench.db"
"$BIN" demo --db "$db" --members 0 >/dev/null
serve "$db"
query="/api/centers?near=22.5431,114.0579&limit=10"
curl -sf "$url$query" >"$work/near.json"
nport=$(free_port)
mkdir -p "$work/nginx"
cat >"$work/nginx.conf" <<CONF
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log $work/nginx-access.log;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$nport;
    location = /api/centers { default_type application/json; alias $work/near.json; }
  }
}
CONF
nginx -c "$work/nginx.conf" -p "$work/nginx"
trap 'kill "$(cat "$work/nginx.pid")" 2>/dev/null; bench_cleanup' EXIT
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$nport$query" >/dev/null && break; sleep 0.1; done
cmp <(curl -s "http://127.0.0.1:$nport$query") "$work/near.json" || { echo "nginx serves different bytes" >&2; exit 1; }

rate() { wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" "$1" | awk '/^Requests\/sec/ {print $2}'; }
nginx_runs="" jiceng_runs=""
for round in $(seq 1 "$ROUNDS"); do
  n=$(rate "http://127.0.0.1:$nport$query"); nginx_runs+="$n "
  j=$(rate "$url$query"); jiceng_runs+="$j "
  echo "round $round  nginx $n req/s  jiceng $j req/s"
done
n=$(echo $nginx_runs | tr ' ' '\n' | median)
j=$(echo $jiceng_runs | tr ' ' '\n' | median)
printf '\n%-52s %10s %10s %7s\n' "endpoint (wrk -t$THREADS -c$CONNS -d$DURATION)" nginx jiceng ratio
printf '%-52s %10.0f %10.0f %7s\n' "GET /api/centers?near= (10 nearest, $(wc -c <"$work/near.json") B)" "$n" "$j" "$(ratio "$j" "$n")"
echo "medians of $ROUNDS rounds; nginx serves the answer from a file, jiceng computes it"
