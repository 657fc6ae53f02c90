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
. bench/lib.sh
bench_start http

# --- jiceng, seeded, with a logged-in city administrator -----------------------------------
db="sqlite:$work/bench.db"
"$BIN" demo --db "$db" >/dev/null
JICENG_ACCESS_LOG="$work/jiceng-access.log" serve "$db"
curl -sf "$url/healthz" >"$work/healthz.json"
curl -sf -H "Cookie: $cookie" "$url/api/auth/me" >"$work/me.json"

# --- nginx serving the same bytes ------------------------------------------------------
nginx_start /healthz \
  "location = /healthz { default_type application/json; alias $work/healthz.json; }" \
  "location = /api/auth/me { default_type application/json; alias $work/me.json; }"
cmp <(curl -s "http://127.0.0.1:$nport/api/auth/me") "$work/me.json" || { echo "nginx serves different bytes" >&2; exit 1; }

declare -A runs
for round in $(seq 1 "$ROUNDS"); do
  # Alternate the order so that neither server always runs on a warmer machine.
  for target in nginx-healthz jiceng-healthz nginx-me jiceng-me; do
    case $target in
      nginx-healthz) r=$(wrk_rate "http://127.0.0.1:$nport/healthz") ;;
      jiceng-healthz) r=$(wrk_rate "$url/healthz") ;;
      nginx-me) r=$(wrk_rate "http://127.0.0.1:$nport/api/auth/me") ;;
      jiceng-me) r=$(wrk_rate "$url/api/auth/me" "Cookie: $cookie") ;;
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
  printf '%-44s %10.0f %10.0f %7s\n' "$label" "$n" "$j" "$(ratio "$j" "$n")"
done
echo "medians of $ROUNDS rounds; both servers log every request to a file"
