#!/usr/bin/env bash
# HTTP throughput of jiceng against nginx serving the same bytes, measured in one run on
# this machine with the same wrk settings. Prints medians and the ratio.
#
#   bench/http.sh                 # defaults: wrk -t2 -c64 -d10s, 3 rounds
#   ROUNDS=5 DURATION=20s bench/http.sh
#
# Both servers log every request to a file (nginx's access_log, jiceng's JSON access log).
# Budget (DESIGN.md): authenticated cached JSON read ≥ 0.7 × nginx.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${JICENG_BIN:-build/jiceng}
BIN=$(realpath "$BIN")
THREADS=${THREADS:-2}
CONNS=${CONNS:-64}
DURATION=${DURATION:-10s}
ROUNDS=${ROUNDS:-3}
for tool in wrk nginx curl; do command -v $tool >/dev/null || { echo "missing $tool (make deps-bench)" >&2; exit 1; }; done

work=$(mktemp -d /tmp/jiceng-bench.XXXXXX)
chmod 755 "$work"
cleanup() {
  [ -n "${jiceng_pid:-}" ] && kill "$jiceng_pid" 2>/dev/null && wait "$jiceng_pid" 2>/dev/null
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

. scripts/lib.sh

# --- jiceng, seeded, with a benchmark account --------------------------------------------
db="sqlite:$work/bench.db"
"$BIN" demo --db "$db" >/dev/null
echo 'Load-test-pass-2024' | "$BIN" user add --db "$db" --username bench --name 压测 --role city_admin --password-stdin --keep-password >/dev/null
jport=$(free_port)
JICENG_ACCESS_LOG="$work/jiceng-access.log" "$BIN" serve --db "$db" --listen "127.0.0.1:$jport" --web "$work/none" >"$work/jiceng.out" 2>&1 &
jiceng_pid=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$jport/healthz" >/dev/null && break; sleep 0.1; done
cookie=$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
  -d '{"username":"bench","password":"Load-test-pass-2024"}' "http://127.0.0.1:$jport/api/auth/login" |
  grep -i '^set-cookie:' | sed 's/^[^:]*: *//; s/;.*//' | tr -d '\r')
[ -n "$cookie" ] || { echo "login failed" >&2; exit 1; }
curl -sf "http://127.0.0.1:$jport/healthz" >"$work/healthz.json"
curl -sf -H "Cookie: $cookie" "http://127.0.0.1:$jport/api/auth/me" >"$work/me.json"

# --- nginx serving the same bytes ------------------------------------------------------
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
    location = /healthz { default_type application/json; alias $work/healthz.json; }
    location = /api/auth/me { default_type application/json; alias $work/me.json; }
  }
}
CONF
nginx -c "$work/nginx.conf" -p "$work/nginx"
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$nport/healthz" >/dev/null && break; sleep 0.1; done
cmp <(curl -s "http://127.0.0.1:$nport/api/auth/me") "$work/me.json" || { echo "nginx serves different bytes" >&2; exit 1; }

rate() {  # rate URL [HEADER]: requests per second reported by wrk
  local args=(-t"$THREADS" -c"$CONNS" -d"$DURATION" --latency)
  [ -n "${2:-}" ] && args+=(-H "$2")
  wrk "${args[@]}" "$1" | awk '/^Requests\/sec/ {print $2}'
}
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

declare -A runs
for round in $(seq 1 "$ROUNDS"); do
  # Alternate the order so that neither server always runs on a warmer machine.
  for target in nginx-healthz jiceng-healthz nginx-me jiceng-me; do
    case $target in
      nginx-healthz) r=$(rate "http://127.0.0.1:$nport/healthz") ;;
      jiceng-healthz) r=$(rate "http://127.0.0.1:$jport/healthz") ;;
      nginx-me) r=$(rate "http://127.0.0.1:$nport/api/auth/me") ;;
      jiceng-me) r=$(rate "http://127.0.0.1:$jport/api/auth/me" "Cookie: $cookie") ;;
    esac
    runs[$target]+="$r "
    echo "round $round  $target  $r req/s"
  done
done

echo
printf '%-44s %10s %10s %7s\n' "endpoint (wrk -t$THREADS -c$CONNS -d$DURATION)" "nginx" "jiceng" "ratio"
for ep in healthz me; do
  n=$(echo ${runs[nginx-$ep]} | tr ' ' '\n' | median)
  j=$(echo ${runs[jiceng-$ep]} | tr ' ' '\n' | median)
  label=$([ $ep = me ] && echo "GET /api/auth/me (authenticated, $(wc -c <"$work/me.json") B)" || echo "GET /healthz ($(wc -c <"$work/healthz.json") B)")
  printf '%-44s %10.0f %10.0f %7.2f\n' "$label" "$n" "$j" "$(awk -v j="$j" -v n="$n" 'BEGIN { print j / n }')"
done
echo "medians of $ROUNDS rounds; both servers log every request to a file"
