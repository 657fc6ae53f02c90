# Helpers shared by the benchmarks (bench/*.sh): medians, ratios, timing SQL in the sqlite3
# and psql shells and requests over HTTP, a server with a logged-in city administrator,
# nginx serving fixed bytes as the baseline, and wrk's rate. Source after `cd` to the
# repository; set BIN and ROUNDS (and THREADS, CONNS, DURATION for wrk); call bench_start
# NAME first.
. scripts/lib.sh

# A scratch directory ($work), removed on exit with the server if one runs, and the
# environment every run needs.
bench_start() {  # NAME
  work=$(mktemp -d "/tmp/jiceng-bench-$1.XXXXXX")
  trap bench_cleanup EXIT
  export JICENG_PII_KEY=${JICENG_PII_KEY:-$(head -c32 /dev/urandom | base64)}
  export JICENG_AUDIT_KEY=${JICENG_AUDIT_KEY:-$(head -c32 /dev/urandom | base64)}
  export JICENG_AUDIT_CHECKPOINT_FILE=${JICENG_AUDIT_CHECKPOINT_FILE:-$work/audit-checkpoints}
  export JICENG_ACCESS_LOG=""
}
bench_cleanup() {
  [ -n "${server_pid:-}" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null
  rm -rf "$work"
}

# nginx on a free port ($nport) with the given location blocks, logging every request to a
# file as jiceng does; stopped by bench_cleanup. Waits until PROBE answers.
nginx_start() {  # PROBE-PATH LOCATION...
  local probe=$1
  shift
  chmod 755 "$work"
  nport=$(free_port)
  mkdir -p "$work/nginx"
  {
    cat <<CONF
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log $work/nginx-access.log;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$nport;
CONF
    printf '    %s\n' "$@"
    printf '  }\n}\n'
  } >"$work/nginx.conf"
  nginx -c "$work/nginx.conf" -p "$work/nginx"
  for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$nport$probe" >/dev/null && break; sleep 0.1; done
}

# Requests per second wrk reports for URL (THREADS, CONNS, DURATION), with an optional
# header; more wrk arguments (a -s script) after it.
wrk_rate() {  # URL [HEADER] [WRK-ARG...]
  local url=$1 header=${2:-}
  shift $(($# < 2 ? $# : 2))
  local args=(-t"$THREADS" -c"$CONNS" -d"$DURATION" --latency "$@")
  [ -n "$header" ] && args+=(-H "$header")
  wrk "${args[@]}" "$url" | awk '/^Requests\/sec/ {print $2}'
}

median() { sort -g | awk '{a[NR]=$1} END {if (NR == 0) print "nan"; else print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
ms() { awk '{printf "%.2f", $1}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
secs() { local s; s=$(date +%s.%N); "$@" >/dev/null; awk -v s="$s" -v e="$(date +%s.%N)" 'BEGIN {printf "%.1f", e - s}'; }
sub_cte() { echo "WITH RECURSIVE sub(id) AS (SELECT CAST($1 AS BIGINT) UNION ALL SELECT o.id FROM orgs o JOIN sub ON o.parent_id = sub.id)"; }

# Median over ROUNDS of the summed time of a script's statements, in ms.
sqlite_ms() {  # DBFILE SQL
  local script="$work/q.sql"
  { echo ".timer on"; for _ in $(seq "$ROUNDS"); do echo "$2"; echo "SELECT 'round-end';"; done; } >"$script"
  sqlite3 "$1" <"$script" | awk '/^Run Time/ {t += $4} /^round-end/ {print t * 1000; t = 0}' | median | ms
}
psql_ms() {  # URL SQL
  local script="$work/q.psql"
  { echo '\timing on'; for _ in $(seq "$ROUNDS"); do echo "$2"; echo "SELECT 'round-end';"; done; } >"$script"
  psql -X -q "$1" -f "$script" | awk '/^Time:/ {t += $2} /round-end/ {print t; t = 0}' | median | ms
}
sqlite_one() { sqlite3 "$1" "$2"; }
psql_one() { psql -X -qtA "$1" -c "$2"; }
sqlite_one_ms() { sqlite_ms "$@"; }
psql_one_ms() { psql_ms "$@"; }

http_ms() {  # PATH
  for _ in $(seq "$ROUNDS"); do
    curl -s -o /dev/null -w '%{time_total}\n' -H "Cookie: $cookie" "$url$1"
  done | awk '{print $1 * 1000}' | median | ms
}

# Serves STORE-URL and logs in a new city administrator: sets server_pid, url, cookie.
serve() {  # STORE-URL
  local port; port=$(free_port)
  "$BIN" serve --db "$1" --listen "127.0.0.1:$port" --web "$work/none" >"$work/serve.log" 2>&1 &
  server_pid=$!
  url="http://127.0.0.1:$port"
  for _ in $(seq 1 600); do curl -sf "$url/healthz" >/dev/null && break; sleep 0.1; done
  echo 'Bench-pass-2024-x' | "$BIN" user add --db "$1" --username bench$RANDOM --name 压测 --role city_admin --password-stdin --keep-password >"$work/user.txt"
  local user; user=$(sed -n 's/^user \(bench[0-9]*\) created.*/\1/p' "$work/user.txt")
  cookie=$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
    -d "{\"username\":\"$user\",\"password\":\"Bench-pass-2024-x\"}" "$url/api/auth/login" |
    grep -i '^set-cookie:' | sed 's/^[^:]*: *//; s/;.*//' | tr -d '\r')
  [ -n "$cookie" ] || { echo "login failed" >&2; cat "$work/serve.log" >&2; exit 1; }
}
stop_server() { kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""; }
