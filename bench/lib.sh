# Helpers shared by the store benchmarks (bench/registry.sh, bench/meetings.sh): medians,
# ratios, timing SQL in the sqlite3 and psql shells and requests over HTTP, and a server
# with a logged-in city administrator. Source after `cd` to the repository; set BIN and
# ROUNDS; call bench_start NAME first.
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
  rm -rf "$work"
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
