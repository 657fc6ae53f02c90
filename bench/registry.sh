#!/usr/bin/env bash
# The registry at city scale (≈43,000 organizations, 1,000,000 members, 16,600 units),
# measured in one run on this machine against the same questions asked of the stores
# directly, written the usual way (recursive CTEs over parent_id), in the sqlite3 and psql
# shells. Prints medians and ratios.
#
#   scripts/with-postgres.sh bench/registry.sh      # SQLite and PostgreSQL
#   bench/registry.sh                               # SQLite only
#   ROUNDS=21 SCALE=city IMPORT_ROWS=1000000 bench/registry.sh
#   IMPORT_ONLY=1 IMPORT_ROUNDS=5 scripts/with-postgres.sh bench/registry.sh   # the import
#
# What is measured:
#   - demo build time: `jiceng demo --scale city` (orgs, units, members with sealed IDs);
#   - subtree statistics (GET /api/orgs/{id}/stats) for the root, a district and a
#     community, over HTTP with an authenticated session, vs the CTE queries for members by
#     status, organizations by kind, unit coverage and units needing an organization;
#   - member search (GET /api/members?q=<pinyin initials>&under=…, first page and total)
#     vs the same filter with a recursive CTE for the subtree;
#   - import of a 1,000,000-row CSV (`jiceng import members`: parsing, checksums, rules,
#     sealing, blind indexes, duplicates, all-or-nothing) vs the shells' raw CSV loaders
#     (sqlite3 .import, psql \copy) into an unindexed table with no checks at all; each
#     import into a fresh store (the demo's organizations, no members), median of
#     IMPORT_ROUNDS (default 3).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$(realpath "${JICENG_BIN:-build/jiceng}")
ROUNDS=${ROUNDS:-15}
SCALE=${SCALE:-city}
IMPORT_ROWS=${IMPORT_ROWS:-1000000}
IMPORT_ROUNDS=${IMPORT_ROUNDS:-3}
for tool in curl sqlite3 node; do command -v $tool >/dev/null || { echo "missing $tool" >&2; exit 1; }; done

. bench/lib.sh
bench_start registry

# --- subtree and search questions, as recursive CTEs -------------------------------------
stats_sql() {
  local c; c=$(sub_cte "$1")
  echo "$c SELECT status, COUNT(*) FROM members WHERE org_id IN (SELECT id FROM sub) GROUP BY status;"
  echo "$c SELECT kind, COUNT(*) FROM orgs WHERE id IN (SELECT id FROM sub) AND status = 'active' GROUP BY kind;"
  echo "$c SELECT type, coverage, instructor IS NULL, COUNT(*) FROM units WHERE org_id IN (SELECT id FROM sub) GROUP BY 1, 2, 3;"
  echo "$c SELECT u.id, u.name, COUNT(*) FROM units u JOIN members m ON m.unit_id = u.id WHERE u.org_id IN (SELECT id FROM sub) AND m.status = 'full' AND u.coverage <> 'own' GROUP BY u.id, u.name HAVING COUNT(*) >= 3 ORDER BY u.id LIMIT 20;"
}
search_sql() {
  local c; c=$(sub_cte "$1")
  echo "$c SELECT * FROM members WHERE org_id IN (SELECT id FROM sub) AND name_initials >= '$2' AND name_initials < '$3' ORDER BY id LIMIT 20;"
  echo "$c SELECT COUNT(*) FROM members WHERE org_id IN (SELECT id FROM sub) AND name_initials >= '$2' AND name_initials < '$3';"
}

serve_warm() {  # STORE-URL
  serve "$1"
  # Warm up: the first reads fill the caches, as a running server's are.
  for p in "/api/orgs/$root/stats" "/api/members?q=zs"; do curl -s -o /dev/null -H "Cookie: $cookie" "$url$p"; done
}

declare -A result
run_store() {  # LABEL STORE-URL SHELL-FN SHELL-TARGET
  local label=$1 db=$2 shell=$3 target=$4
  echo "== $label: demo --scale $SCALE"
  result[$label.demo]=$(secs "$BIN" demo --db "$db" --scale "$SCALE")
  echo "   built in ${result[$label.demo]} s"
  # Planner statistics, as a running PostgreSQL's autovacuum (and SQLite's ANALYZE) keep them:
  # without them both jiceng's and the baseline's plans are guesses after a bulk load.
  $shell "$target" "ANALYZE" >/dev/null
  local q="SELECT id FROM orgs WHERE parent_id IS NULL"
  root=$($shell "$target" "$q" 1)
  district=$($shell "$target" "SELECT id FROM orgs WHERE kind = 'district' AND name LIKE '%南山区%'" 1)
  community=$($shell "$target" "SELECT o.id FROM orgs o JOIN org_member_counts c ON c.org_id IN (SELECT id FROM orgs WHERE parent_id = o.id) WHERE o.kind = 'community' GROUP BY o.id ORDER BY SUM(c.n) DESC LIMIT 1" 1)
  serve_warm "$db"
  for level in root district community; do
    local id=${!level}
    result[$label.stats.$level.jiceng]=$(http_ms "/api/orgs/$id/stats")
    result[$label.stats.$level.cte]=$(${shell}_ms "$target" "$(stats_sql "$id")")
  done
  for level in root district; do
    local id=${!level}
    result[$label.search.$level.jiceng]=$(http_ms "/api/members?q=zs&under=$id&size=20")
    result[$label.search.$level.cte]=$(${shell}_ms "$target" "$(search_sql "$id" zs zt)")
  done
  stop_server
}

if [ -z "${IMPORT_ONLY:-}" ]; then
  run_store sqlite "sqlite:$work/city.db" sqlite_one "$work/city.db"
  if [ -n "${JICENG_TEST_PG:-}" ]; then
    run_store postgres "$JICENG_TEST_PG" psql_one "$JICENG_TEST_PG"
  fi
fi

# --- import ----------------------------------------------------------------------------
echo "== import of $IMPORT_ROWS members, $IMPORT_ROUNDS rounds"
# The CSV names branches by id: one file per store, from its demo's branches (the same
# small demo, same seed, in every round).
"$BIN" demo --db "sqlite:$work/import-orgs.db" --scale small --members 0 >/dev/null
sqlite3 "$work/import-orgs.db" "SELECT id FROM orgs WHERE kind = 'branch' ORDER BY id" >"$work/branches.txt"
node bench/gen-members-csv.mjs "$IMPORT_ROWS" "$work/branches.txt" "$work/members.csv"
staging="CREATE TABLE staging (name TEXT, gender TEXT, ethnicity TEXT, birth_date TEXT, national_id TEXT, mobile TEXT, education TEXT, org_id TEXT, status TEXT, joined_on TEXT, full_on TEXT, work_unit TEXT, hukou TEXT);"
sqlite_import() {
  rm -f "$work"/import.db*; cp "$work/import-orgs.db" "$work/import.db"
  secs "$BIN" import members --db "sqlite:$work/import.db" --file "$work/members.csv"
}
sqlite_raw() {
  rm -f "$work/raw.db"; sqlite3 "$work/raw.db" "$staging"
  secs sqlite3 "$work/raw.db" ".import --csv --skip 1 $work/members.csv staging"
}
result[import.sqlite.jiceng]=$(for _ in $(seq "$IMPORT_ROUNDS"); do sqlite_import; echo; done | median)
result[import.sqlite.raw]=$(for _ in $(seq "$IMPORT_ROUNDS"); do sqlite_raw; echo; done | median)
if [ -n "${JICENG_TEST_PG:-}" ]; then
  base=${JICENG_TEST_PG%/*}
  pg_import() {
    psql -X -q "$JICENG_TEST_PG" -c "DROP DATABASE IF EXISTS jiceng_import" -c "CREATE DATABASE jiceng_import"
    "$BIN" demo --db "$base/jiceng_import" --scale small --members 0 >/dev/null
    secs "$BIN" import members --db "$base/jiceng_import" --file "$work/members-pg.csv"
  }
  pg_raw() {
    psql -X -q "$JICENG_TEST_PG" -c "DROP DATABASE IF EXISTS jiceng_raw" -c "CREATE DATABASE jiceng_raw"
    psql -X -q "$base/jiceng_raw" -c "$staging"
    secs psql -X -q "$base/jiceng_raw" -c "\\copy staging FROM '$work/members-pg.csv' CSV HEADER"
  }
  psql -X -q "$JICENG_TEST_PG" -c "CREATE DATABASE jiceng_orgs"
  "$BIN" demo --db "$base/jiceng_orgs" --scale small --members 0 >/dev/null
  psql -X -qtA "$base/jiceng_orgs" -c "SELECT id FROM orgs WHERE kind = 'branch' ORDER BY id" >"$work/branches-pg.txt"
  node bench/gen-members-csv.mjs "$IMPORT_ROWS" "$work/branches-pg.txt" "$work/members-pg.csv"
  result[import.postgres.jiceng]=$(for _ in $(seq "$IMPORT_ROUNDS"); do pg_import; echo; done | median)
  result[import.postgres.raw]=$(for _ in $(seq "$IMPORT_ROUNDS"); do pg_raw; echo; done | median)
fi

# --- report ----------------------------------------------------------------------------
echo
echo "Registry at scale=$SCALE, medians of $ROUNDS (ms unless noted); ratio = CTE / jiceng (> 1: jiceng faster)"
for label in sqlite postgres; do
  [ -n "${result[$label.demo]:-}" ] || continue
  echo "[$label] demo build: ${result[$label.demo]} s"
  for level in root district community; do
    j=${result[$label.stats.$level.jiceng]} c=${result[$label.stats.$level.cte]}
    printf '[%s] stats %-9s jiceng %8s  CTE %9s  ratio %s\n' "$label" "$level" "$j" "$c" "$(ratio "$c" "$j")"
  done
  for level in root district; do
    j=${result[$label.search.$level.jiceng]} c=${result[$label.search.$level.cte]}
    printf '[%s] search %-8s jiceng %8s  CTE %9s  ratio %s\n' "$label" "$level" "$j" "$c" "$(ratio "$c" "$j")"
  done
done
for label in sqlite postgres; do
  [ -n "${result[import.$label.jiceng]:-}" ] || continue
  j=${result[import.$label.jiceng]} r=${result[import.$label.raw]}
  printf '[%s] import %s rows: jiceng %s s, raw loader %s s (jiceng / raw %s)\n' "$label" "$IMPORT_ROWS" "$j" "$r" "$(ratio "$j" "$r")"
done
