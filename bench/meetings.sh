#!/usr/bin/env bash
# Organizational life at city scale (≈43,000 organizations, 1,000,000 members, five years of
# meetings: ~2M meetings, ~20M attendance rows, 100,000 searchable minutes and 1,000 study
# materials), measured in one run against the same questions asked of the stores directly
# in the sqlite3 and psql shells, written the usual way. Prints medians and ratios.
#
#   scripts/with-postgres.sh bench/meetings.sh     # SQLite and PostgreSQL
#   bench/meetings.sh                              # SQLite only
#   ROUNDS=21 SCALE=city YEARS=5 bench/meetings.sh
#
# What is measured (over HTTP with an authenticated session, the server warmed up):
#   - GET /api/orgs/{id}/meeting-stats?period=<last year> for the root and a street
#     (meetings, first-agenda-item sessions, person-times by status, per month) vs the same
#     counts with a recursive CTE for the subtree;
#   - GET /api/orgs/{id}/compliance?period=<a quarter>&group=children for the root and a
#     street vs the CTE query of the meetings per organization and type it rests on;
#   - GET /api/search?q=… (ranked, snippets, first page, total counted to 10,000) over materials and
#     minutes vs LIKE '%…%' over the same texts (the newest 20 and the count up to 2,001),
#     also within a quarter (from/to);
#   - GET /api/orgs/{id}/readers?period=<last year> (members' study, most time first) for
#     the root and a street vs the same GROUP BY with a recursive CTE.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$(realpath "${JICENG_BIN:-build/jiceng}")
ROUNDS=${ROUNDS:-15}
SCALE=${SCALE:-city}
YEARS=${YEARS:-5}
DOCS=${DOCS:-100000}
for tool in curl sqlite3 python3; do command -v $tool >/dev/null || { echo "missing $tool" >&2; exit 1; }; done

. bench/lib.sh
bench_start meetings
enc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }

year=$(( $(TZ=Asia/Shanghai date +%Y) - 1 ))
period_from="$year-01-01" period_to="$((year + 1))-01-01"
quarter="${year}Q3" q_from="$year-07-01" q_to="$year-10-01"

stats_sql() {
  local c; c=$(sub_cte "$1")
  echo "$c SELECT COUNT(*), SUM(CASE WHEN EXISTS (SELECT 1 FROM meeting_materials mm WHERE mm.meeting_id = m.id) THEN 1 ELSE 0 END) FROM meetings m WHERE m.org_id IN (SELECT id FROM sub) AND m.held_on >= '$period_from' AND m.held_on < '$period_to' AND m.state <> 'planned';"
  echo "$c SELECT substr(m.held_on, 1, 7), a.status, COUNT(*) FROM meeting_attendance a JOIN meetings m ON m.id = a.meeting_id WHERE m.org_id IN (SELECT id FROM sub) AND m.held_on >= '$period_from' AND m.held_on < '$period_to' AND m.state <> 'planned' GROUP BY 1, 2;"
}
compliance_sql() {
  local c; c=$(sub_cte "$1")
  echo "$c SELECT m.org_id, m.type, COUNT(*) FROM meetings m WHERE m.org_id IN (SELECT id FROM sub) AND m.held_on >= '$q_from' AND m.held_on < '$q_to' AND m.state <> 'planned' GROUP BY m.org_id, m.type;"
}
readers_sql() {
  local c; c=$(sub_cte "$1")
  echo "$c SELECT r.member_id, COUNT(*), SUM(r.seconds), COUNT(DISTINCT r.material_id), MAX(r.started_at) FROM material_readings r WHERE r.org_id IN (SELECT id FROM sub) AND r.read_on >= '$period_from' AND r.read_on < '$period_to' GROUP BY r.member_id ORDER BY SUM(r.seconds) DESC LIMIT 10;"
}
search_sql() {  # WORD [SQL CONDITION]: the newest 20 and the number of hits up to 2,001
  local where="(title LIKE '%$1%' OR body LIKE '%$1%')${2:+ AND $2}"
  echo "SELECT id, kind, title FROM search_docs WHERE $where ORDER BY id DESC LIMIT 20;"
  echo "SELECT COUNT(*) FROM (SELECT 1 FROM search_docs WHERE $where LIMIT 2001) s;"
}

serve_warm() {  # STORE-URL
  serve "$1"
  # Warm up: the first question loads the in-memory stats (timed: the cost of a start).
  result[$label.stats.load]=$(secs curl -s -H "Cookie: $cookie" "$url/api/orgs/$root/meeting-stats?period=$year")
  curl -s -o /dev/null -H "Cookie: $cookie" "$url/api/search?q=$(enc 党建)"
}

declare -A result
queries=(党建 加装电梯 堡垒)
run_store() {  # LABEL STORE-URL SHELL TARGET
  label=$1
  local db=$2 shell=$3 target=$4
  echo "== $label: demo --scale $SCALE --meeting-years $YEARS --minutes-docs $DOCS"
  result[$label.demo]=$(secs "$BIN" demo --db "$db" --scale "$SCALE" --meeting-years "$YEARS" --minutes-docs "$DOCS")
  echo "   built in ${result[$label.demo]} s"
  # Statistics for the planners (and on PostgreSQL the visibility map autovacuum would set).
  $shell "$target" "$([ "$shell" = psql_one ] && echo 'VACUUM ANALYZE' || echo ANALYZE)" >/dev/null
  result[$label.counts]=$($shell "$target" "SELECT (SELECT COUNT(*) FROM meetings) || ' meetings, ' || (SELECT COUNT(*) FROM meeting_attendance) || ' attendance rows, ' || (SELECT COUNT(*) FROM search_docs) || ' documents, ' || (SELECT COUNT(*) FROM material_readings) || ' study records'")
  root=$($shell "$target" "SELECT id FROM orgs WHERE parent_id IS NULL")
  street=$($shell "$target" "SELECT id FROM orgs WHERE kind = 'street' AND name LIKE '%粤海%' LIMIT 1")
  serve_warm "$db"
  for level in root street; do
    local id=${!level}
    result[$label.stats.$level.jiceng]=$(http_ms "/api/orgs/$id/meeting-stats?period=$year")
    result[$label.stats.$level.sql]=$(${shell}_ms "$target" "$(stats_sql "$id")")
    result[$label.compliance.$level.jiceng]=$(http_ms "/api/orgs/$id/compliance?period=$quarter&group=children")
    result[$label.compliance.$level.sql]=$(${shell}_ms "$target" "$(compliance_sql "$id")")
    result[$label.readers.$level.jiceng]=$(http_ms "/api/orgs/$id/readers?period=$year")
    result[$label.readers.$level.sql]=$(${shell}_ms "$target" "$(readers_sql "$id")")
  done
  result[$label.compliance.year.jiceng]=$(http_ms "/api/orgs/$root/compliance?period=$year&group=children")
  for q in "${queries[@]}"; do
    result[$label.search.$q.jiceng]=$(http_ms "/api/search?q=$(enc "$q")&size=20")
    result[$label.search.$q.sql]=$(${shell}_ms "$target" "$(search_sql "$q")")
    result[$label.search.$q.total]=$(curl -s -H "Cookie: $cookie" "$url/api/search?q=$(enc "$q")&size=1" | python3 -c 'import sys, json; d = json.load(sys.stdin); print(str(d["total"]) + ("" if d["total_exact"] else "+"))')
  done
  result[$label.search.dated.jiceng]=$(http_ms "/api/search?q=$(enc 党建)&from=$year-07-01&to=$year-09-30&size=20")
  result[$label.search.dated.sql]=$(${shell}_ms "$target" "$(search_sql 党建 "dated BETWEEN '$year-07-01' AND '$year-09-30'")")
  result[$label.search.pinyin.jiceng]=$(http_ms "/api/search?q=dangjian&size=20")
  stop_server
}

run_store sqlite "sqlite:$work/city.db" sqlite_one "$work/city.db"
if [ -n "${JICENG_TEST_PG:-}" ]; then
  run_store postgres "$JICENG_TEST_PG" psql_one "$JICENG_TEST_PG"
fi

echo
echo "Organizational life at scale=$SCALE, $YEARS years, medians of $ROUNDS (ms unless noted); ratio = SQL / jiceng (> 1: jiceng faster)"
for label in sqlite postgres; do
  [ -n "${result[$label.demo]:-}" ] || continue
  echo "[$label] demo build: ${result[$label.demo]} s (${result[$label.counts]}); stats loaded on first use in ${result[$label.stats.load]} s"
  for level in root street; do
    j=${result[$label.stats.$level.jiceng]} c=${result[$label.stats.$level.sql]}
    printf '[%s] meeting-stats %-6s %s: jiceng %8s  SQL %9s  ratio %s\n' "$label" "$level" "$year" "$j" "$c" "$(ratio "$c" "$j")"
    j=${result[$label.compliance.$level.jiceng]} c=${result[$label.compliance.$level.sql]}
    printf '[%s] compliance    %-6s %s: jiceng %8s  SQL %9s  ratio %s\n' "$label" "$level" "$quarter" "$j" "$c" "$(ratio "$c" "$j")"
    j=${result[$label.readers.$level.jiceng]} c=${result[$label.readers.$level.sql]}
    printf '[%s] readers       %-6s %s: jiceng %8s  SQL %9s  ratio %s\n' "$label" "$level" "$year" "$j" "$c" "$(ratio "$c" "$j")"
  done
  printf '[%s] compliance    root   %s: jiceng %8s\n' "$label" "$year" "${result[$label.compliance.year.jiceng]}"
  for q in "${queries[@]}"; do
    j=${result[$label.search.$q.jiceng]} c=${result[$label.search.$q.sql]}
    printf '[%s] search %s (%s hits): jiceng %8s  LIKE %9s  ratio %s\n' "$label" "$q" "${result[$label.search.$q.total]}" "$j" "$c" "$(ratio "$c" "$j")"
  done
  j=${result[$label.search.dated.jiceng]} c=${result[$label.search.dated.sql]}
  printf '[%s] search 党建 in %s: jiceng %8s  LIKE %9s  ratio %s\n' "$label" "$quarter" "$j" "$c" "$(ratio "$c" "$j")"
  printf '[%s] search dangjian (pinyin): jiceng %8s\n' "$label" "${result[$label.search.pinyin.jiceng]}"
done
